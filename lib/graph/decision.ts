/**
 * The one answer every fact gives: a known value, "not set", or "not known yet" (with the reason).
 *
 * "Not set" is a real answer: the program did not configure the thing (at a first preview the
 * engine plans such fields as unknown; see engine-shapes.ts), and a check that needs the setting
 * reports a gap. "Not known yet" is only for what the program set from a value known after
 * deployment; the policy wrapper turns it into a deferral, never a violation.
 *
 * A value that is present but unreadable (a number where a list belongs, a broken JSON document)
 * is known, as a `Malformed`: the wrapper reports it as a finding, so no policy handles it.
 */

export type Decision<T> = { readonly kind: "known"; readonly value: T } | { readonly kind: "notSet" } | { readonly kind: "unknown"; readonly reason: string };

export const NOT_SET: Decision<never> = Object.freeze({ kind: "notSet" });

export function known<T>(value: T): Decision<T> {
    return { kind: "known", value };
}

export function notKnownYet(reason: string): Decision<never> {
    return { kind: "unknown", reason };
}

export function isKnown<T>(d: Decision<T>): d is { kind: "known"; value: T } {
    return d.kind === "known";
}

/** The known value, or `fallback` when not set; undefined while not known yet. */
export function valueOr<T>(d: Decision<T>, fallback: T): T | undefined {
    return d.kind === "known" ? d.value : d.kind === "notSet" ? fallback : undefined;
}

/** Maps a known value; "not set" and "not known yet" pass through. */
export function mapDecision<T, U>(d: Decision<T>, f: (v: T) => U): Decision<U> {
    return d.kind === "known" ? known(f(d.value)) : d;
}

/**
 * Several decisions at once: not known yet if any is (the first reason); a `Malformed` if any
 * value is one (the wrapper reports it); else the values, with `undefined` for those not set.
 */
export function allDecided<T extends readonly Decision<unknown>[]>(
    ...ds: T
): Decision<{ [K in keyof T]: T[K] extends Decision<infer V> ? Exclude<V, Malformed> | undefined : never } | Malformed> {
    const out: unknown[] = [];
    for (const d of ds) {
        if (d.kind === "unknown") return d;
        if (d.kind === "known" && d.value instanceof Malformed) return known(d.value);
        out.push(d.kind === "known" ? d.value : undefined);
    }
    return known(out as never);
}

/** A value that is there but cannot be read as what the setting needs. */
export class Malformed {
    constructor(
        /** What is wrong, said of the setting: "retentionInDays is not a number". */
        readonly problem: string,
    ) {}
}

export function isMalformed(v: unknown): v is Malformed {
    return v instanceof Malformed;
}
