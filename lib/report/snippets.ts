/**
 * "Fix:" snippets: Pulumi TypeScript that a user can paste. Every snippet of the pack is built
 * here, so each one is valid TypeScript: identifiers made from logical names are legal names,
 * strings are quoted and escaped, and code (a reference such as `bucket.id`) is marked as such.
 *
 *   fix.newResource("aws.s3.BucketVersioning", `${bucket.name}-versioning`, {
 *       bucket: fix.ref(bucket.name, "id"), versioningConfiguration: { status: "Enabled" } })
 *   -> new aws.s3.BucketVersioning("data-versioning", { bucket: data.id, versioningConfiguration: { status: "Enabled" } })
 */

const RESERVED = new Set(
    (
        "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
        "instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private " +
        "protected public static yield await any boolean number string symbol type of async aws pulumi"
    ).split(" "),
);

/** A legal TypeScript identifier for a logical name: "data-logs" -> "dataLogs", "3-buckets" -> "r3Buckets". */
export function identifier(logicalName: string, fallback = "resource"): string {
    const words = logicalName.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
    let id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
    if (!id) id = fallback;
    if (/^[0-9]/.test(id)) id = `r${id.charAt(0).toUpperCase()}${id.slice(1)}`;
    return RESERVED.has(id) ? `${id}Resource` : id;
}

/** Code inside a snippet (not a string literal). */
export class Code {
    constructor(readonly text: string) {}
}

export function code(text: string): Code {
    return new Code(text);
}

/** A reference to an output of the resource with that logical name: `data.id`. */
export function ref(logicalName: string, output: string): Code {
    return code(`${identifier(logicalName)}.${output}`);
}

/** Renders a value as TypeScript source. */
export function render(value: unknown): string {
    if (value instanceof Code) return value.text;
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (value === null || value === undefined) return "undefined";
    if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (!entries.length) return "{}";
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k)}: ${render(v)}`).join(", ")} }`;
}

/** `new aws.s3.BucketVersioning("data-versioning", { ... })`. */
export function newResource(className: string, logicalName: string, args: Record<string, unknown>): string {
    return `new ${className}(${JSON.stringify(logicalName)}, ${render(args)})`;
}

/** Arguments to add to an existing resource: `retentionInDays: 90, kmsKeyId: key.arn`. */
export function args(values: Record<string, unknown>): string {
    const text = render(values);
    return text === "{}" ? "" : text.slice(2, -2);
}
