/**
 * Facts about DynamoDB tables.
 */
import { Decision, known } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { containsUnknown } from "../graph/values";

export type TableProtectionGap =
    /** Point-in-time recovery is off; `configured` when a `pointInTimeRecovery` block is there. */
    | { kind: "pitr"; configured: boolean }
    /** `serverSideEncryption.enabled: false`: an AWS owned key. */
    | { kind: "sseDisabled" };

/**
 * What a table lacks of point-in-time recovery and server-side encryption. A certain gap is
 * known even while the other setting is not known yet; with no certain gap, a setting not known
 * yet is "not known yet". Absent encryption is the default (on, an AWS owned key) and no gap.
 */
export function tableProtectionGaps(table: ResourceView): Decision<TableProtectionGap[]> {
    const gaps: TableProtectionGap[] = [];
    const block = read.value(table, "pointInTimeRecovery");
    const pitr = block.kind === "unknown" ? block : read.bool(table, "pointInTimeRecovery.enabled");
    if (pitr.kind !== "unknown" && !(pitr.kind === "known" && pitr.value === true)) gaps.push({ kind: "pitr", configured: block.kind === "known" });
    const sse = read.bool(table, "serverSideEncryption.enabled");
    if (sse.kind === "known" && sse.value === false) gaps.push({ kind: "sseDisabled" });
    if (gaps.length) return known(gaps);
    return pitr.kind === "unknown" ? pitr : sse.kind === "unknown" ? sse : known(gaps);
}

/**
 * The inputs that turn point-in-time recovery on (an in-place update), keeping the rest of the
 * block; undefined when it is on, or when the block holds a value not known yet or a secret (left
 * to the check).
 */
export function pointInTimeRecoveryFix(table: ResourceView): Record<string, unknown> | undefined {
    const block = read.value(table, "pointInTimeRecovery");
    if (block.kind === "notSet") return { pointInTimeRecovery: { enabled: true } };
    if (block.kind === "unknown") return undefined;
    const raw = (table.props.raw as Record<string, unknown> | undefined)?.pointInTimeRecovery;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
    const entries = Object.entries(raw);
    if (entries.some(([, v]) => v !== null && typeof v === "object")) return undefined; // a secret or a nested value
    const plain = block.value as Record<string, unknown>;
    if (containsUnknown(plain)) return undefined;
    if (plain.enabled === true || plain.enabled === "true") return undefined;
    return { pointInTimeRecovery: { ...Object.fromEntries(entries), enabled: true } };
}
