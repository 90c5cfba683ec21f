/**
 * Reads IAM policy documents (identity policies, bucket/key/endpoint resource policies, trust
 * policies) in every shape a Pulumi program produces them: a JSON string, an object, or the
 * `json` of `aws.iam.getPolicyDocument`. `Statement` may be one object or a list; `Action`,
 * `Resource` and `Principal` values may be a string or a list.
 */
import { UNKNOWN, containsUnknown } from "../graph/values";

export type PrincipalSet = {
    /** `"*"` or `{"AWS": "*"}`: anyone. */
    wildcard: boolean;
    aws: string[];
    service: string[];
    federated: string[];
    canonicalUser: string[];
    /** Some principal value is not known yet. */
    unknown: boolean;
};

export interface Statement {
    sid?: string;
    effect: "Allow" | "Deny";
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: PrincipalSet;
    notPrincipals?: PrincipalSet;
    /** operator -> condition key (lower-cased) -> values */
    conditions: Record<string, Record<string, string[]>>;
    /** Some action, resource or condition value is not known yet. */
    hasUnknown: boolean;
    index: number;
}

export type DocumentReading =
    { status: "ok"; statements: Statement[] } | { status: "absent" } | { status: "unknown" } | { status: "malformed"; reason: string };

const MAX_DOCUMENT_CHARS = 2_000_000;

/** Parses a document given as a JSON string, an object, or UNKNOWN. */
export function readDocument(doc: unknown): DocumentReading {
    if (doc === undefined || doc === null || doc === "") return { status: "absent" };
    if (doc === UNKNOWN) return { status: "unknown" };
    let value: unknown = doc;
    if (typeof doc === "string") {
        if (doc.length > MAX_DOCUMENT_CHARS) return { status: "malformed", reason: "the document is larger than IAM accepts" };
        try {
            value = JSON.parse(doc);
        } catch {
            return { status: "malformed", reason: "the document is not valid JSON" };
        }
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { status: "malformed", reason: "the document is not a JSON object" };
    }
    const rawStatements = (value as any).Statement ?? (value as any).statement;
    if (rawStatements === UNKNOWN) return { status: "unknown" };
    if (rawStatements === undefined) return { status: "malformed", reason: "the document has no Statement" };
    const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
    const statements: Statement[] = [];
    for (let i = 0; i < list.length; i++) {
        const s = list[i];
        if (s === UNKNOWN) return { status: "unknown" };
        if (s === null || typeof s !== "object" || Array.isArray(s)) {
            return { status: "malformed", reason: `statement ${i + 1} is not an object` };
        }
        const parsed = readStatement(s as Record<string, unknown>, i);
        if (typeof parsed === "string") return { status: "malformed", reason: `statement ${i + 1}: ${parsed}` };
        statements.push(parsed);
    }
    return { status: "ok", statements };
}

function stringList(v: unknown): string[] | undefined | "unknown" | "bad" {
    if (v === undefined || v === null) return undefined;
    if (v === UNKNOWN) return "unknown";
    const list = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    for (const e of list) {
        if (e === UNKNOWN) return "unknown";
        if (typeof e === "string") out.push(e);
        else if (typeof e === "number" || typeof e === "boolean") out.push(String(e));
        else return "bad";
    }
    return out;
}

function readPrincipal(v: unknown): PrincipalSet | "bad" {
    const set: PrincipalSet = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [], unknown: false };
    if (v === UNKNOWN) {
        set.unknown = true;
        return set;
    }
    if (v === "*") {
        set.wildcard = true;
        return set;
    }
    if (typeof v === "string") {
        // A bare string principal other than "*" is not valid IAM, but AWS reads ARNs/accounts.
        set.aws.push(v);
        return set;
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) return "bad";
    for (const [kind, raw] of Object.entries(v as Record<string, unknown>)) {
        const values = stringList(raw);
        if (values === "bad") return "bad";
        if (values === "unknown") {
            set.unknown = true;
            continue;
        }
        const key = kind.toLowerCase();
        for (const p of values ?? []) {
            if (key === "aws") {
                if (p === "*") set.wildcard = true;
                else set.aws.push(p);
            } else if (key === "service") set.service.push(p.toLowerCase());
            else if (key === "federated") set.federated.push(p);
            else if (key === "canonicaluser") set.canonicalUser.push(p);
            else if (p === "*") set.wildcard = true;
        }
    }
    return set;
}

function readStatement(s: Record<string, unknown>, index: number): Statement | string {
    const effectRaw = s.Effect;
    if (effectRaw === UNKNOWN) return statementWithUnknownEffect(index);
    if (effectRaw !== "Allow" && effectRaw !== "Deny") return 'Effect must be "Allow" or "Deny"';
    const st: Statement = { effect: effectRaw, conditions: {}, hasUnknown: false, index };
    if (typeof s.Sid === "string") st.sid = s.Sid;
    for (const [key, target] of [
        ["Action", "actions"],
        ["NotAction", "notActions"],
        ["Resource", "resources"],
        ["NotResource", "notResources"],
    ] as const) {
        const v = stringList(s[key]);
        if (v === "bad") return `${key} must be a string or a list of strings`;
        if (v === "unknown") st.hasUnknown = true;
        else if (v) st[target] = v;
    }
    if (s.Principal !== undefined) {
        const p = readPrincipal(s.Principal);
        if (p === "bad") return "Principal is not readable";
        st.principals = p;
    }
    if (s.NotPrincipal !== undefined) {
        const p = readPrincipal(s.NotPrincipal);
        if (p === "bad") return "NotPrincipal is not readable";
        st.notPrincipals = p;
    }
    const cond = s.Condition;
    if (cond === UNKNOWN) st.hasUnknown = true;
    else if (cond !== undefined && cond !== null) {
        if (typeof cond !== "object" || Array.isArray(cond)) return "Condition must be an object";
        for (const [op, block] of Object.entries(cond as Record<string, unknown>)) {
            if (block === UNKNOWN) {
                st.hasUnknown = true;
                st.conditions[op] = {};
                continue;
            }
            if (!block || typeof block !== "object" || Array.isArray(block)) return `Condition ${op} must be an object`;
            const keys: Record<string, string[]> = {};
            for (const [k, vals] of Object.entries(block as Record<string, unknown>)) {
                const list = stringList(vals);
                if (list === "bad") return `Condition ${op}.${k} must be a string or a list`;
                if (list === "unknown") st.hasUnknown = true;
                keys[k.toLowerCase()] = list === "unknown" || !list ? [] : list;
            }
            st.conditions[op] = keys;
        }
    }
    if (containsUnknown(s.Principal) || containsUnknown(s.NotPrincipal)) st.hasUnknown = true;
    return st;
}

function statementWithUnknownEffect(index: number): Statement {
    return { effect: "Allow", conditions: {}, hasUnknown: true, index };
}

// ---- Matching ------------------------------------------------------------------------------

const patternCache = new Map<string, RegExp>();

/** IAM wildcard matching: `*` any run, `?` one character, case-insensitive (as AWS matches actions). */
export function wildcardMatch(pattern: string, value: string): boolean {
    if (pattern === "*") return true;
    let re = patternCache.get(pattern);
    if (!re) {
        re = new RegExp(
            "^" +
                pattern
                    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                    .replace(/\*/g, ".*")
                    .replace(/\?/g, ".") +
                "$",
            "i",
        );
        if (patternCache.size > 5000) patternCache.clear();
        patternCache.set(pattern, re);
    }
    return re.test(value);
}

/** Does this statement's Action / NotAction cover `action` (e.g. "s3:PutObject")? */
export function statementCoversAction(st: Statement, action: string): boolean {
    if (st.actions) return st.actions.some(p => wildcardMatch(p, action));
    if (st.notActions) return !st.notActions.some(p => wildcardMatch(p, action));
    return false;
}

/** Does this statement's Resource / NotResource cover `resource` ("*" when any resource)? */
export function statementCoversResource(st: Statement, resource: string): boolean {
    if (st.resources) return st.resources.some(p => wildcardMatch(p, resource) || p === "*");
    if (st.notResources) return !st.notResources.some(p => wildcardMatch(p, resource));
    return true; // resource policies may omit Resource
}

/** True when the statement grants every action (`Action: "*"` or a NotAction). */
export function grantsAllActions(st: Statement): boolean {
    return (st.actions?.some(a => a === "*") ?? false) || (st.notActions !== undefined && st.actions === undefined);
}

/** `<service>:*` actions in the statement (e.g. "s3:*"), lower-cased. */
export function serviceWildcards(st: Statement): string[] {
    return (st.actions ?? []).filter(a => /^[a-z0-9-]+:\*$/i.test(a)).map(a => a.toLowerCase());
}

export function appliesToAllResources(st: Statement): boolean {
    return (st.resources?.includes("*") ?? false) || (st.notResources !== undefined && st.resources === undefined);
}

/** Condition keys (lower-case) that narrow who may use a wildcard principal. */
export const NARROWING_CONDITION_KEYS = [
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceip",
    "aws:userid",
    "kms:calleraccount",
];

/** Condition keys of the statement, lower-case, over every operator. */
export function conditionKeys(st: Statement): string[] {
    const keys: string[] = [];
    for (const block of Object.values(st.conditions)) keys.push(...Object.keys(block));
    return keys;
}

/**
 * True when some condition key in `keys` narrows the statement. A key under a negated (`...Not...`)
 * or `...IfExists` operator, or under `Null`, does not narrow an Allow: requests without the key,
 * or from everywhere else, still match.
 */
export function hasNarrowingCondition(st: Statement, keys: string[] = NARROWING_CONDITION_KEYS): boolean {
    for (const [op, block] of Object.entries(st.conditions)) {
        if (/not|ifexists|^null$/i.test(op)) continue;
        if (Object.keys(block).some(k => keys.includes(k))) return true;
    }
    return false;
}

/** An Allow to anyone (`*`, `{"AWS": "*"}`, or a NotPrincipal alone) with no condition that narrows it. */
export function isOpenToAnyone(st: Statement, keys: string[] = NARROWING_CONDITION_KEYS): boolean {
    if (st.effect !== "Allow") return false;
    const anyone = !!st.principals?.wildcard || (st.notPrincipals !== undefined && st.principals === undefined);
    return anyone && !hasNarrowingCondition(st, keys);
}

/** `arn:aws:iam::123456789012:root` or a bare account id. */
export function isAccountRootPrincipal(p: string): boolean {
    return /^\d{12}$/.test(p) || /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(p);
}

/** The condition values for `key` (lower-case) under operators matching `opPattern`. */
export function conditionValues(st: Statement, key: string, opPattern: RegExp = /./): string[] {
    const out: string[] = [];
    for (const [op, block] of Object.entries(st.conditions)) {
        if (!opPattern.test(op)) continue;
        out.push(...(block[key] ?? []));
    }
    return out;
}
