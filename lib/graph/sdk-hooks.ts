/**
 * Adjustments to how @pulumi/policy receives what the engine sends, installed once by index.ts
 * before the pack starts serving:
 *
 * 1. Keep secrets marked. By default the SDK unwraps the engine's secret envelopes before a policy
 *    sees them, so a policy cannot know which values must never be echoed. The SDK's own
 *    `proxySecrets` mode (used for remediations) keeps them as `Secret` objects behind a proxy that
 *    still hands naive readers the plain value; `PropertyReader` sees the marks and the report
 *    layer redacts those values from every message.
 * 2. Never fail on shapes the SDK does not know (a resource reference, an asset without a path):
 *    such a property is read as its URN / as an opaque value instead of failing the preview.
 * 3. Remember the top-level input keys of every Analyze request (checked-inputs.ts) for the
 *    AnalyzeStack call of the same operation, by wrapping the analyzer service's handlers where
 *    the SDK registers them with gRPC (`Server.addService`, a public gRPC API).
 */
import * as path from "path";
import { Secret } from "@pulumi/policy";
import { forgetCheckedInputs, rememberCheckedInputs } from "./checked-inputs";
import { analyzeStackInOnePass, captureConfigure, captureStackTags, fastPathSupported } from "./stack-call";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

let installed = false;

export function installSdkHooks(): void {
    if (installed) return;
    installed = true;
    const deserialize = require("@pulumi/policy/deserialize");
    const original = deserialize.deserializeProperties;
    if (typeof original !== "function") return;
    // One request's Struct is deserialized once, however many policies read it (several resource
    // policies of one type in Analyze; every stack policy on the plain SDK path). The entry lives
    // as long as the request's Struct: nothing crosses calls.
    const memo = new WeakMap<object, unknown>();
    deserialize.deserializeProperties = function (struct: any, _proxySecrets: boolean) {
        if (struct && typeof struct === "object") {
            const hit = memo.get(struct);
            if (hit !== undefined) return hit;
        }
        let out: unknown;
        try {
            out = original(struct, true);
        } catch {
            out = lenientDeserialize(struct);
        }
        if (struct && typeof struct === "object") memo.set(struct, out);
        return out;
    };
    wrapAnalyzerService();
}

/** The gRPC module @pulumi/policy serves with (the same instance, so its Server prototype). */
function policyGrpc(): any {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
    return require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
}

function convertLevel(l: unknown): string {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
    return require(path.join(policyDir, "protoutil")).convertEnforcementLevel(l);
}

/** The SDK's handlers, with what the pack adds around them. */
function wrapHandlers(impl: Record<string, any>): Record<string, any> {
    const { analyze, analyzeStack, configure, configureStack } = impl;
    return {
        ...impl,
        analyze(call: any, callback: any) {
            try {
                const req = call.request;
                rememberCheckedInputs(req.getUrn(), [...req.getProperties().getFieldsMap().keys()]);
            } catch {
                /* an unexpected request shape: the pack falls back to property dependencies */
            }
            return analyze.call(this, call, callback);
        },
        configure(call: any, callback: any) {
            try {
                captureConfigure(call.request, convertLevel);
            } catch {
                /* the SDK's own handler reports a bad request */
            }
            return configure.call(this, call, callback);
        },
        configureStack(call: any, callback: any) {
            try {
                captureStackTags(call.request);
            } catch {
                /* as above */
            }
            return configureStack.call(this, call, callback);
        },
        analyzeStack(call: any, callback: any) {
            const done = (err: unknown, res: unknown) => {
                forgetCheckedInputs();
                callback(err, res);
            };
            if (!fastPathSupported()) return analyzeStack.call(this, call, done);
            analyzeStackInOnePass(call.request).then(
                res => done(null, res),
                err => done(err, undefined),
            );
        },
    };
}

/** Handler names of the Analyzer service as @pulumi/policy registers them (server.js). */
export const ANALYZER_HANDLERS = ["analyze", "analyzeStack"] as const;

export let analyzerServiceWrapped = false;

function wrapAnalyzerService(): void {
    let grpc: any;
    try {
        grpc = policyGrpc();
    } catch {
        return;
    }
    const proto = grpc?.Server?.prototype;
    if (!proto || typeof proto.addService !== "function") return;
    const addService = proto.addService;
    proto.addService = function (service: unknown, impl: Record<string, any>) {
        if (impl && typeof impl.analyze === "function" && typeof impl.analyzeStack === "function") {
            impl = wrapHandlers(impl);
            analyzerServiceWrapped = true;
        }
        return addService.call(this, service, impl);
    };
}

/** A forgiving reading of a properties struct, used only where the SDK's own reading fails. */
export function lenientDeserialize(struct: any): Record<string, unknown> {
    let plain: unknown = {};
    try {
        plain = typeof struct?.toJavaScript === "function" ? struct.toJavaScript() : struct;
    } catch {
        plain = {};
    }
    const out = convert(plain, 0);
    return out && typeof out === "object" && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}

function convert(v: unknown, depth: number): unknown {
    if (v === null || typeof v !== "object" || depth > 64) return v;
    if (Array.isArray(v)) return v.map(e => convert(e, depth + 1));
    const o = v as Record<string, unknown>;
    const sig = o[SIG];
    if (sig === SECRET_SIG) return new Secret(convert(o.value, depth + 1));
    if (sig === RESOURCE_SIG) return typeof o.id === "string" && o.id ? o.id : o.urn;
    if (sig !== undefined) return {}; // an asset or archive whose shape we do not read
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(o)) if (e !== undefined) out[k] = convert(e, depth + 1);
    return out;
}
