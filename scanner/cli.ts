/**
 * npm run --silent scan -- <program-dir> [--mode preview|update] [--config <policy-config.json>]
 *   [--stack <name>] [--stack-tag key=value]... [--format text|json|sarif]
 *
 *   [--timeout <seconds>] (recording time, default 300)
 *
 * Exit status: 0 no mandatory violation, 1 at least one, 2 the scan could not run.
 */
import * as fs from "fs";
import * as path from "path";
import { toJson, toText } from "./format";
import { toSarif } from "./sarif";
import { DEFAULT_TIMEOUT_SECONDS, ScanOptions, scan } from "./scan";

class UsageError extends Error {}

const USAGE =
    "usage: npm run --silent scan -- <program-dir> [--mode preview|update] [--config <policy-config.json>] [--stack <name>] [--stack-tag key=value]... [--format text|json|sarif] [--timeout <seconds>]";

export interface CliArgs {
    programDir: string;
    format: "text" | "json" | "sarif";
    options: ScanOptions;
}

export function parseArgs(argv: string[]): CliArgs {
    let programDir: string | undefined;
    let mode: ScanOptions["mode"] = "update";
    let format: CliArgs["format"] = "text";
    let stack = "dev";
    let configFile: string | undefined;
    let timeout = DEFAULT_TIMEOUT_SECONDS;
    const stackTags: Record<string, string> = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new UsageError(`${a} needs a value`);
            return v;
        };
        if (a === "--mode") {
            const m = value();
            if (m !== "preview" && m !== "update") throw new UsageError(`--mode must be preview or update, not "${m}"`);
            mode = m;
        } else if (a === "--format") {
            const f = value();
            if (f !== "text" && f !== "json" && f !== "sarif") throw new UsageError(`--format must be text, json or sarif, not "${f}"`);
            format = f;
        } else if (a === "--timeout") {
            const t = value();
            timeout = Number(t);
            if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout takes a number of seconds, not "${t}"`);
        } else if (a === "--stack") stack = value();
        else if (a === "--config") configFile = value();
        else if (a === "--stack-tag") {
            const kv = value();
            const eq = kv.indexOf("=");
            if (eq <= 0) throw new UsageError(`--stack-tag takes key=value, not "${kv}"`);
            stackTags[kv.slice(0, eq)] = kv.slice(eq + 1);
        } else if (a === "--help" || a === "-h") throw new UsageError("");
        else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
        else if (programDir === undefined) programDir = a;
        else throw new UsageError(`unexpected argument ${a}`);
    }
    if (!programDir) throw new UsageError("a program directory is required");
    let config = {};
    if (configFile) {
        let text: string;
        try {
            text = fs.readFileSync(configFile, "utf8");
        } catch {
            throw new UsageError(`cannot read config file ${configFile}`);
        }
        try {
            config = JSON.parse(text);
        } catch {
            throw new UsageError(`config file ${configFile} is not valid JSON`);
        }
        if (!config || typeof config !== "object" || Array.isArray(config)) throw new UsageError(`config file ${configFile} must hold a JSON object`);
    }
    return { programDir: path.resolve(programDir), format, options: { mode, stack, stackTags, config, timeout } };
}

export async function main(argv: string[]): Promise<number> {
    let args: CliArgs;
    try {
        args = parseArgs(argv);
    } catch (e) {
        process.stderr.write(`${(e as Error).message ? (e as Error).message + "\n" : ""}${USAGE}\n`);
        return 2;
    }
    try {
        const result = await scan(args.programDir, args.options);
        const text = args.format === "json" ? toJson(result) : args.format === "sarif" ? toSarif(result) : toText(result);
        process.stdout.write(text + "\n");
        return result.violations.some(v => v.level === "mandatory") ? 1 : 0;
    } catch (e) {
        process.stderr.write(`scan failed: ${(e as Error).message}\n`);
        return 2;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(code => process.exit(code));
}
