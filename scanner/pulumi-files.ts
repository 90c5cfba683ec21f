/**
 * Real Pulumi files, read and written without the CLI:
 *
 *   toStackExport     what a scan sent, as a `pulumi stack export` file (version 3): `inputs` is
 *                     what Analyze received, `outputs` what AnalyzeStack received (--save-export)
 *   fromStackExport   a `pulumi stack export` file or a DIY-backend checkpoint (--from-export)
 *   fromPreviewJson   the output of `pulumi preview --json` (--from-preview)
 *
 * Both readers give the resources the engine would analyze for that stack, in the shapes it sends
 * them (docs/engine-model.md): pending deletions and `.get()` reads left out, top-level
 * `__defaults` dropped (the engine's SkipInternalKeys), providers by URN, secrets in the engine's
 * envelope. A secret this machine cannot decrypt stays a secret whose value is not known.
 */
import { createHash } from "crypto";
import { EngineResource, UNKNOWN_SENTINEL, secretEnvelope } from "./engine";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What `pulumi preview --json` prints in place of a secret value. */
const MASKED_SECRET = "[secret]";

export class PulumiFileError extends Error {}

export interface StackFile {
    project: string;
    stack: string;
    /** An export describes a deployed stack (update); a preview, a planned one. */
    mode: "preview" | "update";
    resources: EngineResource[];
    /** What the file could not give (encrypted secrets, rebuilt default providers). */
    warnings: string[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
    return !!v && typeof v === "object" && !Array.isArray(v);
}

/** `urn:pulumi:<stack>::<project>::...` */
function stackAndProject(urn: string): { stack: string; project: string } {
    const m = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(urn);
    return m ? { stack: m[1], project: m[2] } : { stack: "", project: "" };
}

/** A provider reference is `<provider urn>::<provider id>`; the pack keys providers by URN. */
function providerUrn(ref: unknown): string | undefined {
    if (typeof ref !== "string" || !ref) return undefined;
    const cut = ref.lastIndexOf("::");
    return cut > 0 && ref.slice(0, cut).startsWith("urn:pulumi:") ? ref.slice(0, cut) : ref;
}

// ---- writing ------------------------------------------------------------------------------

/** Secret envelopes of the gRPC wire become the state file's plaintext envelope (as `--show-secrets`). */
function toStateValue(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(toStateValue);
    if (!isObject(v)) return v;
    if (v[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(toStateValue(v.value) ?? null) };
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = toStateValue(x);
    return out;
}

/**
 * `mode` "update": every custom resource has an id, as after `pulumi up` (a provider reports none
 * in its outputs; the engine gives it a UUID, here a stable one from its URN). In "preview" an id
 * not known yet is left out, and a provider reference carries the unknown id as at a first preview.
 */
export function toStackExport(resources: EngineResource[], mode: "preview" | "update", time = new Date()): Json {
    const ids = new Map<string, string>();
    for (const r of resources) {
        const id = r.outputs.id;
        if (typeof id === "string" && id !== UNKNOWN_SENTINEL) ids.set(r.urn, id);
        else if (mode === "update" && r.custom !== false) ids.set(r.urn, stableUuid(r.urn));
    }
    return {
        version: 3,
        deployment: {
            manifest: { time: time.toISOString(), magic: "", version: "aws-requirement-gaps scanner" },
            resources: resources.map(r => {
                const custom = r.custom !== false;
                const out: Json = { urn: r.urn, custom };
                if (custom && ids.has(r.urn)) out.id = ids.get(r.urn);
                out.type = r.type;
                out.inputs = toStateValue(r.inputs);
                out.outputs = toStateValue(r.outputs);
                if (r.parent) out.parent = r.parent;
                if (r.provider) out.provider = `${r.provider}::${ids.get(r.provider) ?? UNKNOWN_SENTINEL}`;
                out.dependencies = r.dependencies ?? [];
                if (r.propertyDependencies && Object.keys(r.propertyDependencies).length) out.propertyDependencies = r.propertyDependencies;
                return out;
            }),
        },
    };
}

function stableUuid(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// ---- reading ------------------------------------------------------------------------------

interface ReadState {
    encrypted: number;
    masked: number;
}

/** State-file values to wire values: secret envelopes rewrapped, undecryptable ones not known. */
function fromStateValue(v: unknown, st: ReadState): unknown {
    if (Array.isArray(v)) return v.map(x => fromStateValue(x, st));
    if (v === MASKED_SECRET) {
        st.masked++;
        return secretEnvelope(UNKNOWN_SENTINEL);
    }
    if (!isObject(v)) return v;
    if (v[SIG_KEY] === SECRET_SIG) {
        if (typeof v.plaintext === "string") {
            try {
                return secretEnvelope(fromStateValue(JSON.parse(v.plaintext), st));
            } catch {
                return secretEnvelope(v.plaintext);
            }
        }
        if ("value" in v) return secretEnvelope(fromStateValue(v.value, st));
        st.encrypted++;
        return secretEnvelope(UNKNOWN_SENTINEL);
    }
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromStateValue(x, st);
    return out;
}

/** The engine drops top-level keys that start with `__` (`__defaults`) before an analyzer sees them. */
function properties(v: unknown, st: ReadState): Json {
    if (!isObject(v)) return {};
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith("__")) out[k] = fromStateValue(x, st);
    return out;
}

function stringList(v: unknown): string[] {
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function toEngineResource(s: Json, st: ReadState): EngineResource | undefined {
    if (typeof s.urn !== "string" || typeof s.type !== "string") return undefined;
    const r: EngineResource = {
        urn: s.urn,
        type: s.type,
        name: s.urn.split("::").pop() ?? "",
        inputs: properties(s.inputs, st),
        outputs: properties(s.outputs, st),
        custom: s.custom !== false,
        dependencies: stringList(s.dependencies),
    };
    if (typeof s.parent === "string" && s.parent) r.parent = s.parent;
    const provider = providerUrn(s.provider);
    if (provider) r.provider = provider;
    if (isObject(s.propertyDependencies)) {
        r.propertyDependencies = {};
        for (const [k, deps] of Object.entries(s.propertyDependencies)) r.propertyDependencies[k] = stringList(deps);
    }
    return r;
}

function secretWarnings(st: ReadState): string[] {
    const w: string[] = [];
    if (st.encrypted)
        w.push(
            `${st.encrypted} secret value(s) are encrypted in this file and were judged as not known yet; export with \`pulumi stack export --show-secrets\` for a complete check`,
        );
    if (st.masked) w.push(`${st.masked} secret value(s) are masked as "[secret]" in this file and were judged as not known yet`);
    return w;
}

function parse(text: string, what: string): unknown {
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new PulumiFileError(`${what} is not JSON: ${(e as Error).message}`);
    }
}

/** A `pulumi stack export` file (version 3), or a DIY-backend checkpoint (`{version, checkpoint: {latest}}`). */
export function fromStackExport(text: string): StackFile {
    const doc = parse(text, "the export file");
    if (!isObject(doc) || !("version" in doc)) throw new PulumiFileError("not a `pulumi stack export` file: it has no version");
    if (doc.version !== 3) throw new PulumiFileError(`export version ${String(doc.version)} is not supported (version 3 is, as written by Pulumi 3)`);
    const deployment = isObject(doc.deployment)
        ? doc.deployment
        : isObject(doc.checkpoint) && isObject(doc.checkpoint.latest)
          ? doc.checkpoint.latest
          : undefined;
    if (!deployment) throw new PulumiFileError("not a `pulumi stack export` file: it has no deployment (or checkpoint.latest)");
    if (!Array.isArray(deployment.resources)) throw new PulumiFileError("the export's deployment has no resources list");
    const st: ReadState = { encrypted: 0, masked: 0 };
    const resources: EngineResource[] = [];
    for (const s of deployment.resources) {
        // Pending deletions are not in the stack; `.get()` reads (external) are never analyzed.
        if (!isObject(s) || s.delete === true || s.external === true) continue;
        const r = toEngineResource(s, st);
        if (r) resources.push(r);
    }
    const first = resources[0]?.urn ?? "";
    return { ...stackAndProject(first), mode: "update", resources, warnings: secretWarnings(st) };
}

/** Steps whose new state the engine analyzes (reads and deletions are not). */
const ANALYZED_OPS = new Set(["same", "create", "update", "replace", "create-replacement", "import", "import-replacement"]);

/** The output of `pulumi preview --json`: the new state of every step. */
export function fromPreviewJson(text: string): StackFile {
    const doc = parse(text, "the preview file");
    if (!isObject(doc) || !Array.isArray(doc.steps))
        throw new PulumiFileError("not the output of `pulumi preview --json`: it has no steps (a `pulumi stack export` file goes to --from-export)");
    const st: ReadState = { encrypted: 0, masked: 0 };
    const byUrn = new Map<string, EngineResource>();
    for (const step of doc.steps) {
        if (!isObject(step) || typeof step.op !== "string" || !ANALYZED_OPS.has(step.op) || !isObject(step.newState)) continue;
        const r = toEngineResource(step.newState, st);
        if (r) byUrn.set(r.urn, r);
    }
    const warnings = secretWarnings(st);
    // The display leaves default providers out; rebuild them from the stack's config.
    const config = isObject(doc.config) ? doc.config : {};
    const rebuilt: string[] = [];
    for (const r of [...byUrn.values()]) {
        if (!r.provider || byUrn.has(r.provider)) continue;
        const pkg = /::pulumi:providers:([^:]+)::default/.exec(r.provider)?.[1];
        if (!pkg) continue;
        const inputs: Json = {};
        for (const [k, v] of Object.entries(config)) if (k.startsWith(`${pkg}:`) && typeof v === "string") inputs[k.slice(pkg.length + 1)] = v;
        byUrn.set(r.provider, {
            urn: r.provider,
            type: `pulumi:providers:${pkg}`,
            name: r.provider.split("::").pop() ?? "",
            inputs,
            outputs: { ...inputs },
            custom: true,
            dependencies: [],
        });
        rebuilt.push(r.provider.split("::").pop() ?? "");
    }
    if (rebuilt.length) warnings.push(`default provider(s) ${rebuilt.join(", ")} rebuilt from the stack's config (the preview output leaves them out)`);
    const resources = [...byUrn.values()];
    return { ...stackAndProject(resources[0]?.urn ?? ""), mode: "preview", resources, warnings };
}
