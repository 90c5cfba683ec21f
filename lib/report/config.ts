/**
 * Policy config: validated against the policy's JSON Schema (ajv) with defaults filled in.
 * A bad value yields a message naming the policy and the field, never an exception.
 */
import Ajv, { ValidateFunction } from "ajv";

export interface JsonSchemaProperty {
    type?: string | string[];
    description?: string;
    default?: unknown;
    enum?: unknown[];
    items?: JsonSchemaProperty;
    properties?: Record<string, JsonSchemaProperty>;
    additionalProperties?: boolean | JsonSchemaProperty;
    required?: string[];
    minimum?: number;
    maximum?: number;
    minItems?: number;
    minProperties?: number;
    maxProperties?: number;
    pattern?: string;
    format?: string;
    oneOf?: JsonSchemaProperty[];
    anyOf?: JsonSchemaProperty[];
}

export interface ConfigProblem {
    policy: string;
    field: string;
    message: string;
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
const results = new Map<string, { config: any } | { problem: ConfigProblem }>();

function validatorFor(policy: string, properties: Record<string, JsonSchemaProperty>): ValidateFunction {
    let v = validators.get(policy);
    if (!v) {
        ajv ??= new Ajv({ useDefaults: true, allErrors: false, strict: false });
        v = ajv.compile({ type: "object", properties });
        validators.set(policy, v);
    }
    return v;
}

/** The JSON Schema document for a policy's config (also used by tests and the README). */
export function configSchemaDocument(properties: Record<string, JsonSchemaProperty>): object {
    return { type: "object", properties };
}

export function resolveConfig<C>(policy: string, properties: Record<string, JsonSchemaProperty>, raw: unknown): { config: C } | { problem: ConfigProblem } {
    const key = policy + "\u0000" + safeStringify(raw);
    const hit = results.get(key);
    if (hit) return hit as { config: C } | { problem: ConfigProblem };
    const copy = raw && typeof raw === "object" ? JSON.parse(safeStringify(raw)) : {};
    const validate = validatorFor(policy, properties);
    let result: { config: C } | { problem: ConfigProblem };
    if (validate(copy)) {
        result = { config: copy as C };
    } else {
        const err = validate.errors?.[0];
        const field = (err?.instancePath || "").replace(/^\//, "").replace(/\//g, ".") || String((err?.params as any)?.missingProperty ?? "(config)");
        result = {
            problem: {
                policy,
                field,
                message: `Invalid configuration for policy ${policy}: field '${field}' ${err?.message ?? "is invalid"}. Fix the policy pack config (--policy-pack-config) for ${policy}.`,
            },
        };
    }
    if (results.size > 1000) results.clear();
    results.set(key, result);
    return result;
}

function safeStringify(v: unknown): string {
    try {
        return JSON.stringify(v ?? {}) ?? "{}";
    } catch {
        return "{}";
    }
}
