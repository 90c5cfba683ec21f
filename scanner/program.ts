/**
 * Runs a Pulumi TypeScript program offline, under the SDK's mock runtime, and records every
 * registered resource as the engine would hand it to a policy pack: type, name, URN, parent,
 * provider, inputs, outputs, dependencies and property dependencies.
 *
 * Run as its own process (a program is loaded once per process):
 *   node program.js <program-dir> <preview|update> <stack> <out.json>
 */
import * as fs from "fs";
import * as path from "path";
import { EngineResource, UNKNOWN_SENTINEL } from "./engine";
import { answerInvoke, autoName, computedOutputs, shortHash } from "./mocks";

export interface RecordedProgram {
    project: string;
    stack: string;
    mode: "preview" | "update";
    region: string;
    resources: EngineResource[];
    /** File and line of each resource's constructor call, by URN, where it could be found. */
    locations: Record<string, { file: string; line: number }>;
    warnings: string[];
}

function resolveFrom(programDir: string, mod: string): string {
    try {
        return require.resolve(mod, { paths: [programDir] });
    } catch {
        return require.resolve(mod, { paths: [path.join(__dirname, "..", "..")] });
    }
}

function readYaml(file: string, yamlPath: string): any {
    if (!fs.existsSync(file)) return undefined;
    const yaml = require(yamlPath);
    return yaml.load(fs.readFileSync(file, "utf8"));
}

/** TypeScript loader: transpile only (type checking is the program's own build's job). */
function registerTypeScript(programDir: string, pulumiPkg: string): void {
    const ts = require(resolveFrom(programDir, "typescript"));
    // Stack frames (and so the SDK's source positions) map back to the program's own lines.
    require(require.resolve("source-map-support", { paths: [pulumiPkg] })).install({ environment: "node", hookRequire: true });
    require.extensions[".ts"] = (module: any, filename: string) => {
        const source = fs.readFileSync(filename, "utf8");
        const out = ts.transpileModule(source, {
            fileName: filename,
            compilerOptions: {
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2020,
                esModuleInterop: true,
                inlineSourceMap: true,
                inlineSources: true,
            },
        });
        module._compile(out.outputText, filename);
    };
}

/** Where in the program a resource was constructed: the SDK sends the caller's source position. */
function sourceLocation(req: any, programDir: string): { file: string; line: number } | undefined {
    const sp = req.getSourceposition?.();
    const uri: string | undefined = sp?.getUri?.();
    if (!uri) return undefined;
    const file = uri.startsWith("file://") ? decodeURIComponent(uri.slice("file://".length)) : uri;
    if (!file.startsWith(programDir) || file.includes("node_modules")) return undefined;
    return { file: path.relative(programDir, file), line: sp.getLine() };
}

export async function recordProgram(programDir: string, mode: "preview" | "update", stack: string): Promise<RecordedProgram> {
    programDir = path.resolve(programDir);
    const pulumiPkg = path.dirname(resolveFrom(programDir, "@pulumi/pulumi/package.json"));
    const yamlPath = require.resolve("js-yaml", { paths: [pulumiPkg] });
    const projectYaml = readYaml(path.join(programDir, "Pulumi.yaml"), yamlPath);
    if (!projectYaml?.name) throw new Error(`${programDir} has no Pulumi.yaml with a name`);
    const project = String(projectYaml.name);
    const stackYaml = readYaml(path.join(programDir, `Pulumi.${stack}.yaml`), yamlPath) ?? {};
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries<any>(stackYaml.config ?? {})) {
        const key = k.includes(":") ? k : `${project}:${k}`;
        config[key] = v && typeof v === "object" && "secure" in v ? "[secure value not available offline]" : typeof v === "string" ? v : JSON.stringify(v);
    }
    const region = config["aws:region"] ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
    process.env.PULUMI_CONFIG = JSON.stringify(config);

    const warnings: string[] = [];
    const resources: EngineResource[] = [];
    const locations: RecordedProgram["locations"] = {};
    const providerRefs = new Map<string, string>(); // provider reference "urn::id" -> urn
    const defaultProviders = new Map<string, EngineResource>();

    const pulumi = require(pulumiPkg);
    const settings = require(path.join(pulumiPkg, "runtime", "settings"));
    const stackModule = require(path.join(pulumiPkg, "runtime", "stack"));

    let current: { type: string; name: string; raw: Record<string, unknown>; urn: string } | undefined;

    await pulumi.runtime.setMocks(
        {
            newResource(args: any) {
                const raw = current?.raw ?? {};
                const named = autoName(args.type, args.name, raw);
                const state: Record<string, unknown> = { ...args.inputs, ...named };
                if (mode === "preview") return { id: undefined, state };
                const computed = computedOutputs(args.type, args.name, { ...raw, ...named }, { region, urn: current?.urn ?? args.name });
                return { id: computed.id, state: { ...state, ...computed.outputs } };
            },
            call(args: any) {
                return answerInvoke(args.token, args.inputs ?? {}, { region, warn: m => warnings.push(m) });
            },
        },
        project,
        stack,
        mode === "preview",
    );
    const store = require(path.join(pulumiPkg, "runtime", "state")).getStore();
    store.supportsResourceReferences = false;

    const monitor = settings.getMonitor();
    // The engine leaves the root stack's type out of its children's URNs; so do we.
    const originalNewUrn = monitor.newUrn.bind(monitor);
    monitor.newUrn = (parent: string, type: string, name: string) =>
        originalNewUrn(parent && parent.split("::")[2] === "pulumi:pulumi:Stack" ? "" : parent, type, name);
    const originalRegister = monitor.registerResource.bind(monitor);
    const originalRead = monitor.readResource.bind(monitor);

    const defaultProviderFor = (type: string, version: string): string => {
        const pkg = type.split(":")[0];
        if (pkg === "pulumi") return "";
        const name = `default${version ? "_" + version.replace(/[.-]/g, "_") : ""}`;
        const urn = `urn:pulumi:${stack}::${project}::pulumi:providers:${pkg}::${name}`;
        if (!defaultProviders.has(urn)) {
            const inputs: Record<string, unknown> = pkg === "aws" ? { region, version } : { version };
            for (const [k, v] of Object.entries(config)) if (k.startsWith(`${pkg}:`) && k !== `${pkg}:region`) inputs[k.slice(pkg.length + 1)] = v;
            const r: EngineResource = {
                urn,
                type: `pulumi:providers:${pkg}`,
                name,
                inputs,
                outputs: { ...inputs },
                custom: true,
                dependencies: [],
                propertyDependencies: {},
            };
            defaultProviders.set(urn, r);
            resources.push(r);
        }
        return urn;
    };

    const record = (req: any, urn: string, kind: "register" | "read") => {
        const type: string = req.getType();
        const name: string = req.getName();
        const rawStruct = kind === "register" ? req.getObject() : req.getProperties();
        const rawInputs: Record<string, unknown> = rawStruct ? rawStruct.toJavaScript() : {};
        const custom = kind === "read" ? true : req.getCustom();
        const named = autoName(type, name, rawInputs);
        const inputs = { ...rawInputs, ...named };
        const propertyDependencies: Record<string, string[]> = {};
        if (kind === "register") {
            for (const [k, v] of req.getPropertydependenciesMap().entries()) propertyDependencies[k] = v.getUrnsList();
        }
        const providerRef: string = req.getProvider?.() ?? "";
        let provider: string | undefined;
        if (type.startsWith("pulumi:providers:")) provider = undefined;
        else if (providerRef) provider = providerRefs.get(providerRef) ?? providerRef.split("::").slice(0, -1).join("::");
        else if (custom) provider = defaultProviderFor(type, req.getVersion?.() ?? "") || undefined;
        let outputs: Record<string, unknown> = { ...inputs };
        if (custom && !type.startsWith("pulumi:")) {
            const computed = computedOutputs(type, name, inputs, { region: providerRegion(provider) ?? region, urn });
            const values = mode === "preview" ? Object.fromEntries(Object.keys(computed.outputs).map(k => [k, UNKNOWN_SENTINEL])) : computed.outputs;
            outputs = { ...values, ...inputs };
        }
        const r: EngineResource = {
            urn,
            type,
            name,
            inputs,
            outputs,
            custom,
            dependencies: kind === "register" ? req.getDependenciesList() : [],
            propertyDependencies,
        };
        const parent = req.getParent?.();
        if (parent) r.parent = parent;
        if (provider) r.provider = provider;
        resources.push(r);
        const loc = sourceLocation(req, programDir);
        if (loc) locations[urn] = loc;
        return r;
    };

    const providerRegion = (providerUrn: string | undefined): string | undefined => {
        const p = providerUrn ? resources.find(x => x.urn === providerUrn) : undefined;
        return typeof p?.inputs.region === "string" ? (p.inputs.region as string) : undefined;
    };

    monitor.registerResource = (req: any, callback: any) => {
        const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
        current = { type: req.getType(), name: req.getName(), raw: req.getObject()?.toJavaScript() ?? {}, urn };
        const r = record(req, urn, "register");
        const result = originalRegister(req, (err: any, resp: any) => {
            if (!err && r.type.startsWith("pulumi:providers:")) providerRefs.set(`${urn}::${resp.getId() || UNKNOWN_SENTINEL}`, urn);
            callback(err, resp);
        });
        current = undefined;
        return result;
    };
    monitor.readResource = (req: any, callback: any) => {
        const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
        current = { type: req.getType(), name: req.getName(), raw: req.getProperties()?.toJavaScript() ?? {}, urn };
        record(req, urn, "read");
        const result = originalRead(req, callback);
        current = undefined;
        return result;
    };

    registerTypeScript(programDir, pulumiPkg);
    const pkgJson = path.join(programDir, "package.json");
    const main = fs.existsSync(pkgJson) ? JSON.parse(fs.readFileSync(pkgJson, "utf8")).main : undefined;
    const entry = path.resolve(programDir, main ?? (fs.existsSync(path.join(programDir, "index.ts")) ? "index.ts" : "index.js"));
    await stackModule.runInPulumiStack(async () => {
        const exported = require(entry);
        return typeof exported === "function" ? await exported() : exported;
    });
    await settings.waitForRPCs?.();
    // Provider references recorded before their ids were known point at the provider URN.
    for (const r of resources) if (r.provider && !resources.some(x => x.urn === r.provider)) r.provider = providerRefs.get(r.provider) ?? r.provider;
    return { project, stack, mode, region, resources, locations, warnings };
}

if (require.main === module) {
    const [dir, mode, stack, outFile] = process.argv.slice(2);
    recordProgram(dir, mode === "preview" ? "preview" : "update", stack || "dev")
        .then(rec => {
            fs.writeFileSync(outFile, JSON.stringify(rec));
            process.exit(0);
        })
        .catch(err => {
            process.stderr.write(`program failed: ${err?.stack ?? err}\n`);
            process.exit(2);
        });
}

export { shortHash };
