/**
 * Two adjustments to how @pulumi/policy deserializes what the engine sends, installed once by
 * index.ts before the pack starts serving:
 *
 * 1. Keep secrets marked. By default the SDK unwraps the engine's secret envelopes before a policy
 *    sees them, so a policy cannot know which values must never be echoed. The SDK's own
 *    `proxySecrets` mode (used for remediations) keeps them as `Secret` objects behind a proxy that
 *    still hands naive readers the plain value; `PropertyReader` sees the marks and the report
 *    layer redacts those values from every message.
 * 2. Never fail on shapes the SDK does not know (a resource reference, an asset without a path):
 *    such a property is read as its URN / as an opaque value instead of failing the preview.
 */
import { Secret } from "@pulumi/policy";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

let installed = false;

export function installSdkHooks(): void {
    if (installed) return;
    installed = true;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const deserialize = require("@pulumi/policy/deserialize");
    const original = deserialize.deserializeProperties;
    if (typeof original !== "function") return;
    deserialize.deserializeProperties = function (struct: any, _proxySecrets: boolean) {
        try {
            return original(struct, true);
        } catch {
            return lenientDeserialize(struct);
        }
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
