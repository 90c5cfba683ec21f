/**
 * KMS keys and their policies: a key's effective policy (inline `policy` on aws.kms.Key, or a
 * separate aws.kms.KeyPolicy pointing at the key, which replaces it), references to a key by
 * ARN, id or alias (aws.kms.Alias -> targetKeyId), and whether a key policy grants a service
 * principal a set of actions.
 */
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN } from "../graph/values";
import { Statement, readDocument, statementCoversAction, wildcardMatch } from "../iam/document";

export const KEY_TYPE = "aws:kms/key:Key";
export const KEY_POLICY_TYPE = "aws:kms/keyPolicy:KeyPolicy";
export const ALIAS_TYPE = "aws:kms/alias:Alias";
/** Every key type that carries its own key policy (rotation applies to aws.kms.Key only). */
export const POLICY_KEY_TYPES = [KEY_TYPE, "aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey"];

export type KeyPolicyReading =
    /** `source` is the resource that holds the document (the key itself or a KeyPolicy). */
    | { status: "ok"; statements: Statement[]; source: ResourceView }
    /** No explicit policy: AWS applies the default key policy (account root only). */
    | { status: "absent" }
    | { status: "unknown"; reason: string }
    | { status: "malformed"; reason: string; source: ResourceView };

/** Keys of the stack with a key policy of their own (customer managed, replica, external). */
export function keys(graph: StackGraph): ResourceView[] {
    return graph.ofType(...POLICY_KEY_TYPES);
}

/** KeyPolicy resources indexed by the key they configure (computed once per graph). */
export function keyPolicyIndex(graph: StackGraph) {
    return graph.linksTo([KEY_POLICY_TYPE], "keyId", POLICY_KEY_TYPES);
}

/** The KeyPolicy resources of `key`, and whether some KeyPolicy names a key not known yet. */
export function keyPolicyResources(graph: StackGraph, key: ResourceView): { resources: ResourceView[]; maybeMore: boolean } {
    const index = keyPolicyIndex(graph);
    return { resources: index.get(key.urn) ?? [], maybeMore: index.undecided.length > 0 };
}

function readFrom(source: ResourceView): KeyPolicyReading | undefined {
    const doc = readDocument(source.props.get("policy"));
    switch (doc.status) {
        case "ok":
            return { status: "ok", statements: doc.statements, source };
        case "unknown":
            return { status: "unknown", reason: `the key policy on ${source.name} is not known until deployment` };
        case "malformed":
            return { status: "malformed", reason: doc.reason, source };
        case "absent":
            return undefined;
    }
}

/** The key's effective policy: a KeyPolicy resource wins over the inline `policy`. */
export function effectiveKeyPolicy(graph: StackGraph, key: ResourceView): KeyPolicyReading {
    const split = keyPolicyResources(graph, key);
    for (const kp of split.resources) {
        const r = readFrom(kp);
        if (r) return r;
    }
    const inline = readFrom(key);
    if (inline) return inline;
    if (split.maybeMore) return { status: "unknown", reason: "a KeyPolicy whose key is not known yet may configure it" };
    return { status: "absent" };
}

/** `bypassPolicyLockoutSafetyCheck` on a key or KeyPolicy: true, false (absent) or UNKNOWN. */
export function bypassesLockoutCheck(holder: ResourceView): boolean | typeof UNKNOWN {
    const v = holder.props.bool("bypassPolicyLockoutSafetyCheck");
    return v === UNKNOWN ? UNKNOWN : v === true;
}

export type KeyRef =
    | { status: "found"; keys: ResourceView[] }
    /** Names no key of this stack (an AWS managed key, another stack's key) or is absent. */
    | { status: "missing" }
    | { status: "undecided"; reason: string };

/** Resolves a property that names a KMS key (key ARN, key id, alias name or alias ARN). */
export function resolveKeyRef(graph: StackGraph, from: ResourceView, path: string): KeyRef {
    const res = graph.resolve(from, path, [...POLICY_KEY_TYPES, ALIAS_TYPE]);
    if (res.status === "undecided") return { status: "undecided", reason: res.reason };
    if (res.status === "missing") return { status: "missing" };
    const out: ResourceView[] = [];
    for (const t of res.targets) {
        if (t.type !== ALIAS_TYPE) {
            if (!out.includes(t)) out.push(t);
            continue;
        }
        const via = graph.resolve(t, "targetKeyId", POLICY_KEY_TYPES);
        if (via.status === "undecided") return { status: "undecided", reason: `alias ${t.name} targets a key not known until deployment` };
        if (via.status === "found") via.targets.forEach(k => out.includes(k) || out.push(k));
    }
    return out.length ? { status: "found", keys: out } : { status: "missing" };
}

export interface ServiceNeed {
    /** Acceptable service principals (lower-case; `*` wildcards allowed). */
    principals: string[];
    /** Human label, e.g. "logs.us-west-2.amazonaws.com". */
    label: string;
    /** Concrete actions the service calls; each must be allowed. */
    actions: string[];
    /** Action patterns shown in messages and fixes. */
    actionPatterns: string[];
}

export type GrantVerdict = { status: "granted" } | { status: "missing"; actions: string[] } | { status: "unknown" };

function principalMatches(st: Statement, need: ServiceNeed): boolean | "unknown" {
    const p = st.principals;
    if (!p) return false;
    if (p.wildcard) return true;
    if (p.service.some(s => need.principals.some(n => wildcardMatch(n, s)))) return true;
    return p.unknown ? "unknown" : false;
}

/** Does the policy Allow (and not unconditionally Deny) the service every action it needs? */
export function grantsService(statements: Statement[], need: ServiceNeed): GrantVerdict {
    const missing: string[] = [];
    let unknown = false;
    for (const action of need.actions) {
        let allowed = false;
        let denied = false;
        for (const st of statements) {
            const pm = principalMatches(st, need);
            if (pm === "unknown") {
                unknown = true;
                continue;
            }
            if (!pm) continue;
            if (st.hasUnknown && !st.actions && !st.notActions) {
                unknown = true;
                continue;
            }
            if (!statementCoversAction(st, action)) continue;
            if (st.effect === "Allow") allowed = true;
            else if (Object.keys(st.conditions).length === 0) denied = true;
        }
        if (!allowed || denied) missing.push(action);
    }
    if (!missing.length) return { status: "granted" };
    return unknown ? { status: "unknown" } : { status: "missing", actions: missing };
}

const LOGS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"];
const LOGS_PATTERNS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

/** CloudWatch Logs, regional principal (logs.<region>.amazonaws.com) or the global one. */
export function logsNeed(region: string | undefined): ServiceNeed {
    const regional = region ? `logs.${region.toLowerCase()}.amazonaws.com` : "logs.*.amazonaws.com";
    return {
        principals: [regional, "logs.amazonaws.com"],
        label: region ? regional : "logs.<region>.amazonaws.com",
        actions: LOGS_ACTIONS,
        actionPatterns: LOGS_PATTERNS,
    };
}

export const CLOUDTRAIL_NEED: ServiceNeed = {
    principals: ["cloudtrail.amazonaws.com"],
    label: "cloudtrail.amazonaws.com",
    actions: ["kms:GenerateDataKey", "kms:DescribeKey"],
    actionPatterns: ["kms:GenerateDataKey*", "kms:DescribeKey"],
};

/** A service that publishes into an encrypted SNS topic or SQS queue. */
export function publisherNeed(service: string): ServiceNeed {
    return { principals: [service], label: service, actions: ["kms:GenerateDataKey", "kms:Decrypt"], actionPatterns: ["kms:GenerateDataKey*", "kms:Decrypt"] };
}

/** Identifier-safe variable name for a logical name, for fix snippets. */
export function varName(name: string, fallback = "key"): string {
    return (
        name
            .replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
            .replace(/[^A-Za-z0-9_]/g, "")
            .replace(/^[^A-Za-z_]+/, "") || fallback
    );
}
