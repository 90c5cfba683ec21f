/**
 * Unknown- and secret-aware reading of resource properties.
 *
 * @pulumi/policy hands policies a proxy that throws when an unknown (preview-time) value is read;
 * inside a stack policy that aborts the whole policy for every resource. Every read in this pack
 * goes through `PropertyReader`, which walks the proxy's raw target instead and returns:
 *   - `UNKNOWN` where the engine sent an unknown sentinel (a value known only after deployment),
 *   - `undefined` where the property is absent (or null),
 *   - the plain value otherwise, with Pulumi secrets unwrapped (and remembered, so that the report
 *     layer can redact them from every message).
 */
import { Secret } from "@pulumi/policy";

/** A value that cannot be known until the resource is created. */
export const UNKNOWN: unique symbol = Symbol.for("aws-requirement-gaps.unknown");
export type Unknown = typeof UNKNOWN;
export type Maybe<T> = T | Unknown | undefined;

/** The engine's sentinels for unknown values (one per type; all mean "not known yet"). */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set<string>([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);
export const UNKNOWN_STRING_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// Names @pulumi/policy's proxies answer to (see @pulumi/policy/proxy.js).
const IS_SPECIAL_PROXY = "__isSpecialProxy";
const PROXY_TARGET = "__getSpecialProxyTarget";

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

/** Peels @pulumi/policy's proxies off a value without triggering their unknown checks. */
export function unwrapProxy(value: unknown): unknown {
    let v = value as any;
    // A proxy of a proxy (unknown-checking over secrets-preserving) needs more than one peel.
    for (let i = 0; i < 4 && v !== null && typeof v === "object"; i++) {
        let special = false;
        try {
            special = v[IS_SPECIAL_PROXY] === true;
        } catch {
            special = false;
        }
        if (!special) break;
        v = v[PROXY_TARGET];
    }
    return v;
}

function isSentinel(v: unknown): boolean {
    return typeof v === "string" && UNKNOWN_SENTINELS.has(v);
}

/**
 * Converts a raw deserialized value into a clean one: sentinels become UNKNOWN, secrets are
 * unwrapped (and their leaves recorded in `secrets`), proxies are peeled. Depth-limited so a
 * pathological document cannot blow the stack.
 */
export function clean(value: unknown, secrets?: Set<string>, depth = 0, inSecret = false): unknown {
    const v = unwrapProxy(value);
    if (v instanceof Secret) {
        return clean((v as Secret).value, secrets, depth + 1, true);
    }
    if (v === null || v === undefined) return undefined;
    if (isSentinel(v)) return UNKNOWN;
    if (typeof v !== "object") {
        if (inSecret && secrets && (typeof v === "string" || typeof v === "number")) addSecret(secrets, String(v));
        return v;
    }
    if (depth > 64) return UNKNOWN;
    if (Array.isArray(v)) return v.map(e => clean(e, secrets, depth + 1, inSecret));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
        const c = clean((v as any)[k], secrets, depth + 1, inSecret);
        if (c !== undefined) out[k] = c;
    }
    return out;
}

/** Words of IAM document grammar that are not worth hiding (redacting them would garble messages). */
const DOCUMENT_GRAMMAR = new Set(["Allow", "Deny", "2012-10-17", "2008-10-17", "true", "false"]);

/**
 * Records a secret value. A secret JSON text (a policy document made secret) also records the
 * values inside it, so that nothing parsed out of it (a Sid, an ARN) can reach a message.
 */
function addSecret(secrets: Set<string>, value: string): void {
    secrets.add(value);
    if (value.length > 200_000 || !/^\s*[[{]/.test(value)) return;
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        return;
    }
    const walk = (x: unknown, depth: number): void => {
        if (depth > 32) return;
        if (typeof x === "string" || typeof x === "number") {
            const t = String(x);
            // Action names and condition keys ("s3:GetObject", "aws:SourceVpce") are grammar too.
            if (t.length >= 4 && !DOCUMENT_GRAMMAR.has(t) && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(t)) secrets.add(t);
        } else if (Array.isArray(x)) x.forEach(e => walk(e, depth + 1));
        else if (x && typeof x === "object") Object.values(x).forEach(e => walk(e, depth + 1));
    };
    walk(parsed, 0);
}

/** True when a cleaned value is, or contains, UNKNOWN. */
export function containsUnknown(v: unknown, depth = 0): boolean {
    if (v === UNKNOWN) return true;
    if (v === null || typeof v !== "object" || depth > 64) return false;
    if (Array.isArray(v)) return v.some(e => containsUnknown(e, depth + 1));
    return Object.values(v as object).some(e => containsUnknown(e, depth + 1));
}

export type PathSegment = string | number;

function parsePath(path: string | PathSegment[]): PathSegment[] {
    if (Array.isArray(path)) return path;
    const out: PathSegment[] = [];
    for (const part of path.split(".")) {
        const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
        if (!m) {
            out.push(part);
            continue;
        }
        if (m[1]) out.push(m[1]);
        for (const idx of m[2].match(/\d+/g) ?? []) out.push(Number(idx));
    }
    return out;
}

/**
 * Reads one resource's properties. Paths look like `versioning.enabled` or `rules[0].days`.
 * Reads walk only the path they need (cheap in `Analyze`, which runs for every resource).
 */
export class PropertyReader {
    private readonly root: unknown;
    private secretCache?: Set<string>;

    /**
     * `notSet`: top-level properties the program did not set (see engine-shapes.ts); they read as
     * absent whatever the engine sent for them.
     */
    constructor(
        props: unknown,
        readonly notSet?: ReadonlySet<string>,
    ) {
        this.root = unwrapProxy(props);
    }

    /** The raw (unwrapped) properties object, for the graph layer only. */
    get raw(): unknown {
        return this.root;
    }

    /** The cleaned value at `path`: UNKNOWN, undefined (absent), or a plain value. */
    get(path: string | PathSegment[]): unknown {
        let v: unknown = this.root;
        let secret = false;
        const segments = parsePath(path);
        if (this.notSet && segments.length && this.notSet.has(String(segments[0]))) return undefined;
        for (const seg of segments) {
            v = unwrapProxy(v);
            if (v instanceof Secret) {
                secret = true;
                v = unwrapProxy((v as Secret).value);
            }
            if (isSentinel(v)) return UNKNOWN;
            if (v === null || v === undefined || typeof v !== "object") return undefined;
            v = (v as any)[seg as any];
        }
        return clean(v, undefined, 0, secret);
    }

    /** A string, UNKNOWN, or undefined (absent or not a string). */
    str(path: string | PathSegment[]): Maybe<string> {
        const v = this.get(path);
        return v === UNKNOWN || typeof v === "string" ? v : undefined;
    }

    bool(path: string | PathSegment[]): Maybe<boolean> {
        const v = this.get(path);
        if (v === UNKNOWN || typeof v === "boolean") return v;
        if (v === "true") return true;
        if (v === "false") return false;
        return undefined;
    }

    num(path: string | PathSegment[]): Maybe<number> {
        const v = this.get(path);
        if (v === UNKNOWN || typeof v === "number") return v;
        if (typeof v === "string" && v.trim() !== "" && !isNaN(Number(v))) return Number(v);
        return undefined;
    }

    /** A list; a single object where a list is expected is read as a one-element list. */
    list(path: string | PathSegment[]): Maybe<unknown[]> {
        const v = this.get(path);
        if (v === UNKNOWN || v === undefined) return v as Maybe<unknown[]>;
        return Array.isArray(v) ? v : [v];
    }

    obj(path: string | PathSegment[]): Maybe<Record<string, unknown>> {
        const v = this.get(path);
        if (v === UNKNOWN) return UNKNOWN;
        return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    }

    /** True when the property is present with any value (known or not). */
    has(path: string | PathSegment[]): boolean {
        return this.get(path) !== undefined;
    }

    /** Every secret leaf value in these properties (computed once, on first need). */
    secrets(): Set<string> {
        if (!this.secretCache) {
            this.secretCache = new Set();
            clean(this.root, this.secretCache);
        }
        return this.secretCache;
    }
}

/** Reads a field of an already-cleaned object (for nested blocks such as list elements). */
export function field(obj: unknown, path: string | PathSegment[]): unknown {
    let v = obj;
    for (const seg of parsePath(path)) {
        if (v === UNKNOWN) return UNKNOWN;
        if (v === null || v === undefined || typeof v !== "object") return undefined;
        v = (v as any)[seg as any];
    }
    return v;
}

export function asString(v: unknown): Maybe<string> {
    return v === UNKNOWN || typeof v === "string" ? (v as Maybe<string>) : undefined;
}

export function asList(v: unknown): Maybe<unknown[]> {
    if (v === UNKNOWN || v === undefined || v === null) return v === null ? undefined : (v as Maybe<unknown[]>);
    return Array.isArray(v) ? v : [v];
}

export function asBool(v: unknown): Maybe<boolean> {
    if (v === UNKNOWN || typeof v === "boolean") return v as Maybe<boolean>;
    if (v === "true") return true;
    if (v === "false") return false;
    return undefined;
}

export function asNumber(v: unknown): Maybe<number> {
    if (v === UNKNOWN || typeof v === "number") return v as Maybe<number>;
    if (typeof v === "string" && v.trim() !== "" && !isNaN(Number(v))) return Number(v);
    return undefined;
}
