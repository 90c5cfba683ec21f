/**
 * The engine side of the analyzer protocol: starts a policy pack the way the Pulumi engine does
 * (`node <@pulumi/pulumi>/cmd/run-policy-pack <engine-address> .` in the pack's folder), reads
 * the port from its first line of stdout, and speaks the Analyzer gRPC service to it.
 *
 * Values travel as the engine sends them: unknowns as the engine's sentinel strings and secrets
 * inside the engine's secret envelope (`secretEnvelope`).
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Wraps a value the way the engine marks a secret. */
export function secretEnvelope(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";

export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    /** What `Analyze` sees: the planned inputs. */
    inputs: Record<string, unknown>;
    /** What `AnalyzeStack` sees: the planned state (inputs plus outputs, unknown in preview). */
    outputs: Record<string, unknown>;
    parent?: string;
    /** URN of the provider resource that manages this resource. */
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    custom?: boolean;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: Level;
    urn?: string;
    severity?: string;
}

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: Level;
    severity?: string;
    tags?: string[];
    remediationSteps?: string;
    url?: string;
    framework?: { name: string; version: string; reference: string; specification: string };
    configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
}

export type PolicyConfigInput = Level | ({ enforcementLevel?: Level } & Record<string, unknown>);

export interface StackInfo {
    stack: string;
    project: string;
    organization?: string;
    dryRun: boolean;
    tags?: Record<string, string>;
}

const LEVELS: Level[] = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITIES = ["", "low", "medium", "high", "critical"];

interface Protos {
    grpc: any;
    analyzer: any;
    analyzerRpc: any;
    struct: any;
    empty: any;
    pulumiDir: string;
}

function loadProtos(packDir: string): Protos {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [packDir, __dirname] }));
    const fromPulumi = (m: string) => require(require.resolve(m, { paths: [pulumiDir] }));
    return {
        grpc: fromPulumi("@grpc/grpc-js"),
        analyzer: require(path.join(pulumiDir, "proto", "analyzer_pb")),
        analyzerRpc: require(path.join(pulumiDir, "proto", "analyzer_grpc_pb")),
        struct: fromPulumi("google-protobuf/google/protobuf/struct_pb"),
        empty: fromPulumi("google-protobuf/google/protobuf/empty_pb"),
        pulumiDir,
    };
}

/** A running policy pack process, spoken to over the analyzer protocol. */
export class PolicyPackProcess {
    /** Milliseconds from process start to the port line. */
    readyMs = 0;
    stderr = "";
    private exited = false;

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly p: Protos,
    ) {
        child.on("exit", () => (this.exited = true));
    }

    static async start(packDir: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<PolicyPackProcess> {
        const p = loadProtos(packDir);
        const started = process.hrtime.bigint();
        const child = spawn(process.execPath, [path.join(p.pulumiDir, "cmd", "run-policy-pack"), "127.0.0.1:0", "."], {
            cwd: packDir,
            env: { ...process.env, ...(opts.env ?? {}) },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", d => (stderr += d.toString()));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(
                () => reject(new Error(`policy pack did not print its port within ${opts.timeoutMs ?? 60000} ms\n${stderr}`)),
                opts.timeoutMs ?? 60000,
            );
            child.stdout!.on("data", d => {
                out += d.toString();
                const nl = out.indexOf("\n");
                if (nl >= 0) {
                    clearTimeout(timer);
                    const port = Number(out.slice(0, nl).trim());
                    if (Number.isInteger(port) && port > 0) resolve(port);
                    else reject(new Error(`policy pack printed "${out.slice(0, nl)}" instead of a port\n${stderr}`));
                }
            });
            child.on("exit", code => {
                clearTimeout(timer);
                reject(new Error(`policy pack exited with code ${code} before printing its port\n${stderr}`));
            });
        });
        const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
        const client = new p.analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, p.grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        const pack = new PolicyPackProcess(child, client, p);
        pack.readyMs = readyMs;
        child.stderr!.on("data", d => (pack.stderr += d.toString()));
        pack.stderr = stderr;
        return pack;
    }

    private call<T>(method: string, req: any): Promise<T> {
        return new Promise((resolve, reject) => {
            this.client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res)));
        });
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await this.call<any>("getAnalyzerInfo", new this.p.empty.Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            supportsConfig: info.getSupportsconfig(),
            policies: info.getPoliciesList().map((pi: any) => {
                const schema = pi.getConfigschema();
                return {
                    name: pi.getName(),
                    description: pi.getDescription(),
                    enforcementLevel: LEVELS[pi.getEnforcementlevel()],
                    severity: SEVERITIES[pi.getSeverity?.() ?? 0] || undefined,
                    tags: pi.getTagsList?.() ?? [],
                    remediationSteps: pi.getRemediationSteps?.() || undefined,
                    url: pi.getUrl?.() || undefined,
                    framework: pi.getFramework?.()
                        ? {
                              name: pi.getFramework().getName(),
                              version: pi.getFramework().getVersion(),
                              reference: pi.getFramework().getReference(),
                              specification: pi.getFramework().getSpecification(),
                          }
                        : undefined,
                    configSchema: schema ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } : undefined,
                };
            }),
        };
    }

    /** Sends a reconciled policy config (see `reconcileConfig`), as the engine's Configure call does. */
    async configure(config: PolicyConfig): Promise<void> {
        const req = new this.p.analyzer.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(config)) {
            const pc = new this.p.analyzer.PolicyConfig();
            pc.setEnforcementlevel(LEVELS.indexOf(c.enforcementLevel));
            pc.setProperties(this.p.struct.Struct.fromJavaScript(c.properties));
            map.set(name, pc);
        }
        await this.call("configure", req);
    }

    async configureStack(s: StackInfo): Promise<void> {
        const req = new this.p.analyzer.AnalyzerStackConfigureRequest();
        req.setStack(s.stack);
        req.setProject(s.project);
        req.setOrganization(s.organization ?? "organization");
        req.setDryRun(s.dryRun);
        const tags = req.getTagsMap();
        for (const [k, v] of Object.entries(s.tags ?? {})) tags.set(k, v);
        await this.call("configureStack", req);
    }

    private providerOf(r: EngineResource, byUrn: Map<string, EngineResource>): any {
        if (!r.provider) return undefined;
        const prov = byUrn.get(r.provider);
        if (!prov) return undefined;
        const pr = new this.p.analyzer.AnalyzerProviderResource();
        pr.setType(prov.type);
        pr.setProperties(this.p.struct.Struct.fromJavaScript(prov.inputs));
        pr.setUrn(prov.urn);
        pr.setName(prov.name);
        return pr;
    }

    private options(r: EngineResource): any {
        const o = new this.p.analyzer.AnalyzerResourceOptions();
        o.setProtect(false);
        if (r.parent) o.setParent(r.parent);
        return o;
    }

    /**
     * The engine calls Remediate for every resource before Analyze (step_generator.go). Returns the
     * remediated properties (undefined when no policy changed them) and any diagnostics.
     */
    async remediate(r: EngineResource, byUrn: Map<string, EngineResource>): Promise<RemediateResult> {
        const res = await this.call<any>("remediate", this.analyzeRequest(r, byUrn));
        const out: RemediateResult = { remediations: [] };
        for (const rem of res.getRemediationsList()) {
            const props = rem.getProperties();
            out.remediations.push({
                policyName: rem.getPolicyname(),
                description: rem.getDescription(),
                diagnostic: rem.getDiagnostic() || undefined,
                properties: props ? props.toJavaScript() : undefined,
            });
        }
        const last = [...out.remediations].reverse().find(x => x.properties && !x.diagnostic);
        if (last) out.properties = last.properties;
        return out;
    }

    async analyze(r: EngineResource, byUrn: Map<string, EngineResource>): Promise<Diagnostic[]> {
        return this.send("analyze", this.analyzeRequest(r, byUrn));
    }

    async analyzeStack(resources: EngineResource[], byUrn: Map<string, EngineResource>): Promise<Diagnostic[]> {
        return this.send("analyzeStack", this.analyzeStackRequest(resources, byUrn));
    }

    /** Sends a prepared Analyze / AnalyzeStack request (the benchmark times only this part). */
    async send(method: "analyze" | "analyzeStack", req: unknown): Promise<Diagnostic[]> {
        return this.diagnostics(await this.call(method, req));
    }

    /** Sends a prepared request and returns the response as protobuf's plain object (tests compare whole responses). */
    async sendRaw(method: "analyze" | "analyzeStack", req: unknown): Promise<Record<string, unknown>> {
        const res = await this.call<any>(method, req);
        return res.toObject();
    }

    analyzeRequest(r: EngineResource, byUrn: Map<string, EngineResource>): unknown {
        const req = new this.p.analyzer.AnalyzeRequest();
        req.setType(r.type);
        req.setProperties(this.p.struct.Struct.fromJavaScript(r.inputs));
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setOptions(this.options(r));
        const prov = this.providerOf(r, byUrn);
        if (prov) req.setProvider(prov);
        return req;
    }

    analyzeStackRequest(resources: EngineResource[], byUrn: Map<string, EngineResource>): unknown {
        const req = new this.p.analyzer.AnalyzeStackRequest();
        const list = resources.map(r => {
            const ar = new this.p.analyzer.AnalyzerResource();
            ar.setType(r.type);
            ar.setProperties(this.p.struct.Struct.fromJavaScript(r.outputs));
            ar.setUrn(r.urn);
            ar.setName(r.name);
            ar.setOptions(this.options(r));
            const prov = this.providerOf(r, byUrn);
            if (prov) ar.setProvider(prov);
            if (r.parent) ar.setParent(r.parent);
            ar.setDependenciesList(r.dependencies ?? []);
            const pd = ar.getPropertydependenciesMap();
            for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                const deps = new this.p.analyzer.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                pd.set(k, deps);
            }
            return ar;
        });
        req.setResourcesList(list);
        return req;
    }

    private diagnostics(res: any): Diagnostic[] {
        return res.getDiagnosticsList().map((d: any) => {
            const diag: Diagnostic = {
                policyName: d.getPolicyname(),
                policyPackName: d.getPolicypackname(),
                policyPackVersion: d.getPolicypackversion(),
                description: d.getDescription(),
                message: d.getMessage(),
                enforcementLevel: LEVELS[d.getEnforcementlevel()],
            };
            if (d.getUrn()) diag.urn = d.getUrn();
            const sev = SEVERITIES[d.getSeverity?.() ?? 0];
            if (sev) diag.severity = sev;
            return diag;
        });
    }

    get running(): boolean {
        return !this.exited;
    }

    /** Peak resident memory of the pack process in KiB (Linux), or undefined. */
    peakRssKiB(): number | undefined {
        try {
            const status = require("fs").readFileSync(`/proc/${this.child.pid}/status`, "utf8") as string;
            const m = /VmHWM:\s+(\d+)\s+kB/.exec(status);
            return m ? Number(m[1]) : undefined;
        } catch {
            return undefined;
        }
    }

    async stop(): Promise<void> {
        try {
            this.client.close();
        } catch {
            /* already closed */
        }
        if (!this.exited) {
            await new Promise<void>(resolve => {
                this.child.once("exit", () => resolve());
                this.child.kill("SIGTERM");
                setTimeout(() => {
                    if (!this.exited) this.child.kill("SIGKILL");
                }, 2000).unref();
            });
        }
    }
}

export type PolicyConfig = Record<string, { enforcementLevel: Level; properties: Record<string, unknown> }>;

/** A `--policy-pack-config` the engine would refuse before any analysis (pkg/resource/analyzer/config.go). */
export class PolicyConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`policy pack configuration is invalid:\n  ${problems.join("\n  ")}`);
    }
}

/**
 * What the engine sends in Configure (pkg/resource/analyzer/config.go, ReconcilePolicyPackConfig):
 * every policy, with its default level and the top-level `default` of each config property, then
 * `all` (a level for every policy), then each named policy's level and properties. The result is
 * validated against each policy's schema; an invalid config stops the operation before analysis.
 * Unlike the engine, a name that is no policy of the pack is refused too (a typo would otherwise
 * pass silently).
 */
export function reconcileConfig(config: Record<string, PolicyConfigInput>, policies: PolicyInfo[], opts: { validate?: boolean } = {}): PolicyConfig {
    const out: PolicyConfig = {};
    for (const p of policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (schema && typeof schema === "object" && "default" in schema) properties[k] = (schema as { default: unknown }).default;
        }
        out[p.name] = { enforcementLevel: p.enforcementLevel, properties };
    }
    const split = (c: PolicyConfigInput) => {
        if (typeof c === "string") return { level: c as Level | undefined, props: {} as Record<string, unknown> };
        const { enforcementLevel, ...props } = c ?? {};
        return { level: enforcementLevel, props };
    };
    const problems: string[] = [];
    const checkLevel = (name: string, level: Level | undefined) => {
        if (level !== undefined && !LEVELS.includes(level)) problems.push(`${name}: unknown enforcement level "${level}"`);
        return level !== undefined && LEVELS.includes(level);
    };
    if (config.all !== undefined) {
        const all = split(config.all);
        if (checkLevel("all", all.level)) for (const name of Object.keys(out)) out[name].enforcementLevel = all.level!;
    }
    for (const [name, c] of Object.entries(config)) {
        if (name === "all") continue;
        if (!out[name]) {
            problems.push(`"${name}" is not a policy of this pack`);
            continue;
        }
        const own = split(c);
        if (checkLevel(name, own.level)) out[name].enforcementLevel = own.level!;
        // The engine would pass an unknown property; a typo ("minimumDay") must not silently keep the default.
        const known = policies.find(p => p.name === name)?.configSchema?.properties ?? {};
        for (const k of Object.keys(own.props)) if (!(k in known)) problems.push(`${name}: unknown property "${k}"`);
        Object.assign(out[name].properties, own.props);
    }
    if (opts.validate === false) return out;
    const Ajv = require("ajv").default;
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const p of policies) {
        const schema = { type: "object", properties: p.configSchema?.properties ?? {}, required: p.configSchema?.required ?? [] };
        let validate: any;
        try {
            validate = ajv.compile(schema);
        } catch (e) {
            problems.push(`${p.name}: its config schema does not compile (${(e as Error).message})`);
            continue;
        }
        if (!validate(out[p.name].properties)) {
            for (const err of validate.errors ?? []) problems.push(`${p.name}: ${err.instancePath || "(root)"} ${err.message}`);
        }
    }
    if (problems.length) throw new PolicyConfigError(problems);
    return out;
}

export interface RemediateResult {
    /** The properties after the last remediation that changed them. */
    properties?: Record<string, unknown>;
    remediations: { policyName: string; description: string; diagnostic?: string; properties?: Record<string, unknown> }[];
}

export interface AnalysisResult {
    diagnostics: Diagnostic[];
    info: AnalyzerInfo;
    /** The resources as finally analyzed (remediated inputs included). */
    resources: EngineResource[];
}

export interface EngineRunOptions {
    config?: Record<string, PolicyConfigInput>;
    stack: StackInfo;
    /**
     * Re-derives a resource after a remediation changed its inputs (its outputs follow the new
     * inputs, as the provider's Create/Update runs after the analyzers). Without it the
     * remediated inputs replace `inputs` only.
     */
    reshape?: (r: EngineResource, inputs: Record<string, unknown>) => EngineResource;
    /**
     * `pulumi up` stops after a mandatory Analyze finding, so AnalyzeStack never runs
     * (deployment_executor.go). The scanner reports everything and leaves this off.
     */
    stopOnMandatoryAnalyze?: boolean;
    /**
     * Send the config without the engine's validation, as a caller that does not validate would
     * (the pack's own check of its config is tested this way).
     */
    skipConfigValidation?: boolean;
    /** Analyze calls in flight at once (the engine analyzes resources as they register). */
    concurrency?: number;
}

/**
 * Everything the engine does for one preview or update, in its order: ConfigureStack,
 * GetAnalyzerInfo, Configure (every policy, schema defaults filled in), then for each resource
 * Remediate followed by Analyze (resources concurrently), then AnalyzeStack on the outputs.
 */
export async function analyzeWithPack(pack: PolicyPackProcess, resources: EngineResource[], opts: EngineRunOptions): Promise<AnalysisResult> {
    await pack.configureStack(opts.stack);
    const info = await pack.getAnalyzerInfo();
    await pack.configure(reconcileConfig(opts.config ?? {}, info.policies, { validate: !opts.skipConfigValidation }));
    const final = [...resources];
    const byUrn = new Map(final.map(r => [r.urn, r]));
    const perResource: Diagnostic[][] = new Array(final.length);
    let next = 0;
    const worker = async () => {
        while (next < final.length) {
            const i = next++;
            let r = final[i];
            const diags: Diagnostic[] = [];
            const rem = await pack.remediate(r, byUrn);
            for (const x of rem.remediations) {
                if (x.diagnostic)
                    diags.push({
                        policyName: x.policyName,
                        policyPackName: info.name,
                        policyPackVersion: info.version,
                        description: x.description,
                        message: x.diagnostic,
                        enforcementLevel: "advisory",
                        urn: r.urn,
                    });
            }
            if (rem.properties) {
                r = opts.reshape ? opts.reshape(r, rem.properties) : { ...r, inputs: rem.properties };
                final[i] = r;
                byUrn.set(r.urn, r);
            }
            diags.push(...(await pack.analyze(r, byUrn)));
            perResource[i] = diags;
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, final.length)) }, worker));
    const diagnostics = perResource.flat();
    const stopped = opts.stopOnMandatoryAnalyze && !opts.stack.dryRun && diagnostics.some(d => d.enforcementLevel === "mandatory");
    if (!stopped) diagnostics.push(...(await pack.analyzeStack(final, byUrn)));
    return { diagnostics, info, resources: final };
}
