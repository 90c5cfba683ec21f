/**
 * What each resource's Analyze call carried, remembered for the AnalyzeStack call that ends the
 * same operation.
 *
 * The engine sends Analyze the provider-checked inputs (what the program set, plus the provider's
 * defaults) and AnalyzeStack the outputs (at a first preview every computed field the program did
 * not set is unknown; after an update the provider reports its own values for them). Knowing which
 * top-level inputs a resource had is how the pack tells "the program did not set this" from "the
 * program set this from a value not known yet" (see engine-shapes.ts).
 */

const keysByUrn = new Map<string, ReadonlySet<string>>();
// Resources of one type usually carry the same keys: share one set per distinct key list.
const interned = new Map<string, ReadonlySet<string>>();

export function rememberCheckedInputs(urn: string, keys: string[]): void {
    const id = keys.join("\n");
    let set = interned.get(id);
    if (!set) {
        set = new Set(keys);
        interned.set(id, set);
    }
    keysByUrn.set(urn, set);
}

/** The top-level keys of the inputs Analyze received for `urn`, or undefined when it was not analyzed here. */
export function checkedInputKeys(urn: string): ReadonlySet<string> | undefined {
    return keysByUrn.get(urn);
}

/** Called when an AnalyzeStack call has finished: the operation is over. */
export function forgetCheckedInputs(): void {
    keysByUrn.clear();
    interned.clear();
}
