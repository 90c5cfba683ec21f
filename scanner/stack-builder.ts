/**
 * Builds planned stacks the way the engine would send them (tests and the benchmark use it):
 * resources, their inputs and references; the builder derives property dependencies, computed
 * outputs, preview unknowns and default providers.
 */
import { EngineResource, UNKNOWN_SENTINEL, secretEnvelope } from "./engine";
import { ProgramResource, checkedInputs, reportedOutputs, toEngineShapes } from "./engine-model";
import { autoName, computedOutputs } from "./mocks";

export type Mode = "preview" | "update";

/** A reference to another resource's output (known in update mode, unknown in preview). */
export class Ref {
    constructor(
        readonly target: TestResource,
        readonly output: string,
        readonly template?: (v: string) => string,
    ) {}
}

/** `ref(bucket, "arn")`, or `ref(bucket, "arn", a => a + "/*")` for an interpolation. */
export function ref(target: TestResource, output = "id", template?: (v: string) => string): Ref {
    return new Ref(target, output, template);
}

/** A value that is unknown in preview with no reference behind it (e.g. an apply over an invoke). */
export const UNKNOWN_IN_PREVIEW = Symbol("unknown-in-preview");
/** A value the engine marks unknown even in update mode (for tests of odd shapes). */
export const UNKNOWN = UNKNOWN_SENTINEL;

/** `pulumi.jsonStringify(doc)`: a JSON string, unknown in preview while any reference in it is. */
export class JsonDoc {
    constructor(readonly doc: unknown) {}
}
export function jsonDoc(doc: unknown): JsonDoc {
    return new JsonDoc(doc);
}

export class Secret {
    constructor(readonly value: unknown) {}
}
export function secret(value: unknown): Secret {
    return new Secret(value);
}

export interface TestResource {
    urn: string;
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    provider?: TestResource;
    parent?: TestResource;
    /** Extra known outputs (merged over the computed ones in update mode). */
    outputs?: Record<string, unknown>;
    custom: boolean;
}

export class TestStack {
    readonly resources: TestResource[] = [];
    readonly root: TestResource;
    readonly defaultProvider: TestResource;

    constructor(
        readonly stackName = "dev",
        readonly project = "test",
        readonly region = "us-west-2",
        providerInputs: Record<string, unknown> = {},
    ) {
        this.root = this.push({
            urn: `urn:pulumi:${stackName}::${project}::pulumi:pulumi:Stack::${project}-${stackName}`,
            type: "pulumi:pulumi:Stack",
            name: `${project}-${stackName}`,
            inputs: {},
            custom: false,
        });
        this.defaultProvider = this.push({
            urn: `urn:pulumi:${stackName}::${project}::pulumi:providers:aws::default_7_48_0`,
            type: "pulumi:providers:aws",
            name: "default_7_48_0",
            inputs: { region, version: "7.48.0", ...providerInputs },
            custom: true,
        });
    }

    private push(r: TestResource): TestResource {
        this.resources.push(r);
        return r;
    }

    /** Adds a custom resource (AWS unless the type says otherwise). */
    add(
        type: string,
        name: string,
        inputs: Record<string, unknown> = {},
        opts: { provider?: TestResource; parent?: TestResource; outputs?: Record<string, unknown> } = {},
    ): TestResource {
        const parent = opts.parent;
        const parentType = parent && parent.type !== "pulumi:pulumi:Stack" ? parent.urn.split("::")[2] + "$" : "";
        return this.push({
            urn: `urn:pulumi:${this.stackName}::${this.project}::${parentType}${type}::${name}`,
            type,
            name,
            inputs,
            provider: opts.provider ?? (type.startsWith("pulumi:") ? undefined : this.defaultProvider),
            parent: parent ?? this.root,
            outputs: opts.outputs,
            custom: true,
        });
    }

    /** An explicit `new aws.Provider(name, { region, ... })`. */
    provider(name: string, inputs: Record<string, unknown>): TestResource {
        return this.push({
            urn: `urn:pulumi:${this.stackName}::${this.project}::pulumi:providers:aws::${name}`,
            type: "pulumi:providers:aws",
            name,
            inputs,
            custom: true,
            parent: this.root,
        });
    }

    component(type: string, name: string): TestResource {
        return this.push({ urn: `urn:pulumi:${this.stackName}::${this.project}::${type}::${name}`, type, name, inputs: {}, custom: false, parent: this.root });
    }

    /**
     * The engine's view of the stack in the given mode (scanner/engine-model.ts: checked inputs
     * for Analyze; planned outputs at preview, reported outputs after update, for AnalyzeStack).
     * `simplified`: the pack's older shapes (raw program inputs; outputs that are the inputs plus
     * the modelled ids and ARNs), for the few tests that need exactly those.
     */
    build(mode: Mode, opts: { simplified?: boolean } = {}): EngineResource[] {
        const regionOf = (r: TestResource) => String((r.provider?.inputs.region as string) ?? this.region);
        const states = new Map<TestResource, Record<string, unknown>>();
        // What a reference to `r` resolves to in update mode: the provider-reported outputs.
        const stateOf = (r: TestResource): Record<string, unknown> => {
            let s = states.get(r);
            if (!s) {
                const inputs = this.render(r.inputs, "update", stateOf, []) as Record<string, unknown>;
                const program = this.programResource(r, inputs, {});
                s = r.custom && !r.type.startsWith("pulumi:") ? reportedOutputs(program, checkedInputs(program), regionOf(r)) : { id: r.name, ...inputs };
                states.set(r, s);
            }
            return s;
        };
        const program = this.resources.map(r => {
            const deps: Record<string, string[]> = {};
            const inputs = this.render(r.inputs, mode, stateOf, [], deps) as Record<string, unknown>;
            return this.programResource(r, inputs, deps);
        });
        if (!opts.simplified) return toEngineShapes(program, mode, { region: this.region });
        return program.map(({ providerOutputs, ...e }) => {
            const inputs = { ...autoName(e.type, e.name, e.inputs), ...e.inputs };
            if (!e.custom || e.type.startsWith("pulumi:")) return { ...e, inputs, outputs: { ...inputs } };
            const computed = computedOutputs(e.type, e.name, inputs, { region: String(e.inputs.region ?? this.region), urn: e.urn });
            const values =
                mode === "preview"
                    ? Object.fromEntries(Object.keys(computed.outputs).map(k => [k, UNKNOWN_SENTINEL]))
                    : { id: computed.id, ...computed.outputs };
            return { ...e, inputs, outputs: { ...values, ...inputs, ...(mode === "update" ? (providerOutputs ?? {}) : {}) } };
        });
    }

    private programResource(r: TestResource, inputs: Record<string, unknown>, deps: Record<string, string[]>): ProgramResource {
        const e: ProgramResource = {
            urn: r.urn,
            type: r.type,
            name: r.name,
            inputs,
            outputs: {},
            custom: r.custom,
            dependencies: [...new Set(Object.values(deps).flat())],
            propertyDependencies: deps,
        };
        if (r.outputs) e.providerOutputs = r.outputs;
        if (r.parent) e.parent = r.parent.urn;
        if (r.provider) e.provider = r.provider.urn;
        return e;
    }

    private render(
        v: unknown,
        mode: Mode,
        stateOf: (r: TestResource) => Record<string, unknown>,
        pathSoFar: string[],
        deps?: Record<string, string[]>,
    ): unknown {
        if (v instanceof Ref) {
            if (deps && pathSoFar.length) {
                const list = (deps[pathSoFar[0]] ??= []);
                if (!list.includes(v.target.urn)) list.push(v.target.urn);
            }
            if (mode === "preview" && !(v.output in (v.target.inputs ?? {})) && !isAutoNamed(v.target, v.output)) return UNKNOWN_SENTINEL;
            const value = stateOf(v.target)[v.output];
            if (value === UNKNOWN_SENTINEL) return UNKNOWN_SENTINEL;
            return v.template ? v.template(String(value)) : value;
        }
        if (v instanceof JsonDoc) {
            // pulumi.jsonStringify / apply(JSON.stringify): unknown as a whole while any part is.
            const inner = this.render(v.doc, mode, stateOf, pathSoFar, deps);
            return JSON.stringify(inner).includes(UNKNOWN_SENTINEL) ? UNKNOWN_SENTINEL : JSON.stringify(inner);
        }
        if (v === UNKNOWN_IN_PREVIEW) return mode === "preview" ? UNKNOWN_SENTINEL : "known-in-update";
        if (v instanceof Secret) return secretEnvelope(this.render(v.value, mode, stateOf, pathSoFar, deps));
        if (Array.isArray(v)) return v.map(e => this.render(e, mode, stateOf, pathSoFar, deps));
        if (v && typeof v === "object") {
            const out: Record<string, unknown> = {};
            for (const [k, e] of Object.entries(v)) {
                const rendered = this.render(e, mode, stateOf, [...pathSoFar, k], deps);
                if (rendered !== undefined) out[k] = rendered;
            }
            return out;
        }
        return v;
    }
}

function isAutoNamed(r: TestResource, output: string): boolean {
    return Object.keys(autoName(r.type, r.name, r.inputs)).includes(output);
}
