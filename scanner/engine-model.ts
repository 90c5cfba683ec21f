/**
 * The engine model: what the Pulumi engine sends a policy pack for the resources a program
 * registers (docs/engine-model.md cites the engine code for each rule). The harness and the
 * scanner both build what they send through `toEngineShapes`.
 *
 *   Analyze       the provider-checked inputs: the program's inputs, the provider's auto-name,
 *                 and the Terraform defaults Check fills in (provider-model.ts).
 *   AnalyzeStack  the outputs. preview: planned, i.e. the checked inputs plus the unknown sentinel
 *                 for every computed output the program did not set (and `id`); update: what
 *                 the provider reports, i.e. ids and ARNs, AWS's own values for unset fields
 *                 (provider-model.ts), and the checked inputs.
 *   Reads         resources read with `.get()` are sent in neither call.
 */
import * as fs from "fs";
import * as path from "path";
import { EngineResource, UNKNOWN_SENTINEL } from "./engine";
import { ACCOUNT_ID, autoName, computedOutputs } from "./mocks";
import { CHECK_DEFAULTS, REPORTED } from "./provider-model";

export type Mode = "preview" | "update";

/** A resource as the program registered it (or read it with `.get()`). */
export interface ProgramResource extends EngineResource {
    /** Read with `.get()`: the engine analyzes none of these. */
    read?: boolean;
    /** Known provider outputs to report in update mode over the modelled ones (tests use it). */
    providerOutputs?: Record<string, unknown>;
}

let computedByType: Record<string, string[]> | undefined;

/** Outputs @pulumi/aws declares as computed or required, per type (generated at build time). */
export function computedOutputKeys(type: string): string[] | undefined {
    if (!computedByType) {
        const file = [path.join(__dirname, "..", "data", "computed-outputs.json"), path.join(__dirname, "..", "bin", "data", "computed-outputs.json")].find(f =>
            fs.existsSync(f),
        );
        computedByType = file ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    }
    return computedByType![type];
}

function isAws(r: EngineResource): boolean {
    return r.custom !== false && r.type.startsWith("aws:");
}

/** Fills `defaults` (dotted paths; `[]` for every element of a list) into `inputs` where absent. */
function fillDefaults(inputs: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
    const out = { ...inputs };
    for (const [p, value] of Object.entries(defaults)) setWhereAbsent(out, p.split("."), value, true);
    return out;
}

function setWhereAbsent(obj: Record<string, unknown>, segments: string[], value: unknown, top: boolean): void {
    const [head, ...rest] = segments;
    const list = head.endsWith("[]");
    const key = list ? head.slice(0, -2) : head;
    if (!rest.length) {
        if (obj[key] === undefined) obj[key] = value;
        return;
    }
    // A nested default applies only inside a block the program set (and that is known).
    const child = obj[key];
    if (list) {
        if (!Array.isArray(child)) return;
        obj[key] = child.map(e => {
            if (!e || typeof e !== "object" || Array.isArray(e)) return e;
            const copy = { ...(e as Record<string, unknown>) };
            setWhereAbsent(copy, rest, value, false);
            return copy;
        });
        return;
    }
    if (!child || typeof child !== "object" || Array.isArray(child)) return;
    const copy = { ...(child as Record<string, unknown>) };
    setWhereAbsent(copy, rest, value, false);
    obj[key] = copy;
    void top;
}

/** Analyze's view: the provider-checked inputs. */
export function checkedInputs(r: EngineResource): Record<string, unknown> {
    if (!isAws(r)) return r.inputs;
    const named = { ...r.inputs, ...autoName(r.type, r.name, r.inputs) };
    const defaults = CHECK_DEFAULTS[r.type];
    return defaults ? fillDefaults(named, defaults) : named;
}

function regionOf(r: EngineResource, byUrn: Map<string, EngineResource>, fallback: string): string {
    const own = r.inputs.region;
    if (typeof own === "string" && own !== UNKNOWN_SENTINEL) return own;
    const prov = r.provider ? byUrn.get(r.provider) : undefined;
    const region = prov?.inputs.region;
    return typeof region === "string" && region !== UNKNOWN_SENTINEL ? region : fallback;
}

/** AnalyzeStack's view at a first preview: planned outputs. */
export function plannedOutputs(r: EngineResource, inputs: Record<string, unknown>): Record<string, unknown> {
    if (!isAws(r)) return { ...r.outputs, ...inputs };
    const out: Record<string, unknown> = { id: UNKNOWN_SENTINEL };
    for (const k of computedOutputKeys(r.type) ?? Object.keys(r.outputs)) if (!(k in inputs)) out[k] = UNKNOWN_SENTINEL;
    return { ...out, ...inputs };
}

/** AnalyzeStack's view after `pulumi up`: what the provider reports. */
export function reportedOutputs(r: ProgramResource, inputs: Record<string, unknown>, region: string): Record<string, unknown> {
    if (!isAws(r)) return { ...r.outputs, ...inputs, ...(r.providerOutputs ?? {}) };
    const computed = computedOutputs(r.type, r.name, inputs, { region, urn: r.urn });
    const reported = REPORTED[r.type]?.(inputs, { accountId: ACCOUNT_ID, region }) ?? {};
    return { id: computed.id, ...computed.outputs, ...reported, ...inputs, ...(r.providerOutputs ?? {}) };
}

export interface ShapeOptions {
    /** The region of a provider that names none (the environment's, for the default provider). */
    region?: string;
}

/** The resources the engine would analyze, in the shapes it sends them. */
export function toEngineShapes(resources: ProgramResource[], mode: Mode, opts: ShapeOptions = {}): EngineResource[] {
    const kept = resources.filter(r => !r.read);
    const byUrn = new Map(kept.map(r => [r.urn, r as EngineResource]));
    return kept.map(r => shape(r, checkedInputs(r), mode, regionOf(r, byUrn, opts.region ?? "us-east-1")));
}

function shape(r: ProgramResource, inputs: Record<string, unknown>, mode: Mode, region: string): EngineResource {
    const { read: _read, providerOutputs: _outputs, ...rest } = r;
    const outputs = mode === "preview" ? plannedOutputs(r, inputs) : reportedOutputs(r, inputs, region);
    return { ...rest, inputs, outputs };
}

/** A resource after a remediation replaced its inputs: the provider then plans from those. */
export function reshape(r: EngineResource, inputs: Record<string, unknown>, mode: Mode, opts: ShapeOptions = {}): EngineResource {
    const region = typeof inputs.region === "string" ? inputs.region : (opts.region ?? "us-east-1");
    return shape(r, inputs, mode, region);
}
