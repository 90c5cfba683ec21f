/**
 * AnalyzeStack in one pass.
 *
 * @pulumi/policy runs a stack policy by deserializing every resource of the request, wrapping it
 * in proxies and building the resource list afresh, once per stack policy (server.js,
 * `makeAnalyzeStackRpcFun`). With ~80 stack policies that loop is most of the cost of a large
 * stack and holds a copy of the stack per policy. This module answers the call the same way, but
 * builds the resource list once and hands the same list to every stack policy in order, so each
 * resource is deserialized once and one copy of the stack is alive; each policy keeps its own
 * name, level, severity and config on every diagnostic, exactly as the SDK reports them.
 *
 * It runs only when every SDK piece it relies on is what it expects (`fastPathSupported`);
 * otherwise, or with AWS_REQUIREMENT_GAPS_PLAIN_SDK=1, the SDK's own handler answers. Sharing
 * one list is safe because no policy writes to what it is given: policies read only through
 * PropertyReader (tests/structure.test.ts forbids raw property access), and the list and its
 * resource objects are frozen. (The properties behind the SDK's proxies cannot be frozen: the
 * proxies hand out wrapped values, which a frozen target forbids.)
 */
import * as path from "path";

export interface ServedPack {
    name: string;
    version: string;
    enforcementLevel: string;
    policies: readonly unknown[];
}

interface SdkPieces {
    deserializeProperties: (struct: unknown, proxySecrets: boolean) => Record<string, unknown>;
    unknownCheckingProxy: (v: unknown) => unknown;
    UnknownValueError: new (...a: never[]) => Error;
    makeAnalyzeResponse: (ds: unknown[], notApplicable: unknown[] | undefined) => unknown;
    asGrpcError: (e: unknown, message?: string) => Error;
    getPulumiType: (f: unknown) => string | undefined;
    PolicyNotApplicable: new () => { setPolicyName(n: string): void; setReason(r: string): void };
}

/**
 * The @pulumi/policy versions whose AnalyzeStack handler (server.js) this module was checked
 * against. Another version takes the SDK's own path until someone compares the two again
 * (tests/stack-call.test.ts fails on an unverified installed version, so an upgrade says so).
 */
export const VERIFIED_SDK_VERSIONS: readonly string[] = ["1.21.0"];

let served: ServedPack | undefined;
let sdk: SdkPieces | null | undefined;
/** The policy config as the SDK keeps it after Configure: name -> properties + enforcementLevel. */
let policyConfig: Record<string, Record<string, unknown>> = {};
let stackTags: ReadonlyMap<string, string> = new Map();
let calls = 0;

/** index.ts: the pack as it is served (the same policies, in the same order). */
export function serveInOnePass(pack: ServedPack): void {
    served = pack;
}

function loadSdk(): SdkPieces | null {
    try {
        const dir = path.dirname(require.resolve("@pulumi/policy/package.json"));
        const deserialize = require(path.join(dir, "deserialize"));
        const proxy = require(path.join(dir, "proxy"));
        const protoutil = require(path.join(dir, "protoutil"));
        const policy = require(path.join(dir, "policy"));
        const analyzerproto = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [dir] }));
        const pieces: SdkPieces = {
            deserializeProperties: (s, p) => deserialize.deserializeProperties(s, p),
            unknownCheckingProxy: proxy.unknownCheckingProxy,
            UnknownValueError: proxy.UnknownValueError,
            makeAnalyzeResponse: protoutil.makeAnalyzeResponse,
            asGrpcError: protoutil.asGrpcError,
            getPulumiType: policy.getPulumiType,
            PolicyNotApplicable: analyzerproto.PolicyNotApplicable,
        };
        const fns = [
            deserialize.deserializeProperties,
            pieces.unknownCheckingProxy,
            pieces.UnknownValueError,
            pieces.makeAnalyzeResponse,
            pieces.asGrpcError,
            pieces.getPulumiType,
            pieces.PolicyNotApplicable,
        ];
        return fns.every(f => typeof f === "function") ? pieces : null;
    } catch {
        return null;
    }
}

/** The installed @pulumi/policy version (its package.json spells it "v1.21.0"). */
export function installedSdkVersion(): string | undefined {
    try {
        const v = require("@pulumi/policy/package.json").version;
        return typeof v === "string" ? v.replace(/^v/, "") : undefined;
    } catch {
        return undefined;
    }
}

/** True when AnalyzeStack is answered in one pass (the SDK is as expected and not turned off). */
export function fastPathSupported(): boolean {
    if (process.env.AWS_REQUIREMENT_GAPS_PLAIN_SDK === "1") return false;
    if (sdk === undefined) sdk = VERIFIED_SDK_VERSIONS.includes(installedSdkVersion() ?? "") ? loadSdk() : null;
    return !!sdk && !!served;
}

/** How many AnalyzeStack calls the one-pass path answered (tests assert it is in use). */
export function onePassCalls(): number {
    return calls;
}

/** Configure, as the SDK reads it (server.js `configure`). */
export function captureConfigure(req: any, convertLevel: (l: unknown) => string): void {
    const config: Record<string, Record<string, unknown>> = {};
    for (const [k, v] of req.getPolicyconfigMap().entries()) {
        const props = v.getProperties()?.toJavaScript() ?? {};
        props.enforcementLevel = convertLevel(v.getEnforcementlevel());
        config[k] = props;
    }
    policyConfig = config;
}

export function captureStackTags(req: any): void {
    const map = new Map<string, string>();
    req.getTagsMap().forEach((v: string, k: string) => map.set(k, v));
    stackTags = map;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function resourceOptions(r: any): Record<string, unknown> {
    const opts = r.getOptions();
    if (!opts) throw new Error("A more recent version of the Pulumi CLI is required.");
    const t = opts.getCustomtimeouts();
    const out: Record<string, unknown> = {
        protect: opts.getProtect(),
        ignoreChanges: opts.getIgnorechangesList(),
        aliases: opts.getAliasesList(),
        customTimeouts: { createSeconds: t?.getCreate() ?? 0, updateSeconds: t?.getUpdate() ?? 0, deleteSeconds: t?.getDelete() ?? 0 },
        additionalSecretOutputs: opts.getAdditionalsecretoutputsList(),
    };
    if (opts.getDeletebeforereplacedefined()) out.deleteBeforeReplace = opts.getDeletebeforereplace();
    if (opts.getParent()) out.parent = opts.getParent();
    return out;
}

/** The resource list the SDK would build for each stack policy, built once. */
function buildResources(req: any, s: SdkPieces): readonly unknown[] {
    const intermediates: { resource: Record<string, any>; parent: string; dependencies: string[]; propertyDependencies: Record<string, string[]> }[] = [];
    const providers = new Map<string, unknown>();
    for (const r of req.getResourcesList()) {
        const type = r.getType();
        const deserialized = s.deserializeProperties(r.getProperties(), false);
        const resource: Record<string, any> = {
            type,
            props: s.unknownCheckingProxy(deserialized),
            urn: r.getUrn(),
            name: r.getName(),
            opts: resourceOptions(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: any) => s.getPulumiType(cls) === type,
            asType: (cls: any) => (s.getPulumiType(cls) === type ? resource.props : undefined),
        };
        const prov = r.getProvider();
        if (prov) {
            // Providers repeat on every resource: one object per provider URN.
            const key = prov.getUrn();
            let p = providers.get(key);
            if (!p) {
                const props = s.deserializeProperties(prov.getProperties(), false);
                p = Object.freeze({ type: prov.getType(), props: s.unknownCheckingProxy(props), urn: key, name: prov.getName() });
                providers.set(key, p);
            }
            resource.provider = p;
        }
        const propertyDependencies: Record<string, string[]> = {};
        const map = r.getPropertydependenciesMap();
        if (map) for (const [k, v] of map.entries()) propertyDependencies[k] = v.getUrnsList();
        intermediates.push({ resource, parent: r.getParent(), dependencies: r.getDependenciesList(), propertyDependencies });
    }
    const byUrn = new Map(intermediates.map(i => [i.resource.urn, i.resource]));
    for (const i of intermediates) {
        if (i.parent) {
            const parent = byUrn.get(i.parent);
            if (parent) i.resource.parent = parent;
        }
        i.resource.dependencies = i.dependencies.map(d => byUrn.get(d)).filter(d => d);
        for (const [k, urns] of Object.entries(i.propertyDependencies)) i.resource.propertyDependencies[k] = urns.map(u => byUrn.get(u)).filter(d => d);
    }
    return Object.freeze(intermediates.map(i => Object.freeze(i.resource)));
}

/**
 * Answers an AnalyzeStack request as @pulumi/policy would, in one pass. Resolves with the
 * response, or rejects with the gRPC error the SDK would send.
 */
export async function analyzeStackInOnePass(req: any): Promise<unknown> {
    const s = sdk!;
    const pack = served!;
    calls++;
    if (process.env.AWS_REQUIREMENT_GAPS_TRACE === "1") process.stderr.write("AnalyzeStack in one pass\n");
    const resources = buildResources(req, s);
    const ds: Record<string, unknown>[] = [];
    let notApplicable: unknown[] | undefined;
    const skip = (name: string, reason?: string) => {
        const na = new s.PolicyNotApplicable();
        na.setPolicyName(name);
        if (reason) na.setReason(reason);
        (notApplicable ??= []).push(na);
    };
    for (const p of pack.policies as Record<string, any>[]) {
        let level = policyConfig[p.name]?.enforcementLevel || p.enforcementLevel || pack.enforcementLevel;
        if (level === "disabled" || typeof p.validateStack !== "function") continue;
        if (level === "remediate") level = "mandatory"; // stack policies cannot remediate
        const pulumiType = s.getPulumiType(p.validateStack);
        if (pulumiType && !(resources as Record<string, any>[]).some(r => r.type === pulumiType)) {
            skip(p.name, `Policy only applies to resources of type '${pulumiType}'`);
            continue;
        }
        const report = (message: unknown, urn?: string) => {
            if (message && typeof message === "object") {
                const m = message as Record<string, unknown>;
                ds.push({
                    policyName: m.name || p.name,
                    policyPackName: pack.name,
                    policyPackVersion: pack.version,
                    message: m.message || m.description || p.description,
                    urn: m.urn,
                    description: m.description || p.description,
                    enforcementLevel: m.enforcementLevel || level,
                    severity: m.severity || p.severity,
                });
            } else {
                ds.push({
                    policyName: p.name,
                    policyPackName: pack.name,
                    policyPackVersion: pack.version,
                    message: message ? `${p.description}\n${message}` : p.description,
                    urn,
                    description: p.description,
                    enforcementLevel: level,
                    severity: p.severity,
                });
            }
        };
        const args = {
            resources,
            getConfig: () => {
                const { enforcementLevel: _level, ...properties } = policyConfig[p.name] ?? {};
                return policyConfig[p.name] ? properties : {};
            },
            stackTags,
            notApplicable: (reason?: string) => {
                throw new NotApplicable(reason);
            },
        };
        try {
            await Promise.resolve(p.validateStack(args, report));
        } catch (e) {
            const from = `policy '${p.name}' from policy pack '${pack.name}@v${pack.version}'`;
            if (e instanceof s.UnknownValueError) {
                const { validateStack: _v, name, ...diag } = p;
                ds.push({
                    policyName: name,
                    policyPackName: pack.name,
                    policyPackVersion: pack.version,
                    message: `can't run ${from} during preview: ${(e as Error).message}`,
                    ...diag,
                    enforcementLevel: "advisory",
                });
            } else if (e instanceof NotApplicable) {
                skip(p.name, e.reason);
            } else {
                throw s.asGrpcError(e, `Error validating resource with ${from}`);
            }
        }
    }
    return s.makeAnalyzeResponse(ds, notApplicable);
}
