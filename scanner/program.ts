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
import * as vm from "vm";
import { EngineResource, UNKNOWN_SENTINEL } from "./engine";
import { UNKNOWN_OUTPUT, answerInvoke, autoName, programOutputs, shortHash } from "./mocks";

export interface RecordedProgram {
    project: string;
    stack: string;
    mode: "preview" | "update";
    region: string;
    resources: EngineResource[];
    /** File and line of each resource's constructor call, by URN, where it could be found. */
    locations: Record<string, { file: string; line: number }>;
    warnings: string[];
    /** Resources whose children or outputs the offline run cannot produce (remote components). */
    incomplete: Incomplete[];
}

export interface Incomplete {
    urn: string;
    type: string;
    reason: string;
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
    cheapPromiseStacks(pulumiPkg);
    const transpile = (source: string, filename: string) =>
        ts.transpileModule(source, {
            fileName: filename,
            compilerOptions: {
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2022,
                esModuleInterop: true,
                inlineSourceMap: true,
                inlineSources: true,
            },
        }).outputText as string;
    const load = (module: any, filename: string) => {
        const out = transpile(fs.readFileSync(filename, "utf8"), filename);
        // Top-level await (an ESM program): the module body runs as an async function whose
        // promise is the module's value; the entry point's promise is awaited before the graph is taken.
        module._compile(hasTopLevelAwait(out) ? `module.exports = (async () => {${out}\nreturn exports;})();` : out, filename);
    };
    for (const ext of [".ts", ".mts", ".cts", ".tsx"]) require.extensions[ext] = load;
    // The ts-node/esm convention: `import "./x.js"` names x.ts.
    const Module = require("module");
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]) {
        try {
            return resolve.call(this, request, parent, ...rest);
        } catch (e) {
            const m = /^(\.{1,2}\/.*)\.(m|c)?js$/.exec(request);
            if (!m) throw e;
            for (const ext of [`.${m[2] ?? ""}ts`, ".tsx"]) {
                try {
                    return resolve.call(this, m[1] + ext, parent, ...rest);
                } catch {
                    /* next */
                }
            }
            throw e;
        }
    };
}

/**
 * The SDK's `debuggablePromise` takes `new Error().stack` for every promise it makes (several per
 * property of every resource), only to print it should a promise leak at exit; with source maps
 * installed each of those stacks was mapped frame by frame, most of the recording time of a large
 * program. Those promises are taken with no stack frames (a leak is still reported, without its
 * stack); every other stack (a resource's source position, a program's errors) is still mapped
 * to the program's own lines.
 */
function cheapPromiseStacks(pulumiPkg: string): void {
    const debuggable = require(path.join(pulumiPkg, "runtime", "debuggable"));
    const original = debuggable.debuggablePromise;
    if (typeof original !== "function") return;
    debuggable.debuggablePromise = function (this: unknown, ...args: unknown[]) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original.apply(this, args);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
}

function hasTopLevelAwait(cjs: string): boolean {
    try {
        vm.compileFunction(cjs, ["exports", "require", "module", "__filename", "__dirname"]);
        return false;
    } catch (e) {
        return e instanceof SyntaxError && /await is only valid/.test(e.message);
    }
}

/**
 * The program's entry point as the Pulumi Node.js language host finds it: Pulumi.yaml `main:`
 * (a folder or a file), then package.json `main` (a missing file is a warning and falls back),
 * then index.ts, then index.js.
 */
export function entryPoint(programDir: string, projectMain: unknown, warn: (m: string) => void): string {
    let dir = programDir;
    if (typeof projectMain === "string" && projectMain) {
        const p = path.resolve(programDir, projectMain);
        if (!fs.existsSync(p)) throw new Error(`Pulumi.yaml main: ${projectMain} does not exist`);
        if (fs.statSync(p).isFile()) return p;
        dir = p;
    }
    const pkgJson = path.join(dir, "package.json");
    const main = fs.existsSync(pkgJson) ? JSON.parse(fs.readFileSync(pkgJson, "utf8")).main : undefined;
    if (typeof main === "string" && main) {
        const p = path.resolve(dir, main);
        const found = [p, p + ".ts", p + ".js", path.join(p, "index.ts"), path.join(p, "index.js")].find(f => fs.existsSync(f) && fs.statSync(f).isFile());
        if (found) return found;
        warn(`package.json main ${main} does not exist; falling back to index.ts, as Pulumi does`);
    }
    const found = ["index.ts", "index.js", "index.mts", "index.mjs"].map(f => path.join(dir, f)).find(f => fs.existsSync(f));
    if (!found) throw new Error(`no entry point in ${dir} (index.ts or index.js)`);
    return found;
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
    const byUrn = new Map<string, EngineResource>();
    const locations: RecordedProgram["locations"] = {};
    const providerRefs = new Map<string, string>(); // provider reference "urn::id" -> urn
    const defaultProviders = new Map<string, EngineResource>();

    const pulumi = require(pulumiPkg);
    const settings = require(path.join(pulumiPkg, "runtime", "settings"));
    const stackModule = require(path.join(pulumiPkg, "runtime", "stack"));

    const incomplete: Incomplete[] = [];
    const warnedTypes = new Set<string>();
    /** The answer the mock runtime gives the resource being registered (record() computes it). */
    interface Answer {
        id?: string;
        /** Outputs beyond the inputs; UNKNOWN_OUTPUT marks one the scan cannot know. */
        outputs: Record<string, unknown>;
        /** Given in preview too (remote components, stack references: never known offline). */
        always?: boolean;
    }
    let current: { type: string; name: string; raw: Record<string, unknown>; urn: string; answer?: Answer } | undefined;

    await pulumi.runtime.setMocks(
        {
            newResource(args: any) {
                const mine = current && current.type === args.type && current.name === args.name ? current : undefined;
                const raw = mine?.raw ?? {};
                const answer = mine?.answer;
                const named = autoName(args.type, args.name, raw);
                const state: Record<string, unknown> = { ...args.inputs, ...named };
                if (mode === "preview" && !answer?.always) return { id: undefined, state };
                return { id: mode === "preview" ? undefined : answer?.id, state: { ...state, ...(answer?.outputs ?? {}) } };
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

    // The properties each resource declares (its inputs and its outputs, the latter undefined),
    // as the SDK transfers them onto the resource object: the outputs a program may read.
    const declaredKeys = new Map<string, string[][]>();
    const rpc = require(path.join(pulumiPkg, "runtime", "rpc"));
    const originalTransfer = rpc.transferProperties;
    rpc.transferProperties = function (this: unknown, onto: unknown, label: string, props: Record<string, unknown>) {
        const m = /^resource:([\s\S]*)\[([^\]]*)\](#\.\.\.)?$/.exec(label);
        if (m && props && typeof props === "object") {
            const key = `${m[2]}::${m[1]}`;
            const queue = declaredKeys.get(key) ?? [];
            queue.push(Object.keys(props).filter(k => k !== "id" && k !== "urn"));
            declaredKeys.set(key, queue);
        }
        return originalTransfer.call(this, onto, label, props);
    };
    const takeDeclaredKeys = (type: string, name: string): string[] => {
        const queue = declaredKeys.get(`${type}::${name}`);
        const keys = queue?.shift() ?? [];
        if (queue && !queue.length) declaredKeys.delete(`${type}::${name}`);
        return keys;
    };
    const unknownFor = (keys: string[]) => Object.fromEntries(keys.map(k => [k, UNKNOWN_OUTPUT]));

    /** What the program reads back from a resource: outputs known offline, and unknown for the rest. */
    const answerFor = (
        req: any,
        type: string,
        name: string,
        urn: string,
        inputs: Record<string, unknown>,
        custom: boolean,
        provider: string | undefined,
    ): Answer | undefined => {
        const declared = takeDeclaredKeys(type, name);
        const unset = declared.filter(k => inputs[k] === undefined);
        if (!custom && req.getRemote?.()) {
            const pkg = type.split(":")[0];
            incomplete.push({
                urn,
                type,
                reason: `remote component: its child resources are created by the ${pkg} provider plugin, which the offline scan does not run, so they are not checked and its outputs are unknown; check the stack completely with --from-export or pulumi preview --policy-pack`,
            });
            return { outputs: unknownFor(unset), always: true };
        }
        if (type === "pulumi:pulumi:StackReference") {
            warnings.push(
                `StackReference ${String(inputs.name ?? name)}: the referenced stack's outputs are not available offline; values read from it are unknown`,
            );
            return { outputs: { outputs: UNKNOWN_OUTPUT, secretOutputNames: UNKNOWN_OUTPUT }, always: true };
        }
        if (!custom || type.startsWith("pulumi:")) return undefined;
        const a = programOutputs(type, name, inputs, { region: providerRegion(provider) ?? region, urn });
        if (a.note) warnings.push(a.note);
        const unknown = a.unknown.includes("*") ? unset.filter(k => !(k in a.outputs)) : a.unknown;
        if (a.unknown.includes("*") && unknown.length && !warnedTypes.has(type)) {
            warnedTypes.add(type);
            warnings.push(`${type}: outputs of this provider's resources are not emulated offline (${unknown.join(", ")} unknown)`);
        }
        return { id: a.id, outputs: { ...a.outputs, ...unknownFor(unknown) } };
    };

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
            byUrn.set(urn, r);
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
        const answer = answerFor(req, type, name, urn, inputs, custom, provider);
        if (current && current.urn === urn) current.answer = answer;
        let outputs: Record<string, unknown> = { ...inputs };
        if (answer) {
            const values = Object.fromEntries(
                Object.entries(answer.outputs).map(([k, v]) => [k, mode === "preview" || v === UNKNOWN_OUTPUT ? UNKNOWN_SENTINEL : v]),
            );
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
        byUrn.set(urn, r);
        const loc = sourceLocation(req, programDir);
        if (loc) locations[urn] = loc;
        return r;
    };

    const providerRegion = (providerUrn: string | undefined): string | undefined => {
        const p = providerUrn ? byUrn.get(providerUrn) : undefined;
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
    const entry = entryPoint(programDir, projectYaml.main, m => warnings.push(m));
    // Pulumi runs a program in its own folder: relative paths are the program's.
    process.chdir(programDir);
    const failures: string[] = [];
    // Values the program marks secret, to redact them from its error messages.
    const outputModule = require(path.join(pulumiPkg, "output"));
    const originalSecret = outputModule.secret;
    const secretsSeen = new Set<string>();
    const remember = (v: unknown) => {
        if ((typeof v === "string" || typeof v === "number") && String(v).length >= 4) secretsSeen.add(String(v));
    };
    outputModule.secret = (v: unknown) => {
        remember(v);
        if (v && typeof (v as Promise<unknown>).then === "function") (v as Promise<unknown>).then(remember, () => undefined);
        return originalSecret(v);
    };
    if (pulumi.secret === originalSecret) pulumi.secret = outputModule.secret;
    const fail = (e: unknown) => {
        const text = errorText(e, programDir);
        if (!failures.some(f => f.includes(text) || text.includes(f))) failures.push(text);
    };
    process.on("uncaughtException", fail);
    process.on("unhandledRejection", fail);
    // The SDK logs an error inside an apply or a failed registration instead of throwing it.
    const log = require(path.join(pulumiPkg, "log"));
    const originalError = log.error;
    log.error = (msg: string, ...rest: unknown[]) => {
        fail(String(msg));
        return originalError.call(log, msg, ...rest);
    };
    try {
        await stackModule.runInPulumiStack(async () => {
            const exported = await require(entry);
            return typeof exported === "function" ? await exported() : exported;
        });
        await settings.waitForRPCs?.();
    } catch (e) {
        fail(e);
    }
    // `process.on("beforeExit")` hooks (@pulumi/aws's bucket.onObjectCreated registers its
    // BucketNotification in one) run before the graph is taken, until they register nothing more.
    for (let round = 0; round < 10; round++) {
        const before = resources.length;
        process.emit("beforeExit", 0);
        await settings.waitForRPCs?.().catch(fail);
        await new Promise(r => setImmediate(r));
        if (resources.length === before) break;
    }
    if (failures.length) throw new ProgramError(redact(failures.join("\n"), [...secretValues(resources), ...secretsSeen]));
    // Provider references recorded before their ids were known point at the provider URN.
    for (const r of resources) if (r.provider && !byUrn.has(r.provider)) r.provider = providerRefs.get(r.provider) ?? r.provider;
    return { project, stack, mode, region, resources, locations, warnings, incomplete };
}

if (require.main === module) {
    const [dir, mode, stack, outFile] = process.argv.slice(2);
    recordProgram(dir, mode === "preview" ? "preview" : "update", stack || "dev")
        .then(rec => {
            fs.writeFileSync(outFile, JSON.stringify(rec));
            process.exit(0);
        })
        .catch(err => {
            process.stderr.write(`program failed: ${err instanceof ProgramError ? err.message : redact(errorText(err), [])}\n`);
            process.exit(2);
        });
}

export { shortHash };

export class ProgramError extends Error {}

/** The message and the program's own frame (not the SDK's or Node's). */
function errorText(e: unknown, programDir = ""): string {
    if (!(e instanceof Error)) return String(e);
    const frame = (e.stack ?? "")
        .split("\n")
        .slice(1)
        .find(l => programDir && l.includes(programDir) && !l.includes("node_modules"));
    return frame ? `${e.message}\n${frame}` : e.message;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The plain values inside secret envelopes of the recorded inputs (never printed). */
export function secretValues(resources: EngineResource[]): string[] {
    const out = new Set<string>();
    const walk = (v: unknown, secret: boolean): void => {
        if (Array.isArray(v)) v.forEach(x => walk(x, secret));
        else if (v && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (o["4dabf18193072939515e22adb298388d"] === SECRET_SIG) walk(o.value, true);
            else Object.values(o).forEach(x => walk(x, secret));
        } else if (secret && (typeof v === "string" || typeof v === "number") && String(v).length >= 4) out.add(String(v));
    };
    for (const r of resources) walk(r.inputs, false);
    return [...out];
}

/** Replaces every secret value in a message. */
export function redact(message: string, secrets: string[]): string {
    let out = message;
    for (const s of secrets.sort((a, b) => b.length - a.length)) out = out.split(s).join("[secret]");
    return out;
}
