/**
 * Test harness: builds planned stacks the way the engine would send them (scanner/stack-builder.ts)
 * and runs the compiled pack through the real analyzer protocol (scanner/engine.ts).
 *
 *   const s = new TestStack();
 *   const bucket = s.add("aws:s3/bucket:Bucket", "data", {});
 *   s.add("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: ref(bucket, "id"), ... });
 *   const r = await analyze(pack, s, "preview");
 */
import * as path from "path";
import { EngineResource, PolicyConfigInput, PolicyPackProcess, UNKNOWN_SENTINEL, analyzeWithPack, secretEnvelope } from "../../scanner/engine";
import { classify } from "../../scanner/scan";
import { Mode, TestStack } from "../../scanner/stack-builder";

export * from "../../scanner/stack-builder";
export const PACK_DIR = path.resolve(__dirname, "..", "..");
export { UNKNOWN_SENTINEL, secretEnvelope };

export interface Analysis {
    violations: { policy: string; level: string; urn: string; resource: string; message: string }[];
    deferred: { policy: string; urn: string; resource: string; reason: string }[];
    waived: import("../../scanner/scan").Waived[];
    raw: import("../../scanner/engine").Diagnostic[];
}

export interface AnalyzeOptions {
    config?: Record<string, PolicyConfigInput>;
    stackTags?: Record<string, string>;
    /** Send config the engine would refuse, to test the pack's own validation. */
    skipConfigValidation?: boolean;
    /** Report deferrals per resource (the scanner's mode). Default true. */
    perResource?: boolean;
}

/** `env` is the pack process's environment on top of this one's, e.g. `{ POLICY_PACK_NOW: "2026-06-01" }`. */
export async function startPack(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<PolicyPackProcess> {
    return PolicyPackProcess.start(PACK_DIR, opts);
}

/**
 * One pack process for the test file: started in beforeAll, stopped in afterAll. The returned
 * handle forwards to the running process.
 */
export function usePack(opts: { env?: NodeJS.ProcessEnv } = {}): PolicyPackProcess {
    let live: PolicyPackProcess | undefined;
    beforeAll(async () => {
        live = await startPack(opts);
    });
    afterAll(async () => {
        await live?.stop();
    });
    return new Proxy({} as PolicyPackProcess, {
        get: (_, key) => {
            if (!live) throw new Error("the pack is not started (usePack() must be called at the top of a test file)");
            const v = (live as any)[key];
            return typeof v === "function" ? v.bind(live) : v;
        },
    });
}

export async function analyze(pack: PolicyPackProcess, stack: TestStack | EngineResource[], mode: Mode, opts: AnalyzeOptions = {}): Promise<Analysis> {
    const resources = Array.isArray(stack) ? stack : stack.build(mode);
    const config: Record<string, PolicyConfigInput> = { ...(opts.config ?? {}) };
    if (opts.perResource !== false) {
        const own = config["pack-settings"];
        config["pack-settings"] = { ...(own && typeof own === "object" ? own : {}), deferralReport: "per-resource", reportWaived: true };
    }
    const stackName = Array.isArray(stack) ? "dev" : stack.stackName;
    const project = Array.isArray(stack) ? "test" : stack.project;
    const { diagnostics } = await analyzeWithPack(pack, resources, {
        config,
        skipConfigValidation: opts.skipConfigValidation,
        stack: { stack: stackName, project, dryRun: mode === "preview", tags: opts.stackTags },
    });
    return { ...classify(diagnostics), raw: diagnostics };
}

/** Violations of one policy, for terse assertions. */
export function of(a: Analysis, policy: string) {
    return {
        violations: a.violations.filter(v => v.policy === policy),
        deferred: a.deferred.filter(d => d.policy === policy),
        waived: a.waived.filter(w => w.policy === policy),
    };
}
