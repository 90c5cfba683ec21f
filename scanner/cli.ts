/**
 * The scanner's command line: `npm run --silent scan -- <program-dir>... [options]` (`--help`).
 *
 * Exit status: 0 no mandatory violation, 1 at least one, 2 a scan could not run (or, with
 * --strict, a program the scanner could not fully see).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { toJson, toText } from "./format";
import { toSarif } from "./sarif";
import { DEFAULT_TIMEOUT_SECONDS, PACK_DIR, ScanOptions, ScanResult, scan, scanFile } from "./scan";
import { PolicyPackProcess } from "./engine";
import { toStackExport } from "./pulumi-files";

type Format = "text" | "json" | "sarif";

export class UsageError extends Error {}

export interface CliArgs {
    /** Program folders, each with a Pulumi.yaml (a folder of programs is expanded). */
    programDirs: string[];
    format: Format;
    options: ScanOptions;
    saveExport?: string;
    fromExport?: string;
    fromPreview?: string;
    listPolicies: boolean;
    /** Exit 2 when a program holds remote components the scan cannot see into. */
    strict: boolean;
    /** --stack / --mode were given (a file otherwise keeps its own stack name and mode). */
    stackGiven: boolean;
    modeGiven: boolean;
}

function packVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version: string }).version;
}

function seconds(v: string): number {
    const t = Number(v);
    if (!Number.isFinite(t) || t <= 0) throw new InvalidArgumentError(`a number of seconds, not "${v}"`);
    return t;
}

function stackTag(v: string, previous: Record<string, string>): Record<string, string> {
    const eq = v.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`key=value, not "${v}"`);
    return { ...previous, [v.slice(0, eq)]: v.slice(eq + 1) };
}

function command(): Command {
    return new Command("scan")
        .usage("<program-dir>... [options]  |  --from-export <file>  |  --from-preview <file>  |  --list-policies")
        .description(
            "Checks Pulumi AWS programs against the aws-requirement-gaps policy pack offline: runs each program under a mock runtime and " +
                "sends what the Pulumi engine would send the pack (docs/engine-model.md).",
        )
        .argument("[program-dirs...]", "program folders (with a Pulumi.yaml), or folders that hold programs")
        .addOption(new Option("--mode <mode>", "preview: a first `pulumi preview`; update: after `pulumi up`").choices(["preview", "update"]).default("update"))
        .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
        .option("--config <file>", "policy config JSON, as given to `pulumi preview --policy-pack-config`")
        .option("--stack <name>", "stack name (default: dev; for a file, the stack it describes)")
        .addOption(new Option("--stack-tag <key=value>", "a stack tag (repeatable); advisory stacks are chosen by tag").argParser(stackTag).default({}, "none"))
        .option("--timeout <seconds>", "time a program may take to record", seconds, DEFAULT_TIMEOUT_SECONDS)
        .option("--save-export <file>", "write what was sent to the pack as a `pulumi stack export` file (version 3)")
        .option("--from-export <file>", "scan a `pulumi stack export` file (or a DIY-backend checkpoint) instead of a program")
        .option("--from-preview <file>", "scan the output of `pulumi preview --json` instead of a program")
        .option("--strict", "exit 2 when a program could not be fully seen (remote components such as awsx)")
        .option("--list-policies", "list the pack's policies (name, section, kind, level, severity) and exit")
        .version(packVersion(), "-V, --version")
        .helpOption("-h, --help", "show this help")
        .addHelpText("after", "\nExit status: 0 no mandatory violation, 1 at least one, 2 a scan could not run.")
        .exitOverride()
        .configureOutput({ writeOut: s => process.stdout.write(s), writeErr: s => process.stderr.write(s) })
        .showHelpAfterError("(--help lists every option)");
}

function readConfig(file: string | undefined): ScanOptions["config"] {
    if (!file) return {};
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new UsageError(`cannot read config file ${file}`);
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch {
        throw new UsageError(`config file ${file} is not valid JSON`);
    }
    if (!config || typeof config !== "object" || Array.isArray(config)) throw new UsageError(`config file ${file} must hold a JSON object`);
    return config as ScanOptions["config"];
}

/** A folder with a Pulumi.yaml is a program; else each sub-folder that has one is. */
export function expandPrograms(dirs: string[]): string[] {
    const out: string[] = [];
    for (const d of dirs.map(x => path.resolve(x))) {
        if (fs.existsSync(path.join(d, "Pulumi.yaml")) || !fs.existsSync(d) || !fs.statSync(d).isDirectory()) {
            out.push(d);
            continue;
        }
        const inside = fs
            .readdirSync(d, { withFileTypes: true })
            .filter(e => e.isDirectory() && fs.existsSync(path.join(d, e.name, "Pulumi.yaml")))
            .map(e => path.join(d, e.name))
            .sort();
        out.push(...(inside.length ? inside : [d]));
    }
    return out;
}

/** Parses the command line; throws UsageError (exit 2) or a CommanderError for --help/--version (exit 0). */
export function parseArgs(argv: string[]): CliArgs {
    const cmd = command();
    cmd.parse(argv, { from: "user" });
    const o = cmd.opts<{
        mode: "preview" | "update";
        format: Format;
        config?: string;
        stack?: string;
        stackTag: Record<string, string>;
        timeout: number;
        saveExport?: string;
        fromExport?: string;
        fromPreview?: string;
        listPolicies?: boolean;
        strict?: boolean;
    }>();
    const sources = [cmd.args.length > 0, !!o.fromExport, !!o.fromPreview].filter(Boolean).length;
    if (!o.listPolicies && sources === 0) throw new UsageError("a program directory is required (or --from-export / --from-preview)");
    if (sources > 1) throw new UsageError("give program directories, --from-export or --from-preview, not several");
    const programDirs = expandPrograms(cmd.args);
    if (o.saveExport && programDirs.length > 1) throw new UsageError("--save-export writes one stack: give one program");
    return {
        programDirs,
        format: o.format,
        stackGiven: o.stack !== undefined,
        modeGiven: cmd.getOptionValueSource("mode") === "cli",
        options: { mode: o.mode, stack: o.stack ?? "dev", stackTags: o.stackTag, config: readConfig(o.config), timeout: o.timeout },
        saveExport: o.saveExport,
        fromExport: o.fromExport,
        fromPreview: o.fromPreview,
        listPolicies: !!o.listPolicies,
        strict: !!o.strict,
    };
}

/** Writes everything and waits until it is flushed: a pipe (`| jq`) gets the whole report. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
    return new Promise(resolve => stream.write(text, () => resolve()));
}

async function listPolicies(format: Format): Promise<string> {
    const pack = await PolicyPackProcess.start(PACK_DIR);
    try {
        const info = await pack.getAnalyzerInfo();
        const rows = info.policies.map(p => {
            const tag = (prefix: string) => (p.tags ?? []).find(t => t.startsWith(prefix))?.slice(prefix.length) ?? "";
            return { name: p.name, section: tag("section-"), kind: tag("kind-"), level: p.enforcementLevel, severity: p.severity ?? "" };
        });
        if (format !== "text") return JSON.stringify(rows, null, 2);
        const widths = (["name", "section", "kind", "level"] as const).map(k => Math.max(k.length, ...rows.map(r => r[k].length)));
        const line = (r: Record<string, string>) =>
            [r.name.padEnd(widths[0]), r.section.padEnd(widths[1]), r.kind.padEnd(widths[2]), r.level.padEnd(widths[3]), r.severity].join("  ");
        return [line({ name: "name", section: "section", kind: "kind", level: "level", severity: "severity" }), ...rows.map(line)].join("\n");
    } finally {
        await pack.stop();
    }
}

function render(results: ScanResult[], format: Format): string {
    if (format === "text") return results.map(toText).join("\n\n");
    if (format === "sarif") {
        const logs = results.map(r => JSON.parse(toSarif(r)) as { runs: unknown[] });
        return JSON.stringify({ ...logs[0], runs: logs.flatMap(l => l.runs) }, null, 2);
    }
    if (results.length === 1) return toJson(results[0]);
    return JSON.stringify({ programs: results.map(r => ({ program: r.programDir, ...JSON.parse(toJson(r)) })) }, null, 2);
}

/** Scans the programs, two at a time (the machine's cores), in the order given. */
async function scanAll(dirs: string[], options: ScanOptions, progress: (done: number) => void): Promise<(ScanResult | Error)[]> {
    const out: (ScanResult | Error)[] = new Array(dirs.length);
    let next = 0;
    let done = 0;
    const worker = async () => {
        while (next < dirs.length) {
            const i = next++;
            out[i] = await scan(dirs[i], options).catch((e: Error) => e);
            progress(++done);
        }
    };
    await Promise.all(Array.from({ length: Math.min(2, dirs.length) }, worker));
    return out;
}

export async function main(argv: string[]): Promise<number> {
    let args: CliArgs;
    try {
        args = parseArgs(argv);
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
        process.stderr.write(`${(e as Error).message}\n(--help lists every option)\n`);
        return 2;
    }
    try {
        if (args.listPolicies) {
            await write(process.stdout, (await listPolicies(args.format)) + "\n");
            return 0;
        }
        let results: (ScanResult | Error)[];
        if (args.fromExport || args.fromPreview) {
            const kind = args.fromExport ? "export" : "preview";
            const { mode, stack, ...rest } = args.options;
            const file = (args.fromExport ?? args.fromPreview)!;
            results = [await scanFile(file, kind, { ...rest, stack: args.stackGiven ? stack : undefined, mode: args.modeGiven ? mode : undefined })];
        } else {
            const many = args.programDirs.length > 1;
            const tty = many && process.stderr.isTTY;
            results = await scanAll(args.programDirs, args.options, done => {
                if (tty) process.stderr.write(`\rscanned ${done}/${args.programDirs.length} programs`);
            });
            if (tty) process.stderr.write("\n");
        }
        const failed = results.map((r, i) =>
            r instanceof Error ? `scan failed${results.length > 1 ? ` (${args.programDirs[i]})` : ""}: ${r.message}` : undefined,
        );
        const ok = results.filter((r): r is ScanResult => !(r instanceof Error));
        for (const f of failed) if (f) await write(process.stderr, f + "\n");
        if (args.saveExport && ok[0]) fs.writeFileSync(args.saveExport, JSON.stringify(toStackExport(ok[0].sent, ok[0].program.mode), null, 2) + "\n");
        if (ok.length) await write(process.stdout, render(ok, args.format) + "\n");
        if (failed.some(Boolean)) return 2;
        if (args.strict && ok.some(r => r.program.incomplete?.length)) {
            await write(process.stderr, "--strict: a program holds remote components the offline scan could not check (see incomplete)\n");
            return 2;
        }
        return ok.some(r => r.violations.some(v => v.level === "mandatory")) ? 1 : 0;
    } catch (e) {
        await write(process.stderr, `scan failed: ${(e as Error).message}\n`);
        return 2;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(code => process.exit(code));
}
