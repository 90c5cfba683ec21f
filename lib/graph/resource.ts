/**
 * The view of one planned resource that every policy reads: identity, typed properties and the
 * links the engine reports (parent, dependencies, property dependencies, provider).
 */
import { settingsNotSet } from "./engine-shapes";
import { Maybe, PropertyReader, UNKNOWN, unwrapProxy } from "./values";

export interface ProviderView {
    urn: string;
    type: string;
    name: string;
    props: PropertyReader;
}

export interface ResourceView {
    urn: string;
    type: string;
    /** The logical name given in the program. */
    name: string;
    props: PropertyReader;
    provider?: ProviderView;
    parentUrn?: string;
    dependencies: string[];
    /** Top-level input property -> URNs of the resources whose outputs flowed into it. */
    propertyDependencies: Record<string, string[]>;
}

/** The stack name is the second part of a URN: urn:pulumi:<stack>::<project>::<type>::<name>. */
export function stackOfUrn(urn: string): string {
    const m = /^urn:pulumi:([^:]*)::/.exec(urn);
    return m ? m[1] : "";
}

/**
 * Converts what @pulumi/policy hands a policy into a ResourceView. `stack`: the resource comes
 * from AnalyzeStack (outputs), where settings the program did not set read as absent.
 */
export function toResourceView(r: any, opts: { stack?: boolean } = {}): ResourceView {
    const view: ResourceView = {
        urn: String(r.urn ?? ""),
        type: String(r.type ?? ""),
        name: String(r.name ?? ""),
        props: new PropertyReader(r.props),
        dependencies: [],
        propertyDependencies: {},
    };
    if (r.provider) {
        view.provider = {
            urn: String(r.provider.urn ?? ""),
            type: String(r.provider.type ?? ""),
            name: String(r.provider.name ?? ""),
            props: new PropertyReader(r.provider.props),
        };
    }
    const parent = r.parent?.urn ?? r.opts?.parent;
    if (typeof parent === "string" && parent) view.parentUrn = parent;
    if (Array.isArray(r.dependencies)) {
        view.dependencies = r.dependencies.map((d: any) => (typeof d === "string" ? d : d?.urn)).filter(Boolean);
    }
    if (r.propertyDependencies && typeof r.propertyDependencies === "object") {
        for (const [k, deps] of Object.entries(r.propertyDependencies)) {
            if (Array.isArray(deps)) {
                view.propertyDependencies[k] = deps.map((d: any) => (typeof d === "string" ? d : d?.urn)).filter(Boolean);
            }
        }
    }
    if (opts.stack) {
        const notSet = settingsNotSet(view.type, view.urn, unwrapProxy(r.props) as Record<string, unknown>, view.propertyDependencies);
        if (notSet) view.props = new PropertyReader(r.props, notSet);
    }
    return view;
}

/**
 * Provider inputs of non-string type travel as JSON strings (the engine hands providers their
 * configuration as strings), so `defaultTags` may be an object or a JSON text.
 */
export function providerSetting(provider: ProviderView | undefined, key: string): unknown {
    if (!provider) return undefined;
    const v = provider.props.get(key);
    if (typeof v === "string" && /^\s*[[{]/.test(v)) {
        try {
            return JSON.parse(v);
        } catch {
            return undefined;
        }
    }
    return v;
}

/** The region a provider deploys to, or UNKNOWN / undefined. */
export function providerRegion(provider: ProviderView | undefined): Maybe<string> {
    const v = providerSetting(provider, "region");
    return v === UNKNOWN || typeof v === "string" ? (v as Maybe<string>) : undefined;
}

/** The provider's `defaultTags.tags` map (tags every resource of that provider receives). */
export function providerDefaultTags(provider: ProviderView | undefined): Maybe<Record<string, unknown>> {
    const v = providerSetting(provider, "defaultTags");
    if (v === UNKNOWN) return UNKNOWN;
    if (v && typeof v === "object" && !Array.isArray(v)) {
        const tags = (v as any).tags;
        if (tags === UNKNOWN) return UNKNOWN;
        if (tags && typeof tags === "object") return tags as Record<string, unknown>;
    }
    return undefined;
}
