/**
 * Which KMS key a resource's key setting (`kmsKeyId`, `kmsMasterKeyId`, ...) names, as the
 * section-D encryption policies ask it: an AWS managed key (`alias/aws/<service>`, by alias or by
 * alias ARN) or a customer managed key (a key of the stack, a key ARN or id, a customer alias).
 */
import { types } from "../aws/types";
import { Decision, Malformed, NOT_SET, known, notKnownYet } from "../graph/decision";
import { KEY_TYPES, LinkSpec, links, sourcesOf } from "../graph/links";
import { block, read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN } from "../graph/values";
import { Statement, isOpenToAnyone, readDocument } from "../iam/document";

export type KeyChoice = { managedBy: "aws"; key: string } | { managedBy: "customer"; key: string };

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/** The key `path` names; an empty string is not set (the provider reports "" for no key). */
export function keyAt(resource: ResourceView, path: string): Decision<KeyChoice | Malformed> {
    const key = read.str(resource, path);
    if (key.kind !== "known") return key;
    if (key.value instanceof Malformed) return known(key.value);
    if (key.value === "") return NOT_SET;
    return known({ managedBy: AWS_MANAGED_ALIAS.test(key.value) ? "aws" : "customer", key: key.value });
}

export interface SecretKey {
    /** "the secret" or "replica in <region>". */
    where: string;
    key: KeyChoice | undefined;
}

/** The keys a Secrets Manager secret and each of its replicas are encrypted with (unset: aws/secretsmanager). */
export function secretKeys(secret: ResourceView): Decision<SecretKey[] | Malformed> {
    const own = keyAt(secret, "kmsKeyId");
    const replicas = read.list(secret, "replicas");
    if (own.kind === "unknown") return own;
    if (replicas.kind === "unknown") return replicas;
    for (const d of [own, replicas]) if (d.kind === "known" && d.value instanceof Malformed) return known(d.value);
    const out: SecretKey[] = [{ where: "the secret", key: own.kind === "known" ? (own.value as KeyChoice) : undefined }];
    const list = replicas.kind === "known" ? (replicas.value as unknown[]) : [];
    for (let i = 0; i < list.length; i++) {
        const replica = block(list[i], `${secret.name}.replicas[${i}]`);
        const region = read.str(replica, "region");
        const key = read.str(replica, "kmsKeyId");
        if (key.kind === "unknown") return key;
        const value = key.kind === "known" && typeof key.value === "string" && key.value !== "" ? key.value : undefined;
        const where = `replica in ${region.kind === "known" && typeof region.value === "string" ? region.value : `#${i + 1}`}`;
        out.push({ where, key: value ? { managedBy: AWS_MANAGED_ALIAS.test(value) ? "aws" : "customer", key: value } : undefined });
    }
    return known(out);
}

/** Days a KMS key waits between scheduled deletion and deletion; AWS uses 30 when unset. */
export function deletionWindowDays(key: ResourceView): Decision<number | Malformed> {
    const days = read.num(key, "deletionWindowInDays");
    return days.kind === "notSet" ? known(30) : days;
}

// ---- KMS keys of the stack: references, key policies, rotation ---------------------------------

/** Keys of the stack with a key policy of their own (customer managed, replica, external). */
export function policyKeys(graph: StackGraph): ResourceView[] {
    return graph.ofType(...KEY_TYPES);
}

/**
 * The keys of the stack a reference names (key ARN, key id, alias name or alias ARN; an alias
 * of the stack names the key it targets), at `path` (the link's own, or a concrete instance of
 * it). Not set when it names no key of the stack (an AWS managed key, another stack's key).
 */
export function keysNamedBy(graph: StackGraph, spec: LinkSpec, from: ResourceView, path: string = spec.path): Decision<ResourceView[]> {
    const res = graph.resolve(from, path, [...spec.to]);
    if (res.status === "undecided") return notKnownYet(res.reason);
    if (res.status === "missing") return NOT_SET;
    const out: ResourceView[] = [];
    for (const t of res.targets) {
        if (t.type !== types.kms.Alias) {
            if (!out.includes(t)) out.push(t);
            continue;
        }
        const via = graph.resolve(t, links.aliasTargetKey.path, [...links.aliasTargetKey.to]);
        if (via.status === "undecided") return notKnownYet(`alias ${t.name} targets a key not known until deployment`);
        if (via.status === "found") via.targets.forEach(k => out.includes(k) || out.push(k));
    }
    return out.length ? known(out) : NOT_SET;
}

export interface KeyPolicy {
    statements: Statement[];
    /** The resource that holds the document: the key itself or a KeyPolicy. */
    on: ResourceView;
    /** The document cannot be read: why (statements are then empty). */
    malformed?: string;
}

function keyPolicyOn(holder: ResourceView): Decision<KeyPolicy> {
    const doc = readDocument(holder.props.get("policy"));
    switch (doc.status) {
        case "ok":
            return known({ statements: doc.statements, on: holder });
        case "unknown":
            return notKnownYet(`the key policy on ${holder.name} is not known until deployment`);
        case "malformed":
            return known({ statements: [], on: holder, malformed: doc.reason });
        case "absent":
            return NOT_SET;
    }
}

/**
 * The key's effective policy: a KeyPolicy resource wins over the inline `policy`. Not set when
 * there is none (AWS applies the default key policy: the account root only).
 */
export function keyPolicy(graph: StackGraph, key: ResourceView): Decision<KeyPolicy> {
    const split = sourcesOf(graph, links.keyPolicyKey, key);
    for (const kp of split.resources) {
        const r = keyPolicyOn(kp);
        if (r.kind !== "notSet") return r;
    }
    const inline = keyPolicyOn(key);
    if (inline.kind !== "notSet") return inline;
    if (split.maybeMore) return notKnownYet("a KeyPolicy whose key is not known yet may configure it");
    return NOT_SET;
}

/** KeyPolicy resources that name no key of the stack (a key managed elsewhere, or not matched). */
export function unlinkedKeyPolicies(graph: StackGraph): ResourceView[] {
    const linked = graph.linksTo([...links.keyPolicyKey.from], links.keyPolicyKey.path, [...links.keyPolicyKey.to]).bySource;
    return graph.ofType(...links.keyPolicyKey.from).filter(kp => linked.get(kp.urn)?.status !== "found");
}

/** The document of a KeyPolicy resource on its own; a KeyPolicy without a document is malformed. */
export function keyPolicyDocument(kp: ResourceView): Decision<KeyPolicy> {
    const d = keyPolicyOn(kp);
    if (d.kind === "unknown") return notKnownYet("the key policy is not known until deployment");
    return d.kind === "notSet" ? known({ statements: [], on: kp, malformed: "the KeyPolicy has no policy document" }) : d;
}

/** `bypassPolicyLockoutSafetyCheck` on a key or KeyPolicy (false when absent or not a boolean). */
export function bypassesLockoutCheck(holder: ResourceView): Decision<boolean> {
    const v = holder.props.bool("bypassPolicyLockoutSafetyCheck");
    return v === UNKNOWN ? notKnownYet("bypassPolicyLockoutSafetyCheck is not known until deployment") : known(v === true);
}

export interface OpenStatements {
    /** Statements that allow any principal without a narrowing condition: their Sid (when it may be shown) or position (0-based). */
    open: { sid?: string; index: number }[];
    /** The document cannot be read: why. */
    malformed?: string;
}

/**
 * The statements of a key policy that allow any principal ("*") without a narrowing condition;
 * not known yet when only a statement whose condition is not known yet might. Sids are left out
 * when the document or the Sid is secret. A document that cannot be read says why.
 */
export function openStatements(policy: KeyPolicy): Decision<OpenStatements> {
    if (policy.malformed) return known({ open: [], malformed: policy.malformed });
    const open: Statement[] = [];
    let undecided = false;
    for (const st of policy.statements) {
        if (!isOpenToAnyone(st)) continue;
        if (st.hasUnknown) undecided = true;
        else open.push(st);
    }
    if (!open.length && undecided) return notKnownYet("a wildcard-principal statement's condition is not known until deployment");
    const secrets = policy.on.props.secrets();
    const raw = policy.on.props.get("policy");
    const secretDoc = typeof raw === "string" && secrets.has(raw);
    return known({ open: open.map(s => ({ sid: s.sid && !secretDoc && !secrets.has(s.sid) ? s.sid : undefined, index: s.index })) });
}

export type Rotation =
    /** Asymmetric and HMAC keys and keys in custom key stores cannot rotate automatically. */
    { applies: false } | { applies: true; enabled: boolean; /** `enableKeyRotation` is there but not a boolean. */ notBoolean: boolean };

/** Whether a customer managed key rotates automatically (`enableKeyRotation`), for the keys that can. */
export function automaticRotation(key: ResourceView): Decision<Rotation> {
    for (const prop of ["customerMasterKeySpec", "keySpec"]) {
        const spec = key.props.get(prop);
        if (spec === UNKNOWN) return notKnownYet(`${prop} is not known until deployment`);
        if (typeof spec === "string" && spec !== "" && spec.toUpperCase() !== "SYMMETRIC_DEFAULT") return known({ applies: false });
    }
    const usage = key.props.get("keyUsage");
    if (usage === UNKNOWN) return notKnownYet("keyUsage is not known until deployment");
    if (typeof usage === "string" && usage !== "" && usage.toUpperCase() !== "ENCRYPT_DECRYPT") return known({ applies: false });
    const store = key.props.get("customKeyStoreId");
    if (store === UNKNOWN) return notKnownYet("customKeyStoreId is not known until deployment");
    if (typeof store === "string" && store !== "") return known({ applies: false });
    const rotation = key.props.bool("enableKeyRotation");
    if (rotation === UNKNOWN) return notKnownYet("enableKeyRotation is not known until deployment");
    return known({ applies: true, enabled: rotation === true, notBoolean: rotation === undefined && key.props.has("enableKeyRotation") });
}
