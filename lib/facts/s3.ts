/**
 * Facts about S3 buckets, from both shapes a program may use: the deprecated inline arguments of
 * `aws.s3.Bucket` / `BucketV2` and the v7 split resources that point at the bucket. A split
 * resource decides over the inline value: after an update the bucket reports what AWS applied
 * when it was created, before the split resource ran (docs/engine-model.md).
 *
 * Also: which buckets receive logs (S3 server access logs, load balancer and CloudFront access
 * logs, CloudTrail, VPC flow logs), their policies, public exposure, encryption and lifecycle.
 */
import { types } from "../aws/types";
import { BUCKET_TYPES, LinkSpec, links, sourcesOf } from "../graph/links";
import { Decision, NOT_SET, known, notKnownYet } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { Resolution, StackGraph } from "../graph/stack-graph";
import { Maybe, UNKNOWN, asBool, asList, asNumber, asString, field } from "../graph/values";
import {
    DocumentReading,
    NARROWING_CONDITION_KEYS,
    Statement,
    conditionValues,
    grantsAllActions,
    isAccountRootPrincipal,
    isOpenToAnyone,
    readDocument,
    statementCoversAction,
} from "../iam/document";
import { listNames } from "../report/shown";
import { keysNamedBy } from "./keys";

export function buckets(graph: StackGraph): ResourceView[] {
    return graph.ofType(...BUCKET_TYPES);
}

export interface Versioning {
    enabled: boolean;
    /** The split resources that configure it (none: the inline argument, or nothing). */
    via: ResourceView[];
}

/** Whether versioning is Enabled; not set when neither shape configures it. */
export function versioning(graph: StackGraph, bucket: ResourceView): Decision<Versioning> {
    const split = sourcesOf(graph, links.bucketVersioning, bucket);
    if (split.resources.length) {
        const statuses = split.resources.map(r => read.str(r, "versioningConfiguration.status"));
        if (statuses.some(d => d.kind === "known" && d.value === "Enabled")) return known({ enabled: true, via: split.resources });
        const pending = statuses.find(d => d.kind === "unknown");
        return pending ?? known({ enabled: false, via: split.resources });
    }
    const inline = read.bool(bucket, "versioning.enabled");
    if (inline.kind === "known" && inline.value === true) return known({ enabled: true, via: [] });
    if (inline.kind === "unknown") return inline;
    if (split.maybeMore) return notKnownYet(`a ${typeName(links.bucketVersioning.from[0])} whose bucket is not known yet may configure it`);
    return inline.kind === "known" ? known({ enabled: false, via: [] }) : NOT_SET;
}

function typeName(token: string): string {
    return token.split(":").pop() ?? token;
}

// ---- references to buckets ------------------------------------------------------------------

/**
 * The bucket name inside a value that names a bucket: a bare name, `name/prefix`, an S3 ARN
 * (`arn:aws:s3:::name/prefix`) or a domain name (`name.s3.amazonaws.com`, `name.s3.<region>.amazonaws.com`).
 */
export function bucketNameFromReference(value: string): string | undefined {
    let v = value.trim();
    if (!v) return undefined;
    const arn = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(v);
    if (arn) return arn[1];
    v = v.replace(/^s3:\/\//, "");
    const domain = /^([a-z0-9][a-z0-9.-]*?)\.s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?\.?$/i.exec(v);
    if (domain) return domain[1];
    const slash = v.indexOf("/");
    return slash > 0 ? v.slice(0, slash) : v;
}

/**
 * Resolves a link that names a bucket, at `path` (the link's own path, or a concrete instance of
 * it such as a list index). Beyond the graph's resolution (property dependencies, known ids, ARNs
 * and names) it also reads bucket domain names and `name/prefix` forms.
 */
function bucketRef(graph: StackGraph, spec: LinkSpec, from: ResourceView, path: string = spec.path): Resolution {
    const res = graph.resolve(from, path, [...spec.to]);
    if (res.status !== "missing" || !res.values.length) return res;
    const found: ResourceView[] = [];
    const unmatched: string[] = [];
    for (const value of res.values) {
        const name = bucketNameFromReference(value);
        const hits = name ? graph.byPhysicalIdentity(name, [...spec.to]) : [];
        if (hits.length === 1) {
            if (!found.includes(hits[0])) found.push(hits[0]);
        } else if (hits.length > 1) {
            return { status: "undecided", reason: `${path} matches ${hits.length} buckets` };
        } else unmatched.push(value);
    }
    return found.length ? { status: "found", targets: found } : { status: "missing", values: unmatched };
}

/** A list value (a single value read as one element); empty when absent or unknown. */
function knownList(v: unknown): unknown[] {
    const l = asList(v);
    return Array.isArray(l) ? l : [];
}

const caches = new WeakMap<StackGraph, Map<string, unknown>>();

function cached<T>(graph: StackGraph, key: string, build: () => T): T {
    let m = caches.get(graph);
    if (!m) caches.set(graph, (m = new Map()));
    if (!m.has(key)) m.set(key, build());
    return m.get(key) as T;
}

/** The inline logging entries of a bucket (`logging` on Bucket, `loggings` on BucketV2), with the path of each targetBucket. */
function inlineLogging(bucket: ResourceView): { entries: { entry: unknown; path: string }[]; unknown: boolean } {
    const out: { entries: { entry: unknown; path: string }[]; unknown: boolean } = { entries: [], unknown: false };
    for (const key of ["logging", "loggings"]) {
        const raw = bucket.props.get(key);
        if (raw === UNKNOWN) out.unknown = true;
        else knownList(raw).forEach((entry, i) => out.entries.push({ entry, path: Array.isArray(raw) ? `${key}[${i}].targetBucket` : `${key}.targetBucket` }));
    }
    return out;
}

// ---- bucket policies --------------------------------------------------------------------------

/** A resource that holds a bucket policy document: a bucket (inline `policy`) or a `BucketPolicy`. */
export interface PolicyHolder {
    resource: ResourceView;
    inline: boolean;
    /** The bucket a BucketPolicy configures, when it names one of the stack. */
    bucket?: ResourceView;
}

interface PolicySource {
    resource: ResourceView;
    reading: DocumentReading;
}

function readPolicyOf(resource: ResourceView): DocumentReading {
    return readDocument(resource.props.get("policy"));
}

/** The bucket's policy documents: inline `policy` and every `BucketPolicy` pointing at it. */
function bucketPolicies(graph: StackGraph, bucket: ResourceView): { sources: PolicySource[]; maybeMore: boolean } {
    const sources: PolicySource[] = [];
    const inline = readPolicyOf(bucket);
    if (inline.status !== "absent") sources.push({ resource: bucket, reading: inline });
    const split = sourcesOf(graph, links.bucketPolicy, bucket);
    for (const r of split.resources) sources.push({ resource: r, reading: readPolicyOf(r) });
    return { sources, maybeMore: split.maybeMore };
}

/** Every bucket policy document of the stack once: inline on buckets, and every BucketPolicy (linked or not). */
export function bucketPolicyHolders(graph: StackGraph): PolicyHolder[] {
    const out: PolicyHolder[] = buckets(graph)
        .filter(b => readPolicyOf(b).status !== "absent")
        .map(b => ({ resource: b, inline: true, bucket: b }));
    const index = graph.linksTo([...links.bucketPolicy.from], links.bucketPolicy.path, [...links.bucketPolicy.to]);
    for (const p of graph.ofType(...links.bucketPolicy.from)) {
        const res = index.bySource.get(p.urn);
        out.push({ resource: p, inline: false, bucket: res?.status === "found" ? res.targets[0] : undefined });
    }
    return out;
}

/** An Allow statement open to anyone with no narrowing condition (see lib/iam/document.ts). */
const allowsAnyone = (st: Statement): boolean => isOpenToAnyone(st, NARROWING_CONDITION_KEYS);

/** What an Allow statement grants too broadly. */
export type BroadGrant = "any-principal" | "every-action" | "root-s3";

export interface BroadStatement {
    /** The statement's Sid; absent when it has none or the document holds secret values. */
    sid?: string;
    /** Its position in the document (0-based). */
    index: number;
    grant: BroadGrant;
}

export interface PolicyScope {
    broad: BroadStatement[];
    /** The document cannot be read: why. */
    malformed?: string;
}

/** `s3:*` or `*` among the statement's actions (or a NotAction, which grants everything else). */
function grantsAllS3(st: Statement): boolean {
    return grantsAllActions(st) || (st.actions ?? []).some(a => a.toLowerCase() === "s3:*");
}

/** The first broad grant of an Allow statement, "undecided" when it depends on values not known yet. */
function broadGrant(st: Statement): BroadGrant | "undecided" | undefined {
    if (st.effect !== "Allow") return undefined;
    if (allowsAnyone(st)) return "any-principal";
    if (grantsAllActions(st)) return "every-action";
    if ((st.principals?.aws ?? []).some(isAccountRootPrincipal) && grantsAllS3(st)) return "root-s3";
    if (st.hasUnknown && (st.principals?.unknown || (!st.actions && !st.notActions))) return "undecided";
    return undefined;
}

/** The statements of a holder's policy document that Allow too much; not set when it holds no document. */
export function policyScope(holder: ResourceView): Decision<PolicyScope> {
    const r = readPolicyOf(holder);
    if (r.status === "absent") return NOT_SET;
    if (r.status === "unknown") return notKnownYet("the bucket policy document is not known until deployment");
    if (r.status === "malformed") return known({ broad: [], malformed: r.reason });
    // Never quote a Sid out of a document that holds secret values.
    const secretDoc = holder.props.secrets().size > 0;
    const broad: BroadStatement[] = [];
    let undecided = false;
    for (const st of r.statements) {
        const g = broadGrant(st);
        if (g === "undecided") undecided = true;
        else if (g) broad.push({ sid: st.sid && !secretDoc ? st.sid : undefined, index: st.index, grant: g });
    }
    if (!broad.length && undecided) return notKnownYet("some principals or actions of the bucket policy are not known until deployment");
    return known({ broad });
}

/** Condition keys a "deny unless" statement may restrict on: named principals and VPC endpoints. */
const DENY_UNLESS_KEYS = ["aws:principalarn", "aws:sourcevpce"];

function isDenyUnlessFrom(st: Statement): boolean {
    if (st.effect !== "Deny" || !(st.principals?.wildcard ?? false)) return false;
    return Object.entries(st.conditions).some(([op, block]) => /not/i.test(op) && Object.keys(block).some(k => DENY_UNLESS_KEYS.includes(k)));
}

/** A Deny to everyone of S3 reads and writes when aws:SecureTransport is false. */
function deniesPlainHttp(st: Statement): boolean {
    if (st.effect !== "Deny" || !st.principals?.wildcard) return false;
    if (!statementCoversAction(st, "s3:GetObject") || !statementCoversAction(st, "s3:PutObject")) return false;
    return conditionValues(st, "aws:securetransport", /^Bool(IfExists)?$/i).some(v => v.toLowerCase() === "false");
}

export interface DenyStatement {
    /** Some policy of the bucket has such a Deny statement. */
    present: boolean;
    /** The bucket's policies (inline and BucketPolicy resources) that are there. */
    policies: ResourceView[];
    /** Names of those whose document cannot be read, with the reason: "p (reason)". */
    malformed: string[];
}

/** Whether some policy of the bucket has a Deny statement `test` accepts; undecided Deny statements make it not known yet. */
function denyStatement(graph: StackGraph, bucket: ResourceView, test: (st: Statement) => boolean): Decision<DenyStatement> {
    const { sources, maybeMore } = bucketPolicies(graph, bucket);
    let unknown = maybeMore;
    const malformed: string[] = [];
    for (const s of sources) {
        const r = s.reading;
        if (r.status === "unknown") unknown = true;
        else if (r.status === "malformed") malformed.push(`${s.resource.name} (${r.reason})`);
        else if (r.status === "ok") {
            if (r.statements.some(test)) return known({ present: true, policies: sources.map(x => x.resource), malformed: [] });
            if (r.statements.some(st => st.effect === "Deny" && st.hasUnknown)) unknown = true;
        }
    }
    if (malformed.length) return known({ present: false, policies: sources.map(x => x.resource), malformed });
    if (unknown) return notKnownYet("the bucket policy is not known until deployment");
    return known({ present: false, policies: sources.map(x => x.resource), malformed });
}

/** Whether the bucket's policy denies requests made without TLS (aws:SecureTransport false). */
export function tlsOnly(graph: StackGraph, bucket: ResourceView): Decision<DenyStatement> {
    return denyStatement(graph, bucket, deniesPlainHttp);
}

/** Whether the bucket's policy denies requests unless they come from named principals (aws:PrincipalArn) or VPC endpoints (aws:SourceVpce). */
export function denyUnlessFrom(graph: StackGraph, bucket: ResourceView): Decision<DenyStatement> {
    return denyStatement(graph, bucket, isDenyUnlessFrom);
}

// ---- public access blocks and public exposure ------------------------------------------------

type Flags = {
    blockPublicAcls: Maybe<boolean>;
    blockPublicPolicy: Maybe<boolean>;
    ignorePublicAcls: Maybe<boolean>;
    restrictPublicBuckets: Maybe<boolean>;
};
export type PublicAccessFlag = keyof Flags;
export const PUBLIC_ACCESS_FLAGS: PublicAccessFlag[] = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

function readFlags(r: ResourceView): Flags {
    const out = {} as Flags;
    for (const f of PUBLIC_ACCESS_FLAGS) out[f] = r.props.bool(f);
    return out;
}

/** Which of the four flags are not (known to be) true; UNKNOWN when some flag is unknown and none is false. */
function missingFlags(flags: Flags): PublicAccessFlag[] | typeof UNKNOWN {
    const missing = PUBLIC_ACCESS_FLAGS.filter(f => flags[f] !== true && flags[f] !== UNKNOWN);
    if (missing.length) return missing;
    return PUBLIC_ACCESS_FLAGS.some(f => flags[f] === UNKNOWN) ? UNKNOWN : [];
}

function merge(a: Maybe<boolean>, b: Maybe<boolean>): Maybe<boolean> {
    if (a === true || b === true) return true;
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    return a ?? b;
}

function accountBlocks(graph: StackGraph): { full?: ResourceView; flags: Flags } {
    return cached(graph, "account-pab", () => {
        const flags: Flags = { blockPublicAcls: undefined, blockPublicPolicy: undefined, ignorePublicAcls: undefined, restrictPublicBuckets: undefined };
        let full: ResourceView | undefined;
        for (const r of graph.ofType(types.s3.AccountPublicAccessBlock)) {
            const f = readFlags(r);
            for (const k of PUBLIC_ACCESS_FLAGS) flags[k] = merge(flags[k], f[k]);
            const m = missingFlags(f);
            if (m !== UNKNOWN && m.length === 0) full = r;
        }
        return { full, flags };
    });
}

export interface PublicAccessBlock {
    /** All four flags are true on some block of the bucket, or on an account-level block of the stack. */
    complete: boolean;
    /** The account-level block that covers the bucket. */
    account?: ResourceView;
    /** Otherwise: the bucket's block closest to complete, and the flags it lacks. */
    closest?: ResourceView;
    missing: PublicAccessFlag[];
}

/** The bucket's public access block; not set when it has none (and no account-level block covers it). */
export function publicAccessBlock(graph: StackGraph, bucket: ResourceView): Decision<PublicAccessBlock> {
    const account = accountBlocks(graph).full;
    if (account) return known({ complete: true, account, missing: [] });
    const split = sourcesOf(graph, links.bucketPublicAccessBlock, bucket);
    if (!split.resources.length) {
        return split.maybeMore ? notKnownYet("a BucketPublicAccessBlock whose bucket is not known yet may configure it") : NOT_SET;
    }
    // Any one block resource of the bucket with all four flags true is enough.
    let unknown = false;
    let best: { r: ResourceView; missing: PublicAccessFlag[] } | undefined;
    for (const r of split.resources) {
        const m = missingFlags(readFlags(r));
        if (m === UNKNOWN) unknown = true;
        else if (m.length === 0) return known({ complete: true, missing: [] });
        else if (!best || m.length < best.missing.length) best = { r, missing: m };
    }
    if (unknown) return notKnownYet("public access block flags are not known until deployment");
    return known({ complete: false, closest: best?.r, missing: best?.missing ?? PUBLIC_ACCESS_FLAGS });
}

/** Flag -> true when some block (bucket or account) sets it true. */
function effectiveFlags(graph: StackGraph, bucket: ResourceView): Flags {
    const effective: Flags = { ...accountBlocks(graph).flags };
    for (const r of sourcesOf(graph, links.bucketPublicAccessBlock, bucket).resources) {
        const f = readFlags(r);
        for (const k of PUBLIC_ACCESS_FLAGS) effective[k] = merge(effective[k], f[k]);
    }
    return effective;
}

const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEE = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/i;

/** Does the bucket grant public access by ACL (inline `acl`/`grants`, or a BucketAcl)? */
function publicAcl(graph: StackGraph, bucket: ResourceView): Maybe<boolean> {
    const acls: unknown[] = [bucket.props.get("acl")];
    const grantLists: unknown[] = [bucket.props.get("grants")];
    const split = sourcesOf(graph, links.bucketAcl, bucket);
    for (const r of split.resources) {
        acls.push(r.props.get("acl"));
        grantLists.push(r.props.get("accessControlPolicy.grants"));
    }
    let unknown = false;
    for (const acl of acls) {
        if (acl === UNKNOWN) unknown = true;
        else if (typeof acl === "string" && PUBLIC_ACLS.includes(acl.toLowerCase())) return true;
    }
    for (const raw of grantLists) {
        const list = asList(raw);
        if (list === UNKNOWN) {
            unknown = true;
            continue;
        }
        for (const g of list ?? []) {
            const uri = field(g, "uri") ?? field(g, "grantee.uri");
            if (uri === UNKNOWN) unknown = true;
            else if (typeof uri === "string" && PUBLIC_GRANTEE.test(uri)) return true;
        }
    }
    if (split.maybeMore) unknown = true;
    return unknown ? UNKNOWN : false;
}

/** Does some policy of the bucket Allow anyone without a narrowing condition? */
function publicPolicy(graph: StackGraph, bucket: ResourceView): Maybe<boolean> {
    const { sources, maybeMore } = bucketPolicies(graph, bucket);
    let unknown = maybeMore;
    for (const s of sources) {
        if (s.reading.status === "unknown") unknown = true;
        if (s.reading.status !== "ok") continue;
        for (const st of s.reading.statements) {
            if (allowsAnyone(st)) return true;
            if (st.effect === "Allow" && st.hasUnknown && st.principals?.unknown) unknown = true;
        }
    }
    return unknown ? UNKNOWN : false;
}

/**
 * Is the bucket public: a public ACL that `ignorePublicAcls` does not neutralize, or a public
 * policy that `restrictPublicBuckets` does not neutralize.
 */
function isBucketPublic(graph: StackGraph, bucket: ResourceView): Maybe<boolean> {
    return cached(graph, `public|${bucket.urn}`, () => {
        const pab = effectiveFlags(graph, bucket);
        let unknown = false;
        if (pab.ignorePublicAcls !== true) {
            const acl = publicAcl(graph, bucket);
            if (acl === true && pab.ignorePublicAcls !== UNKNOWN) return true;
            if (acl !== false) unknown = true;
        }
        if (pab.restrictPublicBuckets !== true) {
            const pol = publicPolicy(graph, bucket);
            if (pol === true && pab.restrictPublicBuckets !== UNKNOWN) return true;
            if (pol !== false) unknown = true;
        }
        return unknown ? UNKNOWN : false;
    });
}

// ---- default encryption -----------------------------------------------------------------------

interface EncryptionRule {
    source: ResourceView;
    /** `AES256`, `aws:kms`, `aws:kms:dsse`, ... (UNKNOWN, or undefined when the rule sets no default). */
    algorithm: Maybe<string>;
    kmsKeyId: Maybe<string>;
    /** `kmsKeyId` is not known yet but comes from a KMS key of this stack (a customer managed key). */
    kmsKeyOfStack?: boolean;
    bucketKey: Maybe<boolean>;
    /** The shape could not be read (wrong types). */
    malformed?: string;
}

interface EncryptionState {
    rules: EncryptionRule[];
    maybeMore: boolean;
    /** Some configuration is wholly unknown. */
    unknown: boolean;
}

type ByDefaultKey = "applyServerSideEncryptionByDefault" | "applyServerSideEncryptionByDefaults";

function readRule(source: ResourceView, rule: unknown, byDefaultKey: ByDefaultKey): EncryptionRule {
    if (rule === UNKNOWN) return { source, algorithm: UNKNOWN, kmsKeyId: UNKNOWN, bucketKey: UNKNOWN };
    if (!rule || typeof rule !== "object" || Array.isArray(rule))
        return { source, algorithm: undefined, kmsKeyId: undefined, bucketKey: undefined, malformed: "a rule is not an object" };
    let byDefault = field(rule, byDefaultKey);
    if (byDefault === undefined)
        byDefault = field(
            rule,
            byDefaultKey === "applyServerSideEncryptionByDefault" ? "applyServerSideEncryptionByDefaults" : "applyServerSideEncryptionByDefault",
        );
    if (Array.isArray(byDefault)) byDefault = byDefault[0];
    const bucketKey = asBool(field(rule, "bucketKeyEnabled"));
    if (byDefault === UNKNOWN) return { source, algorithm: UNKNOWN, kmsKeyId: UNKNOWN, bucketKey };
    if (byDefault === undefined) return { source, algorithm: undefined, kmsKeyId: undefined, bucketKey };
    if (!byDefault || typeof byDefault !== "object")
        return { source, algorithm: undefined, kmsKeyId: undefined, bucketKey, malformed: "applyServerSideEncryptionByDefault is not an object" };
    const algorithm = field(byDefault, "sseAlgorithm");
    const malformed = algorithm !== undefined && algorithm !== UNKNOWN && typeof algorithm !== "string" ? "sseAlgorithm is not a string" : undefined;
    return { source, algorithm: asString(algorithm), kmsKeyId: asString(field(byDefault, "kmsMasterKeyId")), bucketKey, malformed };
}

function readRules(source: ResourceView, raw: unknown, byDefaultKey: ByDefaultKey, out: EncryptionState): void {
    const list = asList(raw);
    if (list === UNKNOWN) {
        out.unknown = true;
        return;
    }
    for (const rule of list ?? []) out.rules.push(readRule(source, rule, byDefaultKey));
}

/** Default-encryption rules from inline arguments (Bucket and BucketV2 shapes) and split resources. */
function encryptionOf(graph: StackGraph, bucket: ResourceView): EncryptionState {
    const out: EncryptionState = { rules: [], maybeMore: false, unknown: false };
    // aws.s3.Bucket: serverSideEncryptionConfiguration: { rule: {...} }
    const inline = bucket.props.get("serverSideEncryptionConfiguration");
    if (inline === UNKNOWN) out.unknown = true;
    else if (inline !== undefined) {
        for (const conf of asList(inline) as unknown[]) {
            if (conf === UNKNOWN) out.unknown = true;
            else if (!conf || typeof conf !== "object")
                out.rules.push({
                    source: bucket,
                    algorithm: undefined,
                    kmsKeyId: undefined,
                    bucketKey: undefined,
                    malformed: "serverSideEncryptionConfiguration is not an object",
                });
            else readRules(bucket, field(conf, "rule") ?? field(conf, "rules"), "applyServerSideEncryptionByDefault", out);
        }
    }
    // aws.s3.BucketV2: serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [...] }] }]
    const v2 = bucket.props.get("serverSideEncryptionConfigurations");
    if (v2 === UNKNOWN) out.unknown = true;
    else if (v2 !== undefined) {
        for (const conf of asList(v2) as unknown[]) {
            if (conf === UNKNOWN) out.unknown = true;
            else readRules(bucket, field(conf, "rules") ?? field(conf, "rule"), "applyServerSideEncryptionByDefaults", out);
        }
    }
    const split = sourcesOf(graph, links.bucketEncryption, bucket);
    out.maybeMore = split.maybeMore;
    if (split.resources.length) {
        // A separate configuration decides over the bucket's inline value, which after an update
        // is what the provider reported before that resource ran.
        out.rules = [];
        out.unknown = false;
    }
    for (const r of split.resources) readRules(r, r.props.get("rules") ?? r.props.get("rule"), "applyServerSideEncryptionByDefault", out);
    for (const rule of out.rules) {
        if (rule.kmsKeyId !== UNKNOWN) continue;
        const top =
            rule.source === bucket
                ? bucket.props.has("serverSideEncryptionConfiguration")
                    ? "serverSideEncryptionConfiguration"
                    : "serverSideEncryptionConfigurations"
                : rule.source.props.has("rules")
                  ? "rules"
                  : "rule";
        rule.kmsKeyOfStack = keysNamedBy(graph, links.bucketEncryptionKey, rule.source, top).kind === "known";
    }
    return out;
}

/** The encryption rule that decides a bucket's default encryption. */
export interface DefaultEncryption {
    /** "AES256", "aws:kms", "aws:kms:dsse", or whatever the program wrote. */
    algorithm: string;
    /** The algorithm is one S3 accepts (AES256, aws:kms, aws:kms:dsse). */
    recognised: boolean;
    /** Dual-layer SSE-KMS (aws:kms:dsse), which has no S3 bucket key. */
    dualLayer: boolean;
    /** The resource that configures it (the bucket, or a BucketServerSideEncryptionConfiguration). */
    on: ResourceView;
    /**
     * Who manages the KMS key: "aws" also when no key is named (aws/s3); not known yet when
     * `kmsMasterKeyId` is not known yet and names no key of the stack.
     */
    keyManagedBy: Decision<"aws" | "customer">;
    /** `bucketKeyEnabled` (false when not set). */
    bucketKey: Decision<boolean>;
    /** The configuration cannot be read: where, and why (algorithm is then ""). */
    malformed?: string;
}

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];
const UNDECIDED_KEY = notKnownYet("the KMS key or bucket key setting is not known until deployment");
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/** The bucket's default encryption rule; not set when neither shape configures one (S3 then applies SSE-S3). */
export function defaultEncryption(graph: StackGraph, bucket: ResourceView): Decision<DefaultEncryption> {
    const state = encryptionOf(graph, bucket);
    const malformed = state.rules.find(r => r.malformed);
    if (malformed)
        return known({
            algorithm: "",
            recognised: false,
            dualLayer: false,
            on: malformed.source,
            keyManagedBy: NOT_SET,
            bucketKey: NOT_SET,
            malformed: malformed.malformed,
        });
    const defaults = state.rules.filter(r => r.algorithm !== undefined);
    if (!defaults.length) {
        return state.unknown || state.maybeMore ? notKnownYet("the bucket's encryption configuration is not known until deployment") : NOT_SET;
    }
    if (defaults.some(r => r.algorithm === UNKNOWN)) return notKnownYet("sseAlgorithm is not known until deployment");
    const rule = defaults[0];
    const id = rule.kmsKeyId;
    const keyManagedBy: Decision<"aws" | "customer"> =
        id === UNKNOWN
            ? rule.kmsKeyOfStack
                ? known("customer")
                : UNDECIDED_KEY
            : known(id === undefined || id === "" || AWS_MANAGED_ALIAS.test(id) ? "aws" : "customer");
    const bucketKey = rule.bucketKey === UNKNOWN ? UNDECIDED_KEY : known(rule.bucketKey === true);
    const algorithm = rule.algorithm as string;
    return known({
        algorithm,
        recognised: SSE_ALGORITHMS.includes(algorithm),
        dualLayer: algorithm === "aws:kms:dsse",
        on: rule.source,
        keyManagedBy,
        bucketKey,
    });
}

// ---- access logging -----------------------------------------------------------------------------

/** What is wrong with one access logging configuration. */
export type LoggingProblem = { kind: "no-target" } | { kind: "into-itself" } | { kind: "public-target"; target: ResourceView };

export interface AccessLogging {
    /** The bucket (inline `logging`) or the BucketLogging resource. */
    on: ResourceView;
    inline: boolean;
    problems: LoggingProblem[];
}

export interface AccessLoggingState {
    configs: AccessLogging[];
    /** An inline logging block with no readable `targetBucket`: which argument. */
    malformed?: string;
    /** The sources known to write logs into the bucket. */
    receives: LogSource[];
}

/**
 * The bucket's server access logging configurations, inline and split, with what is wrong with
 * each (no target, the bucket itself, a public target of the stack). Not set when it has none
 * and receives no logs. A bucket known to receive logs and configuring none is answered with its
 * log sources, even while a configuration whose bucket is not known yet may name it. Otherwise
 * not known yet while a configuration, its target, the target's exposure, or the destination of
 * some log source is.
 */
export function accessLogging(graph: StackGraph, bucket: ResourceView): Decision<AccessLoggingState> {
    const configs: { on: ResourceView; inline: boolean; target: Resolution; targetUnknown: boolean }[] = [];
    const inline = inlineLogging(bucket);
    let unknown = inline.unknown;
    let malformed: string | undefined;
    for (const { entry, path } of inline.entries) {
        if (entry === UNKNOWN) {
            unknown = true;
            continue;
        }
        const value = field(entry, "targetBucket");
        if (value === undefined || (value !== UNKNOWN && typeof value !== "string") || value === "") {
            malformed = `${path.replace(/(\[\d+\])?\.targetBucket$/, "")} has no readable targetBucket`;
            continue;
        }
        configs.push({ on: bucket, inline: true, target: bucketRef(graph, links.bucketInlineLoggingTarget, bucket, path), targetUnknown: value === UNKNOWN });
    }
    const targets = logTargets(graph);
    const receives = targets.byBucket.get(bucket.urn) ?? [];
    if (malformed) return known({ configs: [], malformed, receives });
    const split = sourcesOf(graph, links.bucketLogging, bucket);
    for (const r of split.resources) {
        configs.push({ on: r, inline: false, target: bucketRef(graph, links.bucketLoggingTarget, r), targetUnknown: r.props.get("targetBucket") === UNKNOWN });
    }
    if (!configs.length) {
        if (receives.length) return known({ configs: [], receives });
        if (unknown || split.maybeMore) return notKnownYet("the bucket's access logging configuration is not known until deployment");
        if (targets.undecided.length) return notKnownYet(`it may receive logs from ${targets.undecided[0].from.name}, whose destination is not known yet`);
        return NOT_SET;
    }
    const out: AccessLogging[] = [];
    let deferred = false;
    for (const c of configs) {
        const problems: LoggingProblem[] = [];
        out.push({ on: c.on, inline: c.inline, problems });
        if (c.target.status === "undecided") deferred = true;
        else if (c.target.status === "missing") {
            if (c.targetUnknown) deferred = true;
            else if (!c.target.values.length) problems.push({ kind: "no-target" }); // a literal name outside the stack: a log bucket managed elsewhere
        } else {
            for (const t of c.target.targets) {
                if (t.urn === bucket.urn) {
                    problems.push({ kind: "into-itself" });
                    continue;
                }
                const pub = isBucketPublic(graph, t);
                if (pub === true) problems.push({ kind: "public-target", target: t });
                else if (pub === UNKNOWN) deferred = true;
            }
        }
    }
    if (deferred && !out.some(c => c.problems.length)) return notKnownYet("the access log target bucket is not known until deployment");
    return known({ configs: out, receives });
}

// ---- buckets that receive logs ------------------------------------------------------------------

export interface LogSource {
    /** The resource that sends logs (a bucket, BucketLogging, load balancer, distribution, trail, flow log). */
    from: ResourceView;
    /** What kind of logs, for messages: "S3 access logs", "ALB access logs", ... */
    kind: string;
    /** The source may not be sending (an `enabled` flag not known yet). */
    tentative: boolean;
    /**
     * The service delivers only into buckets encrypted with S3 managed keys (SSE-S3, AES256):
     * S3 server access logs, ALB and classic ELB access logs. SSE-KMS there makes delivery fail.
     */
    sseS3Only?: boolean;
}

interface LogTargets {
    /** Bucket URN -> the sources that write logs into it. */
    byBucket: Map<string, LogSource[]>;
    /** Sources whose destination bucket is not known yet (they may write to any bucket). */
    undecided: LogSource[];
}

/** Every bucket of the stack that receives logs, indexed once per graph. */
function logTargets(graph: StackGraph): LogTargets {
    return cached(graph, "log-targets", () => {
        const out: LogTargets = { byBucket: new Map(), undecided: [] };
        const add = (src: LogSource, res: Resolution) => {
            if (res.status === "found") {
                for (const t of res.targets) {
                    const list = out.byBucket.get(t.urn);
                    if (list) list.push(src);
                    else out.byBucket.set(t.urn, [src]);
                }
            } else if (res.status === "undecided") out.undecided.push(src);
        };
        // S3 server access logging, inline and split.
        for (const bucket of buckets(graph)) {
            const s3 = { from: bucket, kind: "S3 access logs", tentative: false, sseS3Only: true };
            const inline = inlineLogging(bucket);
            if (inline.unknown) out.undecided.push(s3);
            for (const { entry, path } of inline.entries) {
                if (field(entry, "targetBucket") === undefined && entry !== UNKNOWN) continue;
                add(s3, bucketRef(graph, links.bucketInlineLoggingTarget, bucket, path));
            }
        }
        for (const r of graph.ofType(...links.bucketLoggingTarget.from)) {
            add({ from: r, kind: "S3 access logs", tentative: false, sseS3Only: true }, bucketRef(graph, links.bucketLoggingTarget, r));
        }
        // Load balancer access logs (ALB/NLB: enabled defaults to false; classic ELB: true).
        for (const lb of graph.ofType(...links.lbAccessLogBucket.from)) {
            const classic = lb.type === types.elb.LoadBalancer;
            const enabled = lb.props.bool("accessLogs.enabled");
            const on = classic ? enabled !== false : enabled === true || enabled === UNKNOWN;
            if (!on || !lb.props.has("accessLogs.bucket")) continue;
            const lbType = lb.props.str("loadBalancerType");
            const kind = classic ? "ELB access logs" : lbType === "network" ? "NLB access logs" : lbType === "gateway" ? "GWLB access logs" : "ALB access logs";
            const sseS3Only = kind === "ELB access logs" || (kind === "ALB access logs" && lbType !== UNKNOWN);
            add({ from: lb, kind, tentative: enabled === UNKNOWN, sseS3Only }, bucketRef(graph, links.lbAccessLogBucket, lb));
        }
        for (const d of graph.ofType(...links.distributionLogBucket.from)) {
            if (!d.props.has("loggingConfig.bucket")) continue;
            add({ from: d, kind: "CloudFront access logs", tentative: false }, bucketRef(graph, links.distributionLogBucket, d));
        }
        for (const t of graph.ofType(...links.trailBucket.from)) {
            if (!t.props.has("s3BucketName")) continue;
            add({ from: t, kind: "CloudTrail logs", tentative: false }, bucketRef(graph, links.trailBucket, t));
        }
        for (const fl of graph.ofType(...links.flowLogBucket.from)) {
            const type = fl.props.str("logDestinationType");
            if (type !== "s3" && type !== UNKNOWN) continue;
            if (!fl.props.has("logDestination")) continue;
            add({ from: fl, kind: "VPC flow logs", tentative: type === UNKNOWN }, bucketRef(graph, links.flowLogBucket, fl));
        }
        return out;
    });
}

/** "S3 access logs of data and CloudTrail logs of audit". */
export function describeSources(sources: LogSource[]): string {
    return listNames(sources.map(s => `${s.kind} of ${s.from.name}`));
}

export interface LogBucket {
    /** The sources that write into the bucket (or, when none is known, those that may). */
    sources: LogSource[];
    /** Known when the bucket certainly receives logs; not known yet when it only may. */
    certain: Decision<true>;
}

/**
 * Whether the bucket receives logs: undefined when nothing writes into it. It only may when
 * every known source is tentative (an `enabled` flag not known yet), or when no source is known
 * to write into it but some source's destination is not known yet.
 */
export function logBucket(graph: StackGraph, bucket: ResourceView): LogBucket | undefined {
    const targets = logTargets(graph);
    const certain = targets.byBucket.get(bucket.urn);
    const sources = certain ?? targets.undecided;
    if (!sources.length) return undefined;
    const tentative = !certain || sources.every(s => s.tentative);
    return { sources, certain: tentative ? notKnownYet(`it may receive ${describeSources(sources)}, not known until deployment`) : known(true) };
}

/**
 * The log sources known to write into the bucket whose service delivers only into buckets
 * encrypted with S3 managed keys (S3 server access logs, ALB and classic ELB access logs).
 */
export function sseS3OnlyLogSources(graph: StackGraph, bucket: ResourceView): LogSource[] {
    return (logTargets(graph).byBucket.get(bucket.urn) ?? []).filter(s => s.sseS3Only && !s.tentative);
}

// ---- lifecycle ----------------------------------------------------------------------------------

interface LifecycleRule {
    source: ResourceView;
    id?: string;
    enabled: Maybe<boolean>;
    expirationDays: Maybe<number>;
    expirationDate: Maybe<string>;
    transitions: Maybe<boolean>;
    malformed?: string;
}

function readLifecycleRule(source: ResourceView, rule: unknown, split: boolean): LifecycleRule {
    if (rule === UNKNOWN) return { source, enabled: UNKNOWN, expirationDays: UNKNOWN, expirationDate: UNKNOWN, transitions: UNKNOWN };
    if (!rule || typeof rule !== "object" || Array.isArray(rule)) {
        return {
            source,
            enabled: undefined,
            expirationDays: undefined,
            expirationDate: undefined,
            transitions: undefined,
            malformed: "a lifecycle rule is not an object",
        };
    }
    const id = asString(field(rule, "id"));
    let enabled: Maybe<boolean>;
    if (split) {
        const status = field(rule, "status");
        enabled = status === UNKNOWN ? UNKNOWN : typeof status === "string" ? status.toLowerCase() === "enabled" : undefined;
    } else {
        const e = field(rule, "enabled");
        enabled = e === undefined ? true : asBool(e);
    }
    let exp = field(rule, "expiration");
    if (exp === undefined) exp = field(rule, "expirations");
    if (Array.isArray(exp)) exp = exp[0];
    let expirationDays: Maybe<number>;
    let expirationDate: Maybe<string>;
    let malformed: string | undefined;
    if (exp === UNKNOWN) {
        expirationDays = UNKNOWN;
        expirationDate = UNKNOWN;
    } else if (exp !== undefined) {
        if (typeof exp !== "object" || exp === null) malformed = "expiration is not an object";
        else {
            const days = field(exp, "days");
            expirationDays = asNumber(days);
            if (days !== undefined && expirationDays === undefined) malformed = "expiration.days is not a number";
            expirationDate = asString(field(exp, "date"));
        }
    }
    const t = asList(field(rule, "transitions"));
    const transitions: Maybe<boolean> = t === UNKNOWN ? UNKNOWN : !!t && t.length > 0;
    return { source, id: typeof id === "string" ? id : undefined, enabled, expirationDays, expirationDate, transitions, malformed };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days until the rule expires current objects: from `days`, or from a `date` relative to now. */
function expirationDays(r: LifecycleRule, now: Date): Maybe<number> {
    if (r.expirationDays === UNKNOWN || r.expirationDate === UNKNOWN) return UNKNOWN;
    if (typeof r.expirationDays === "number") return r.expirationDays;
    if (typeof r.expirationDate === "string") {
        const t = Date.parse(r.expirationDate);
        if (!isNaN(t)) return (t - now.getTime()) / DAY_MS;
    }
    return undefined;
}

export interface LogRetention {
    /** Enabled lifecycle rules. */
    enabledRules: number;
    /** Some enabled rule moves objects to another storage class. */
    transitions: boolean;
    /** The enabled rule that expires objects soonest, when one expires them before `minimumDays`. */
    early?: { id?: string; on: ResourceView; days: number };
    /** Some enabled rule keeps objects at least `minimumDays`. */
    adequate: boolean;
    /** A rule cannot be read: where, and why. */
    malformed?: { on: ResourceView; problem: string };
}

/**
 * How long the bucket's enabled lifecycle rules (inline `lifecycleRules` and split
 * configurations) keep objects, against `minimumDays`; expiration dates count from `now`.
 */
export function logRetention(graph: StackGraph, bucket: ResourceView, minimumDays: number, now: Date): Decision<LogRetention> {
    const rules: LifecycleRule[] = [];
    const inline = bucket.props.get("lifecycleRules");
    let unknown = inline === UNKNOWN;
    if (!unknown) for (const rule of knownList(inline)) rules.push(readLifecycleRule(bucket, rule, false));
    const split = sourcesOf(graph, links.bucketLifecycle, bucket);
    for (const r of split.resources) {
        const list = r.props.get("rules");
        if (list === UNKNOWN) unknown = true;
        else for (const rule of knownList(list)) rules.push(readLifecycleRule(r, rule, true));
    }
    const bad = rules.find(r => r.malformed);
    const out: LogRetention = { enabledRules: 0, transitions: false, adequate: false };
    if (bad) return known({ ...out, malformed: { on: bad.source, problem: bad.malformed as string } });
    if (unknown || rules.some(r => r.enabled === UNKNOWN)) return notKnownYet("the log bucket's lifecycle rules are not known until deployment");
    const enabled = rules.filter(r => r.enabled === true);
    out.enabledRules = enabled.length;
    out.transitions = enabled.some(r => r.transitions === true);
    let pending = false;
    for (const r of enabled) {
        const days = expirationDays(r, now);
        if (days === UNKNOWN) pending = true;
        else if (days === undefined) continue;
        else if (days < minimumDays) {
            if (!out.early || days < out.early.days) out.early = { id: r.id, on: r.source, days };
        } else out.adequate = true;
    }
    if (!out.early && !out.adequate && (pending || split.maybeMore)) return notKnownYet("the log bucket's lifecycle expiration is not known until deployment");
    return known(out);
}
