/**
 * One scan: record a program offline, start the pack like the engine does, analyze, classify.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Diagnostic, EngineResource, EngineRunOptions, PolicyConfigInput, PolicyInfo, PolicyPackProcess, analyzeWithPack } from "./engine";
import { PulumiFileError, StackFile, fromPreviewJson, fromStackExport } from "./pulumi-files";
import { DEFERRED_PREFIX, WAIVED_PREFIX, parseWaived } from "../lib/report/reporter";
import { RecordedProgram } from "./program";
import { reshape, toEngineShapes } from "./engine-model";

/** The pack's folder: the nearest one above this file with a PulumiPolicy.yaml (works from bin/ and from source). */
export const PACK_DIR = findPackDir(__dirname);

function findPackDir(from: string): string {
    let dir = from;
    while (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        const up = path.dirname(dir);
        if (up === dir) return path.resolve(from, "..", "..");
        dir = up;
    }
    return dir;
}

export interface ScanOptions {
    mode: "preview" | "update";
    stack: string;
    stackTags: Record<string, string>;
    config: Record<string, PolicyConfigInput>;
    packDir?: string;
    /** Seconds the program may take to record (default 300). */
    timeout?: number;
}

export interface Finding {
    policy: string;
    level: "mandatory" | "advisory";
    urn: string;
    resource: string;
    message: string;
}

export interface Deferred {
    policy: string;
    urn: string;
    resource: string;
    reason: string;
}

/**
 * A waived finding. `message` is the whole waiver line (exemption, then the finding); the fields
 * give the exemption that waived it: who (mechanism), why (reason) and until when.
 */
export interface Waived extends Finding {
    /** The mechanism: a config exemption (`pattern` is its resource pattern) or a policy-exempt: tag. */
    by?: "config" | "tag";
    pattern?: string;
    reason?: string;
    /** YYYY-MM-DD, or null when the exemption has no expiry. */
    until?: string | null;
}

export interface ScanResult {
    program: RecordedProgram;
    programDir: string;
    violations: Finding[];
    deferred: Deferred[];
    waived: Waived[];
    diagnostics: Diagnostic[];
    /** The resources as sent: Analyze's inputs and AnalyzeStack's outputs (--save-export writes them). */
    sent: EngineResource[];
    /** The pack's policies, as it described them (GetAnalyzerInfo). */
    policies: PolicyInfo[];
}

export class ScanError extends Error {}

/** Runs the program in its own process (each program loads its own modules once). */
export const DEFAULT_TIMEOUT_SECONDS = 300;

export function recordInChild(programDir: string, mode: string, stack: string, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS): Promise<RecordedProgram> {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scan-")), "program.json");
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [path.join(PACK_DIR, "bin", "scanner", "program.js"), programDir, mode, stack, out],
            {
                maxBuffer: 64 * 1024 * 1024,
                timeout: timeoutSeconds * 1000,
                killSignal: "SIGKILL",
                // Modules resolve from the program's own node_modules, else from the pack's.
                env: { ...process.env, NODE_PATH: [process.env.NODE_PATH, path.join(PACK_DIR, "node_modules")].filter(Boolean).join(path.delimiter) },
            },
            (err, _stdout, stderr) => {
                if (err && (err as { killed?: boolean }).killed)
                    return reject(
                        new ScanError(
                            `the program did not finish within the timeout of ${timeoutSeconds} s (--timeout): a timer or a promise that never settles keeps it running`,
                        ),
                    );
                if (err) return reject(new ScanError(`the program could not run offline:\n${stderr || err.message}`));
                try {
                    const rec = JSON.parse(fs.readFileSync(out, "utf8")) as RecordedProgram;
                    fs.rmSync(path.dirname(out), { recursive: true, force: true });
                    resolve(rec);
                } catch (e) {
                    reject(new ScanError(`the program's record could not be read: ${(e as Error).message}`));
                }
            },
        );
    });
}

export function logicalName(urn: string): string {
    return urn ? (urn.split("::").pop() ?? "") : "";
}

/** The scanner's own settings for pack-settings: every deferral and waiver listed per resource. */
function scannerConfig(user: Record<string, PolicyConfigInput>): Record<string, PolicyConfigInput> {
    const own = user["pack-settings"];
    const ownProps = own && typeof own === "object" ? own : {};
    return { ...user, "pack-settings": { ...ownProps, enforcementLevel: "advisory", deferralReport: "per-resource", reportWaived: true } };
}

export function classify(diagnostics: Diagnostic[]): Pick<ScanResult, "violations" | "deferred" | "waived"> {
    const violations: Finding[] = [];
    const deferred: Deferred[] = [];
    const waived: Waived[] = [];
    for (const d of diagnostics) {
        const urn = d.urn ?? "";
        const base = { policy: d.policyName, urn, resource: logicalName(urn) };
        if (d.message.startsWith(DEFERRED_PREFIX)) deferred.push({ ...base, reason: d.message.slice(DEFERRED_PREFIX.length) });
        else if (d.message.startsWith(WAIVED_PREFIX)) waived.push(waivedEntry(base, d.message.slice(WAIVED_PREFIX.length)));
        else violations.push({ ...base, level: d.enforcementLevel === "mandatory" ? "mandatory" : "advisory", message: d.message });
    }
    const order = (a: { policy: string; urn: string }, b: { policy: string; urn: string }) => a.urn.localeCompare(b.urn) || a.policy.localeCompare(b.policy);
    return {
        violations: violations.sort((a, b) => order(a, b) || a.message.localeCompare(b.message)),
        deferred: deferred.sort(order),
        waived: waived.sort(order),
    };
}

/** A per-finding waiver line becomes who/why/until fields; a summary line keeps its text only. */
function waivedEntry(base: { policy: string; urn: string; resource: string }, text: string): Waived {
    const w = parseWaived(text);
    if (!w) return { ...base, level: "advisory", message: text };
    return { ...base, level: "advisory", message: text, by: w.by, pattern: w.pattern, reason: w.reason, until: w.until ?? null };
}

export async function analyzeRecorded(program: RecordedProgram, opts: ScanOptions, programDir = "", running?: PolicyPackProcess): Promise<ScanResult> {
    return analyzeShaped(program, toEngineShapes(program.resources, opts.mode), opts, programDir, running, (r, inputs) => reshape(r, inputs, opts.mode));
}

/**
 * Analyzes resources already in the engine's shapes (a recorded program after the engine model,
 * or a Pulumi file read as the engine would send it).
 */
export async function analyzeShaped(
    program: RecordedProgram,
    shaped: EngineResource[],
    opts: ScanOptions,
    programDir = "",
    running?: PolicyPackProcess,
    reshapeAfterRemediation?: EngineRunOptions["reshape"],
): Promise<ScanResult> {
    const pack = running ?? (await PolicyPackProcess.start(opts.packDir ?? PACK_DIR));
    try {
        const { diagnostics, resources, info } = await analyzeWithPack(pack, shaped, {
            config: scannerConfig(opts.config),
            reshape: reshapeAfterRemediation,
            stack: { stack: opts.stack, project: program.project, dryRun: opts.mode === "preview", tags: opts.stackTags },
        });
        return { program, programDir, diagnostics, sent: resources, policies: info.policies, ...classify(diagnostics) };
    } finally {
        if (!running) await pack.stop();
    }
}

/** Scans a `pulumi stack export` or `pulumi preview --json` file as the engine would analyze that stack. */
export async function scanFile(
    file: string,
    kind: "export" | "preview",
    opts: Omit<ScanOptions, "mode" | "stack"> & { stack?: string; mode?: ScanOptions["mode"] },
): Promise<ScanResult> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ScanError(`cannot read ${file}`);
    }
    let read: StackFile;
    try {
        read = kind === "export" ? fromStackExport(text) : fromPreviewJson(text);
    } catch (e) {
        if (e instanceof PulumiFileError) throw new ScanError(`${file}: ${e.message}`);
        throw e;
    }
    const stack = opts.stack ?? read.stack;
    // An export describes a deployed stack, a preview a planned one, unless told otherwise (--mode).
    const mode = opts.mode ?? read.mode;
    const program: RecordedProgram = {
        project: read.project,
        stack,
        mode,
        region: "",
        resources: read.resources,
        locations: {},
        warnings: read.warnings,
        incomplete: [],
    };
    return analyzeShaped(program, read.resources, { ...opts, mode, stack }, path.resolve(file));
}

export async function scan(programDir: string, opts: ScanOptions): Promise<ScanResult> {
    if (!fs.existsSync(path.join(programDir, "Pulumi.yaml"))) throw new ScanError(`${programDir} has no Pulumi.yaml`);
    const program = await recordInChild(programDir, opts.mode, opts.stack, opts.timeout);
    return analyzeRecorded(program, opts, path.resolve(programDir));
}
