/**
 * The stack's resource graph, indexed once per AnalyzeStack call: by URN, by type, by known
 * physical identity (ids, ARNs, names), with reverse links, and a resolver that turns a reference
 * property into the resource(s) it names.
 *
 * Resolution order (see `resolve`):
 *   1. `propertyDependencies`: the engine sends them even while ids and ARNs are unknown;
 *   2. known values matched against the identities of the stack's resources;
 *   3. otherwise "missing" (a known value that names nothing here) or "undecided".
 */
import { ResourceView, toResourceView } from "./resource";
import { PropertyReader, UNKNOWN, containsUnknown } from "./values";

export type Resolution =
    | { status: "found"; targets: ResourceView[] }
    /** Absent, or known values that name no resource of the wanted types in this stack. */
    | { status: "missing"; values: string[] }
    /** Cannot be decided until values are known (or the reference is ambiguous). */
    | { status: "undecided"; reason: string };

/** Output properties that carry a resource's physical identity. */
const IDENTITY_PROPERTIES = ["id", "arn", "bucket", "name", "qualifiedArn", "keyId", "functionName", "repositoryUrl", "invokeArn"];

export interface Link {
    from: ResourceView;
    property: string;
}

/** What a list of reference values names: stack resources, known values from outside, unknowns. */
export interface RefSet {
    targets: ResourceView[];
    /** Known values that name nothing in this stack (distinct). */
    external: string[];
    /** Some value cannot be matched until deployment. */
    unknown: boolean;
}

export class StackGraph {
    readonly resources: ResourceView[];
    private readonly byUrn = new Map<string, ResourceView>();
    private readonly byType = new Map<string, ResourceView[]>();
    private readonly byIdentity = new Map<string, ResourceView[]>();
    private readonly incoming = new Map<string, Link[]>();
    private readonly children = new Map<string, ResourceView[]>();
    private readonly linkCache = new Map<string, Map<string, ResourceView[]>>();

    constructor(resources: ResourceView[]) {
        this.resources = resources;
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            push(this.byType, r.type, r);
            for (const key of IDENTITY_PROPERTIES) {
                const v = r.props.get(key);
                if (typeof v === "string" && v !== "" && this.byIdentity.get(v)?.at(-1) !== r) push(this.byIdentity, v, r);
            }
            for (const [property, urns] of Object.entries(r.propertyDependencies)) {
                for (const urn of urns) push(this.incoming, urn, { from: r, property });
            }
            if (r.parentUrn) push(this.children, r.parentUrn, r);
        }
    }

    /**
     * Points every resource's properties at another policy's copy of the same stack (same URNs,
     * same order), so the previous copy can be collected: @pulumi/policy deserializes the whole
     * stack afresh for each stack policy, and holding the first copy for the whole call doubles
     * the live heap on large stacks. Returns false (nothing changed) when the stacks differ.
     */
    rebind(resources: readonly any[]): boolean {
        if (resources.length !== this.resources.length) return false;
        for (let i = 0; i < resources.length; i++) if (resources[i]?.urn !== this.resources[i].urn) return false;
        for (let i = 0; i < resources.length; i++) {
            const view = this.resources[i];
            view.props = new PropertyReader(resources[i].props, view.props.notSet);
            if (view.provider && resources[i].provider) view.provider.props = new PropertyReader(resources[i].provider.props);
        }
        return true;
    }

    /** Builds a graph from the `resources` argument @pulumi/policy passes a stack policy. */
    static fromPolicyResources(resources: readonly any[]): StackGraph {
        return new StackGraph(resources.map(r => toResourceView(r, { stack: true })));
    }

    get(urn: string): ResourceView | undefined {
        return this.byUrn.get(urn);
    }

    ofType(...types: string[]): ResourceView[] {
        if (types.length === 1) return this.byType.get(types[0]) ?? [];
        const out: ResourceView[] = [];
        for (const t of types) out.push(...(this.byType.get(t) ?? []));
        return out;
    }

    childrenOf(urn: string): ResourceView[] {
        return this.children.get(urn) ?? [];
    }

    /** Resources whose given property (any property when omitted) depends on `target`. */
    referrers(target: ResourceView, fromTypes?: string[], property?: string): ResourceView[] {
        const links = this.incoming.get(target.urn) ?? [];
        const out: ResourceView[] = [];
        for (const l of links) {
            if (fromTypes && !fromTypes.includes(l.from.type)) continue;
            if (property && l.property !== property) continue;
            if (!out.includes(l.from)) out.push(l.from);
        }
        return out;
    }

    /** Resources of the given types whose physical identity (id, ARN, name) equals `value`. */
    byPhysicalIdentity(value: string, types: string[]): ResourceView[] {
        return (this.byIdentity.get(value) ?? []).filter(r => types.includes(r.type));
    }

    /**
     * Resolves the reference held in `path` of `from` to resources of `targetTypes`.
     * A list-valued property may resolve to several targets.
     */
    resolve(from: ResourceView, path: string, targetTypes: string[]): Resolution {
        const top = path.split(/[.[]/)[0];
        const value = from.props.get(path);
        const depTargets = (from.propertyDependencies[top] ?? [])
            .map(u => this.byUrn.get(u))
            .filter((r): r is ResourceView => !!r && targetTypes.includes(r.type));
        const unique = [...new Set(depTargets)];

        if (value === undefined) {
            return unique.length ? { status: "found", targets: unique } : { status: "missing", values: [] };
        }
        const strings: string[] = [];
        collectStrings(value, strings);
        const isList = Array.isArray(value);

        if (containsUnknown(value)) {
            if (unique.length === 1 || (isList && unique.length > 0)) return { status: "found", targets: unique };
            if (unique.length > 1) return { status: "undecided", reason: `${path} could name any of ${unique.map(r => r.name).join(", ")}` };
            // Literal parts may still name something (e.g. a list with one literal and one unknown id).
            return { status: "undecided", reason: `${path} is not known until deployment` };
        }

        const found: ResourceView[] = [];
        const unmatched: string[] = [];
        for (const s of strings) {
            const matches = this.matchIdentity(s, targetTypes);
            const preferred = matches.filter(m => unique.includes(m));
            const pick = preferred.length ? preferred : matches;
            if (pick.length === 1) addOnce(found, pick[0]);
            else if (pick.length > 1) return { status: "undecided", reason: `${path} value matches ${pick.length} resources` };
            else unmatched.push(s);
        }
        if (unmatched.length) {
            // Known ids of resources whose own id is not among their outputs (the engine keeps ids
            // apart from properties): the property dependency says which resource it came from.
            const remaining = unique.filter(r => !found.includes(r));
            if (remaining.length === unmatched.length || (remaining.length === 1 && !isList)) {
                remaining.forEach(r => addOnce(found, r));
            } else if (remaining.length > 0) {
                return { status: "undecided", reason: `${path} values cannot be matched to ${remaining.map(r => r.name).join(", ")}` };
            } else if (!found.length) {
                return { status: "missing", values: unmatched };
            }
        }
        return found.length ? { status: "found", targets: found } : { status: "missing", values: unmatched };
    }

    /**
     * Resolves reference values read from `from` (a list, whose property dependencies are under
     * the top-level property `top`) to resources of `types`. Known identities (ARNs, names) match
     * through the index; ids, which the engine keeps apart from outputs, and values not known yet
     * pair with the property dependencies: every dependency is one of the values, so the same
     * resource named twice counts once and known literals beyond them name resources elsewhere.
     */
    refs(from: ResourceView, top: string, values: readonly unknown[], types: readonly string[]): RefSet {
        const deps = [
            ...new Set((from.propertyDependencies[top] ?? []).map(u => this.byUrn.get(u)).filter((r): r is ResourceView => !!r && types.includes(r.type))),
        ];
        const targets: ResourceView[] = [];
        const unmatched = new Set<string>();
        let unknownCount = 0;
        for (const v of values) {
            if (v === UNKNOWN) {
                unknownCount++;
                continue;
            }
            if (typeof v !== "string" || v === "") continue;
            const m = this.byPhysicalIdentity(v, [...types]);
            if (m.length === 1) {
                if (!targets.includes(m[0])) targets.push(m[0]);
            } else unmatched.add(v);
        }
        const remaining = deps.filter(d => !targets.includes(d));
        const needed = unmatched.size + unknownCount;
        const out: RefSet = { targets, external: [], unknown: false };
        if (needed === 0) return out;
        if (remaining.length === 0) {
            out.external = [...unmatched];
            out.unknown = unknownCount > 0;
            return out;
        }
        targets.push(...remaining);
        if (unmatched.size > remaining.length) out.external = [...unmatched].slice(remaining.length);
        return out;
    }

    private matchIdentity(value: string, types: string[]): ResourceView[] {
        const direct = this.byPhysicalIdentity(value, types);
        if (direct.length) return direct;
        // `arn:...:bucket/*`-style and `${arn}:*` suffixes still name the resource.
        const trimmed = value.replace(/(\/\*|:\*|\/.*)$/, "");
        return trimmed !== value ? this.byPhysicalIdentity(trimmed, types) : [];
    }

    /**
     * Typed links, computed once per graph: for every resource of `fromTypes`, resolve `path` to
     * `targetTypes` and index the sources by target URN ("which BucketVersioning points at this
     * bucket"). Undecided references are listed under `undecided`.
     */
    linksTo(fromTypes: string[], path: string, targetTypes: string[]): LinkIndex {
        const key = `${fromTypes.join(",")}|${path}|${targetTypes.join(",")}`;
        let cached = this.linkCache.get(key) as LinkIndex | undefined;
        if (!cached) {
            const bySource = new Map<string, Resolution>();
            const byTarget = new Map<string, ResourceView[]>();
            const undecided: ResourceView[] = [];
            for (const src of this.ofType(...fromTypes)) {
                const res = this.resolve(src, path, targetTypes);
                bySource.set(src.urn, res);
                if (res.status === "found") for (const t of res.targets) push(byTarget, t.urn, src);
                else if (res.status === "undecided") undecided.push(src);
            }
            cached = Object.assign(byTarget, { undecided, bySource }) as LinkIndex;
            this.linkCache.set(key, cached);
        }
        return cached;
    }
}

export type LinkIndex = Map<string, ResourceView[]> & {
    /** Sources whose reference could not be decided yet. */
    undecided: ResourceView[];
    bySource: Map<string, Resolution>;
};

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
}

function addOnce<T>(list: T[], v: T): void {
    if (!list.includes(v)) list.push(v);
}

function collectStrings(v: unknown, out: string[], depth = 0): void {
    if (depth > 8) return;
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(e => collectStrings(e, out, depth + 1));
}

export { UNKNOWN };
