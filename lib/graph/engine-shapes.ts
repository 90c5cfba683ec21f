/**
 * What the real engine's AnalyzeStack shapes mean (docs/engine-model.md has the engine code).
 *
 * AnalyzeStack receives each resource's outputs. At a first `pulumi preview` those are planned:
 * every field the provider computes that the program did not set is the unknown sentinel (a
 * bucket's `versioning`, `policy`, `logging`; a load balancer's `subnetMappings`). After
 * `pulumi up` the provider reports its own values for them (`versioning: {enabled: false}`,
 * SSE-S3 on every bucket). Neither is something the program configured, so a check must read
 * such a field as "not set", the same in both modes; only a value the program set from an output
 * not known yet is "not known yet".
 *
 * The rule, applied to the top-level properties of every stack resource of a known AWS type:
 *   - an output-only attribute (`arn`, `id`, `dnsName`, ...) is read as it is (unknown stays
 *     "not known yet");
 *   - where Analyze ran for the resource in this process, a setting absent from its checked
 *     inputs is "not set" (whatever the output holds);
 *   - otherwise an unknown setting with no property dependency is "not set".
 */
import { generatedTable } from "../data";
import { checkedInputKeys } from "./checked-inputs";
import { UNKNOWN_SENTINELS } from "./values";

let attributesByType: Record<string, string[]> | undefined | null;

/** Output-only properties per type, generated at build time from @pulumi/aws's declarations. */
function attributesOf(type: string): ReadonlySet<string> | undefined {
    if (attributesByType === undefined) {
        // Built without the table (no @pulumi/aws at build time), the rule is not applied.
        attributesByType = generatedTable<Record<string, string[]>>("output-attributes.json") ?? null;
    }
    const list = attributesByType?.[type];
    if (!list) return undefined;
    let set = attributeSets.get(type);
    if (!set) {
        set = new Set(["id", "urn", ...list]);
        attributeSets.set(type, set);
    }
    return set;
}
const attributeSets = new Map<string, ReadonlySet<string>>();

/**
 * The top-level properties of a stack resource that the program did not set, so that readers
 * see them as absent. `props` is the deserialized outputs object.
 */
export function settingsNotSet(
    type: string,
    urn: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, unknown[]>,
): ReadonlySet<string> | undefined {
    const attributes = attributesOf(type);
    if (!attributes || !props || typeof props !== "object") return undefined;
    const inputs = checkedInputKeys(urn);
    let out: Set<string> | undefined;
    for (const key of Object.keys(props)) {
        if (attributes.has(key)) continue;
        const notSet = inputs ? !inputs.has(key) : isSentinel(props[key]) && !(propertyDependencies[key]?.length > 0);
        if (notSet) (out ??= new Set()).add(key);
    }
    return out;
}

function isSentinel(v: unknown): boolean {
    return typeof v === "string" && UNKNOWN_SENTINELS.has(v);
}
