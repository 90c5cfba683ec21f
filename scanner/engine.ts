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
            const timer = setTimeout(() => reject(new Error(`policy pack did not print its port within ${opts.timeoutMs ?? 60000} ms\n${stderr}`)), opts.timeoutMs ?? 60000);
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
                    configSchema: schema
                        ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() }
                        : undefined,
                };
            }),
        };
    }

    /** Sends policy config the way `--policy-pack-config` does (`all` applies to every policy). */
    async configure(config: Record<string, PolicyConfigInput>, policyNames: string[], defaults: Record<string, Level> = {}): Promise<void> {
        const req = new this.p.analyzer.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        const normalized = normalizeConfig(config, policyNames, defaults);
        for (const [name, c] of Object.entries(normalized)) {
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

/**
 * `--policy-pack-config` semantics: a policy name or `all` maps to a level string, or to an
 * object with `enforcementLevel` and properties. Named entries override `all`.
 */
export function normalizeConfig(
    config: Record<string, PolicyConfigInput>,
    policyNames: string[],
    defaults: Record<string, Level> = {},
): Record<string, { enforcementLevel: Level; properties: Record<string, unknown> }> {
    const out: Record<string, { enforcementLevel: Level; properties: Record<string, unknown> }> = {};
    const split = (c: PolicyConfigInput | undefined) => {
        if (c === undefined) return { level: undefined, props: {} as Record<string, unknown> };
        if (typeof c === "string") return { level: c, props: {} };
        const { enforcementLevel, ...props } = c;
        return { level: enforcementLevel, props };
    };
    const all = split(config.all);
    for (const name of Object.keys(config)) {
        if (name !== "all" && !policyNames.includes(name)) throw new Error(`config names policy "${name}", which this pack does not have`);
    }
    for (const name of policyNames) {
        const own = split(config[name]);
        if (config[name] === undefined && config.all === undefined) continue;
        const level = own.level ?? all.level ?? defaults[name];
        if (level !== undefined && !LEVELS.includes(level)) throw new Error(`config for "${name}": unknown enforcement level "${level}"`);
        out[name] = { enforcementLevel: (level ?? "advisory") as Level, properties: own.props };
    }
    return out;
}

export interface AnalysisResult {
    diagnostics: Diagnostic[];
    info: AnalyzerInfo;
}

/** Everything the engine does for one preview or update: configure, Analyze each, AnalyzeStack. */
export async function analyzeWithPack(
    pack: PolicyPackProcess,
    resources: EngineResource[],
    opts: { config?: Record<string, PolicyConfigInput>; stack: StackInfo },
): Promise<AnalysisResult> {
    const info = await pack.getAnalyzerInfo();
    const names = info.policies.map(p => p.name);
    const defaults = Object.fromEntries(info.policies.map(p => [p.name, p.enforcementLevel]));
    // The engine sends config only for what the user configured; levels default to the pack's.
    await pack.configure(opts.config ?? {}, names, defaults);
    await pack.configureStack(opts.stack);
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const diagnostics: Diagnostic[] = [];
    for (const r of resources) diagnostics.push(...(await pack.analyze(r, byUrn)));
    diagnostics.push(...(await pack.analyzeStack(resources, byUrn)));
    return { diagnostics, info };
}
