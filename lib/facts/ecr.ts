/**
 * Facts about ECR repositories: image scanning on push and tag immutability.
 */
import { Decision, known, notKnownYet } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { containsUnknown } from "../graph/values";

export type RepositoryGap =
    /** No scan on push; `configured` when an `imageScanningConfiguration` block is there. */
    | { kind: "scanOnPush"; configured: boolean }
    /** Mutable tags; `configured` when `imageTagMutability` is set (the default is MUTABLE). */
    | { kind: "mutableTags"; configured: boolean };

const IMMUTABLE = ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"];

/** What a repository lacks; a certain gap is known even while the other setting is not known yet. */
export function repositoryGaps(repo: ResourceView): Decision<RepositoryGap[]> {
    const gaps: RepositoryGap[] = [];
    const pending: string[] = [];
    const block = read.value(repo, "imageScanningConfiguration");
    const scan = read.bool(repo, "imageScanningConfiguration.scanOnPush");
    if (block.kind === "unknown" || scan.kind === "unknown") pending.push("imageScanningConfiguration");
    else if (!(scan.kind === "known" && scan.value === true)) gaps.push({ kind: "scanOnPush", configured: block.kind === "known" });
    const mut = read.value(repo, "imageTagMutability");
    if (mut.kind === "unknown") pending.push("imageTagMutability");
    else if (!(mut.kind === "known" && typeof mut.value === "string" && IMMUTABLE.includes(mut.value.trim().toUpperCase())))
        gaps.push({ kind: "mutableTags", configured: mut.kind === "known" });
    if (!gaps.length && pending.length) return notKnownYet(`${pending.join(" and ")} not known until deployment`);
    return known(gaps);
}

/**
 * The inputs that turn on scan on push and make tags immutable (both in-place updates), for what
 * can be fixed without guessing: a scanning block that holds a value not known yet or a secret is
 * left alone, and so is a mutability other than unset or MUTABLE (MUTABLE_WITH_EXCLUSION's filters
 * would mean the opposite under IMMUTABLE_WITH_EXCLUSION).
 */
export function repositoryFix(repo: ResourceView): Record<string, unknown> | undefined {
    const gaps = repositoryGaps(repo);
    if (gaps.kind !== "known") return undefined;
    const out: Record<string, unknown> = {};
    for (const gap of gaps.value) {
        if (gap.kind === "scanOnPush") {
            const raw = (repo.props.raw as Record<string, unknown> | undefined)?.imageScanningConfiguration;
            if (raw === undefined || raw === null) out.imageScanningConfiguration = { scanOnPush: true };
            else if (typeof raw === "object" && !Array.isArray(raw) && !Object.values(raw).some(v => v !== null && typeof v === "object")) {
                const clean = read.value(repo, "imageScanningConfiguration");
                if (clean.kind === "known" && !containsUnknown(clean.value)) out.imageScanningConfiguration = { ...raw, scanOnPush: true };
            }
        } else {
            const raw = (repo.props.raw as Record<string, unknown> | undefined)?.imageTagMutability;
            if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim().toUpperCase() === "MUTABLE")) out.imageTagMutability = "IMMUTABLE";
        }
    }
    return Object.keys(out).length ? out : undefined;
}
