/**
 * Reading a resource's settings as Decisions. Facts use these; policies never read properties.
 *
 *   read.num(logGroup, "retentionInDays")         Decision<number | Malformed>
 *   read.str(rule, "status", "rules[0]")          nested values of an already-read block
 *
 * A value of the wrong type is known, as a `Malformed` (the wrapper reports it); a value that is
 * not known yet gives its reason; an absent one is "not set".
 */
import { Decision, Malformed, NOT_SET, known, notKnownYet } from "./decision";
import { ResourceView } from "./resource";
import { PathSegment, UNKNOWN, asBool, asNumber, field } from "./values";

type Source = ResourceView | { value: unknown; name: string };

function raw(source: Source, path: string | PathSegment[]): unknown {
    return "props" in source ? source.props.get(path) : field(source.value, path);
}

function label(path: string | PathSegment[]): string {
    return Array.isArray(path) ? path.join(".") : path;
}

function decide<T>(source: Source, path: string | PathSegment[], parse: (v: unknown) => T | undefined, expected: string): Decision<T | Malformed> {
    const v = raw(source, path);
    if (v === UNKNOWN) return notKnownYet(`${label(path)} of ${source.name} is not known until deployment`);
    if (v === undefined) return NOT_SET;
    const parsed = parse(v);
    return parsed === undefined ? known(new Malformed(`${label(path)} is not ${expected}`)) : known(parsed);
}

export const read = {
    /** Any value (cleaned: secrets unwrapped, nested unknowns as UNKNOWN). */
    value(source: Source, path: string | PathSegment[]): Decision<unknown> {
        const v = raw(source, path);
        if (v === UNKNOWN) return notKnownYet(`${label(path)} of ${source.name} is not known until deployment`);
        return v === undefined ? NOT_SET : known(v);
    },
    str(source: Source, path: string | PathSegment[]): Decision<string | Malformed> {
        return decide(source, path, v => (typeof v === "string" ? v : undefined), "a string");
    },
    bool(source: Source, path: string | PathSegment[]): Decision<boolean | Malformed> {
        return decide(source, path, v => asBool(v) as boolean | undefined, "a boolean");
    },
    num(source: Source, path: string | PathSegment[]): Decision<number | Malformed> {
        return decide(source, path, v => asNumber(v) as number | undefined, "a number");
    },
    /** A list; a single object where a list is expected is read as a one-element list. */
    list(source: Source, path: string | PathSegment[]): Decision<unknown[] | Malformed> {
        return decide(source, path, v => (Array.isArray(v) ? v : typeof v === "object" ? [v] : undefined), "a list");
    },
    obj(source: Source, path: string | PathSegment[]): Decision<Record<string, unknown> | Malformed> {
        return decide(source, path, v => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined), "an object");
    },
};

/** A nested block read earlier, to read further with `read.*` (its name labels the reasons). */
export function block(value: unknown, name: string): { value: unknown; name: string } {
    return { value, name };
}
