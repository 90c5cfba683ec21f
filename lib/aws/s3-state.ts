/**
 * What the S3 policies need to know about a bucket, read once per stack graph from both shapes
 * a program may use: the deprecated inline arguments on `aws.s3.Bucket` / `aws.s3.BucketV2` and the
 * separate resources that point at the bucket (`BucketPolicy`, `BucketServerSideEncryptionConfiguration`,
 * `BucketLogging`, `BucketPublicAccessBlock`, `BucketLifecycleConfiguration`, `BucketAcl`, and
 * their `...V2` forms).
 *
 * Every reader answers with plain values, `UNKNOWN` (known only after deployment) or `undefined`
 * (absent); malformed shapes are reported as such, never thrown.
 */
import { ResourceView } from "../graph/resource";
import { Resolution, StackGraph } from "../graph/stack-graph";
import { Maybe, UNKNOWN, asBool, asList, asNumber, asString, field } from "../graph/values";
import { DocumentReading, NARROWING_CONDITION_KEYS, Statement, isOpenToAnyone, readDocument } from "../iam/document";
import { resolveKeyRef } from "./kms";
import { BUCKET_TYPES, buckets, settingsOf } from "./s3";

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
 * Resolves a property that names a bucket. Beyond `graph.resolve` (property dependencies, known
 * ids/ARNs/names) it also reads bucket domain names and `name/prefix` forms.
 */
export function resolveBucketRef(graph: StackGraph, from: ResourceView, path: string): Resolution {
    const res = graph.resolve(from, path, BUCKET_TYPES);
    if (res.status !== "missing" || !res.values.length) return res;
    const found: ResourceView[] = [];
    const unmatched: string[] = [];
    for (const value of res.values) {
        const name = bucketNameFromReference(value);
        const hits = name ? graph.byPhysicalIdentity(name, BUCKET_TYPES) : [];
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

// ---- per-graph cache --------------------------------------------------------------------------

const caches = new WeakMap<StackGraph, Map<string, unknown>>();

function cached<T>(graph: StackGraph, key: string, build: () => T): T {
    let m = caches.get(graph);
    if (!m) {
        m = new Map();
        caches.set(graph, m);
    }
    if (!m.has(key)) m.set(key, build());
    return m.get(key) as T;
}

// ---- bucket policies --------------------------------------------------------------------------

export interface PolicySource {
    /** The resource that holds the document: the bucket (inline `policy`) or a `BucketPolicy`. */
    resource: ResourceView;
    inline: boolean;
    reading: DocumentReading;
}

export interface BucketPolicies {
    sources: PolicySource[];
    /** A BucketPolicy names a bucket not known yet: it may be this one. */
    maybeMore: boolean;
}

export function readPolicyOf(resource: ResourceView): DocumentReading {
    return readDocument(resource.props.get("policy"));
}

/** The bucket's policy documents: inline `policy` and every `BucketPolicy` pointing at it. */
export function bucketPolicies(graph: StackGraph, bucket: ResourceView): BucketPolicies {
    const sources: PolicySource[] = [];
    const inline = readPolicyOf(bucket);
    if (inline.status !== "absent") sources.push({ resource: bucket, inline: true, reading: inline });
    const split = settingsOf(graph, "policy", bucket);
    for (const r of split.resources) sources.push({ resource: r, inline: false, reading: readPolicyOf(r) });
    return { sources, maybeMore: split.maybeMore };
}

/** Condition keys that narrow an Allow to a wildcard principal (case-insensitive). */
export const BUCKET_NARROWING_KEYS = NARROWING_CONDITION_KEYS;

/** An Allow statement open to anyone with no narrowing condition (see lib/iam/document.ts). */
export const allowsAnyone = (st: Statement): boolean => isOpenToAnyone(st, BUCKET_NARROWING_KEYS);

// ---- public exposure --------------------------------------------------------------------------

export const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEE = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/i;

export type Flags = {
    blockPublicAcls: Maybe<boolean>;
    blockPublicPolicy: Maybe<boolean>;
    ignorePublicAcls: Maybe<boolean>;
    restrictPublicBuckets: Maybe<boolean>;
};
export const PAB_FLAGS: (keyof Flags)[] = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
export const ACCOUNT_PAB_TYPE = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";

export function readFlags(r: ResourceView): Flags {
    const out = {} as Flags;
    for (const f of PAB_FLAGS) out[f] = r.props.bool(f);
    return out;
}

/** Which of the four flags are not (known to be) true; UNKNOWN when some flag is unknown and none is false. */
export function missingFlags(flags: Flags): (keyof Flags)[] | typeof UNKNOWN {
    const missing = PAB_FLAGS.filter(f => flags[f] !== true && flags[f] !== UNKNOWN);
    if (missing.length) return missing;
    return PAB_FLAGS.some(f => flags[f] === UNKNOWN) ? UNKNOWN : [];
}

export interface PublicAccessBlockState {
    /** The separate BucketPublicAccessBlock resources of the bucket. */
    resources: ResourceView[];
    maybeMore: boolean;
    /** An account-level block in the stack with all four flags true. */
    accountBlock?: ResourceView;
    /** Flag -> true when some block (bucket or account) sets it true. */
    effective: Flags;
}

function accountBlocks(graph: StackGraph): { full?: ResourceView; flags: Flags } {
    return cached(graph, "account-pab", () => {
        const flags: Flags = { blockPublicAcls: undefined, blockPublicPolicy: undefined, ignorePublicAcls: undefined, restrictPublicBuckets: undefined };
        let full: ResourceView | undefined;
        for (const r of graph.ofType(ACCOUNT_PAB_TYPE)) {
            const f = readFlags(r);
            for (const k of PAB_FLAGS) flags[k] = merge(flags[k], f[k]);
            const m = missingFlags(f);
            if (m !== UNKNOWN && m.length === 0) full = r;
        }
        return { full, flags };
    });
}

function merge(a: Maybe<boolean>, b: Maybe<boolean>): Maybe<boolean> {
    if (a === true || b === true) return true;
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    return a ?? b;
}

export function publicAccessBlockOf(graph: StackGraph, bucket: ResourceView): PublicAccessBlockState {
    const split = settingsOf(graph, "publicAccessBlock", bucket);
    const account = accountBlocks(graph);
    const effective: Flags = { ...account.flags };
    for (const r of split.resources) {
        const f = readFlags(r);
        for (const k of PAB_FLAGS) effective[k] = merge(effective[k], f[k]);
    }
    return { resources: split.resources, maybeMore: split.maybeMore, accountBlock: account.full, effective };
}

/** Does the bucket grant public access by ACL (inline `acl`/`grants`, or a BucketAcl)? */
export function publicAcl(graph: StackGraph, bucket: ResourceView): Maybe<boolean> {
    const acls: unknown[] = [bucket.props.get("acl")];
    const grantLists: unknown[] = [bucket.props.get("grants")];
    const split = settingsOf(graph, "acl", bucket);
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
export function publicPolicy(graph: StackGraph, bucket: ResourceView): Maybe<boolean> {
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
export function isBucketPublic(graph: StackGraph, bucket: ResourceView): Maybe<boolean> {
    return cached(graph, `public|${bucket.urn}`, () => {
        const pab = publicAccessBlockOf(graph, bucket).effective;
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

export interface EncryptionRule {
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

export interface EncryptionState {
    rules: EncryptionRule[];
    maybeMore: boolean;
    /** Some configuration is wholly unknown. */
    unknown: boolean;
}

function readRule(
    source: ResourceView,
    rule: unknown,
    byDefaultKey: "applyServerSideEncryptionByDefault" | "applyServerSideEncryptionByDefaults",
): EncryptionRule {
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

function readRules(
    source: ResourceView,
    raw: unknown,
    byDefaultKey: "applyServerSideEncryptionByDefault" | "applyServerSideEncryptionByDefaults",
    out: EncryptionState,
): void {
    const list = asList(raw);
    if (list === UNKNOWN) {
        out.unknown = true;
        return;
    }
    for (const rule of list ?? []) out.rules.push(readRule(source, rule, byDefaultKey));
}

/** Default-encryption rules from inline arguments (Bucket and BucketV2 shapes) and split resources. */
export function encryptionOf(graph: StackGraph, bucket: ResourceView): EncryptionState {
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
    const split = settingsOf(graph, "encryption", bucket);
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
        rule.kmsKeyOfStack = resolveKeyRef(graph, rule.source, top).status === "found";
    }
    return out;
}

// ---- access logging and log-receiving buckets ---------------------------------------------------

export interface LoggingConfig {
    /** The bucket (inline `logging`) or the BucketLogging resource. */
    source: ResourceView;
    inline: boolean;
    target: Resolution;
    /** `targetBucket` is present but not known yet. */
    targetUnknown: boolean;
}

export interface LoggingState {
    configs: LoggingConfig[];
    maybeMore: boolean;
    /** The inline logging block itself is unknown. */
    unknown: boolean;
    /** An inline logging block with no readable targetBucket. */
    malformed?: string;
}

export function loggingOf(graph: StackGraph, bucket: ResourceView): LoggingState {
    const out: LoggingState = { configs: [], maybeMore: false, unknown: false };
    for (const key of ["logging", "loggings"]) {
        const raw = bucket.props.get(key);
        if (raw === UNKNOWN) {
            out.unknown = true;
            continue;
        }
        const list = knownList(raw);
        list.forEach((entry, i) => {
            if (entry === UNKNOWN) {
                out.unknown = true;
                return;
            }
            const path = Array.isArray(raw) ? `${key}[${i}].targetBucket` : `${key}.targetBucket`;
            const value = field(entry, "targetBucket");
            if (value === undefined || (value !== UNKNOWN && typeof value !== "string") || value === "") {
                out.malformed = `${key} has no readable targetBucket`;
                return;
            }
            out.configs.push({ source: bucket, inline: true, target: resolveBucketRef(graph, bucket, path), targetUnknown: value === UNKNOWN });
        });
    }
    const split = settingsOf(graph, "logging", bucket);
    out.maybeMore = split.maybeMore;
    for (const r of split.resources) {
        const value = r.props.get("targetBucket");
        out.configs.push({ source: r, inline: false, target: resolveBucketRef(graph, r, "targetBucket"), targetUnknown: value === UNKNOWN });
    }
    return out;
}

export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const CLASSIC_ELB_TYPE = "aws:elb/loadBalancer:LoadBalancer";
export const DISTRIBUTION_TYPE = "aws:cloudfront/distribution:Distribution";
export const TRAIL_TYPE = "aws:cloudtrail/trail:Trail";
export const FLOW_LOG_TYPE = "aws:ec2/flowLog:FlowLog";

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

export interface LogTargets {
    /** Bucket URN -> the sources that write logs into it. */
    byBucket: Map<string, LogSource[]>;
    /** Sources whose destination bucket is not known yet (they may write to any bucket). */
    undecided: LogSource[];
}

/** Every bucket of the stack that receives logs, indexed once per graph. */
export function logTargets(graph: StackGraph): LogTargets {
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
            for (const key of ["logging", "loggings"]) {
                const raw = bucket.props.get(key);
                if (raw === UNKNOWN) {
                    out.undecided.push({ from: bucket, kind: "S3 access logs", tentative: false, sseS3Only: true });
                    continue;
                }
                knownList(raw).forEach((entry, i) => {
                    if (field(entry, "targetBucket") === undefined && entry !== UNKNOWN) return;
                    const path = Array.isArray(raw) ? `${key}[${i}].targetBucket` : `${key}.targetBucket`;
                    add({ from: bucket, kind: "S3 access logs", tentative: false, sseS3Only: true }, resolveBucketRef(graph, bucket, path));
                });
            }
        }
        for (const r of graph.ofType("aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2")) {
            add({ from: r, kind: "S3 access logs", tentative: false, sseS3Only: true }, resolveBucketRef(graph, r, "targetBucket"));
        }
        // Load balancer access logs (ALB/NLB: enabled defaults to false; classic ELB: true).
        for (const lb of graph.ofType(...LOAD_BALANCER_TYPES, CLASSIC_ELB_TYPE)) {
            const enabled = lb.props.bool("accessLogs.enabled");
            const on = lb.type === CLASSIC_ELB_TYPE ? enabled !== false : enabled === true || enabled === UNKNOWN;
            if (!on || !lb.props.has("accessLogs.bucket")) continue;
            const lbType = lb.props.str("loadBalancerType");
            const kind =
                lb.type === CLASSIC_ELB_TYPE
                    ? "ELB access logs"
                    : lbType === "network"
                      ? "NLB access logs"
                      : lbType === "gateway"
                        ? "GWLB access logs"
                        : "ALB access logs";
            const sseS3Only = kind === "ELB access logs" || (kind === "ALB access logs" && lbType !== UNKNOWN);
            add({ from: lb, kind, tentative: enabled === UNKNOWN, sseS3Only }, resolveBucketRef(graph, lb, "accessLogs.bucket"));
        }
        for (const d of graph.ofType(DISTRIBUTION_TYPE)) {
            if (!d.props.has("loggingConfig.bucket")) continue;
            add({ from: d, kind: "CloudFront access logs", tentative: false }, resolveBucketRef(graph, d, "loggingConfig.bucket"));
        }
        for (const t of graph.ofType(TRAIL_TYPE)) {
            if (!t.props.has("s3BucketName")) continue;
            add({ from: t, kind: "CloudTrail logs", tentative: false }, resolveBucketRef(graph, t, "s3BucketName"));
        }
        for (const fl of graph.ofType(FLOW_LOG_TYPE)) {
            const type = fl.props.str("logDestinationType");
            if (type !== "s3" && type !== UNKNOWN) continue;
            if (!fl.props.has("logDestination")) continue;
            add({ from: fl, kind: "VPC flow logs", tentative: type === UNKNOWN }, resolveBucketRef(graph, fl, "logDestination"));
        }
        return out;
    });
}

// ---- lifecycle ----------------------------------------------------------------------------------

export interface LifecycleRule {
    source: ResourceView;
    /** The rule's id, when it has one (for messages). */
    id?: string;
    enabled: Maybe<boolean>;
    /** Current-version expiration in days (UNKNOWN, or undefined when the rule does not expire objects). */
    expirationDays: Maybe<number>;
    /** A date-based expiration (YYYY-MM-DD...). */
    expirationDate: Maybe<string>;
    /** The rule transitions objects to another storage class. */
    transitions: Maybe<boolean>;
    malformed?: string;
}

export interface LifecycleState {
    rules: LifecycleRule[];
    maybeMore: boolean;
    unknown: boolean;
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

export function lifecycleOf(graph: StackGraph, bucket: ResourceView): LifecycleState {
    const out: LifecycleState = { rules: [], maybeMore: false, unknown: false };
    const inline = bucket.props.get("lifecycleRules");
    if (inline === UNKNOWN) out.unknown = true;
    else for (const rule of knownList(inline)) out.rules.push(readLifecycleRule(bucket, rule, false));
    const split = settingsOf(graph, "lifecycle", bucket);
    out.maybeMore = split.maybeMore;
    for (const r of split.resources) {
        const rules = r.props.get("rules");
        if (rules === UNKNOWN) out.unknown = true;
        else for (const rule of knownList(rules)) out.rules.push(readLifecycleRule(r, rule, true));
    }
    return out;
}

// ---- messages -----------------------------------------------------------------------------------

/** A TypeScript variable name for a logical name (`logs-bucket` -> `logsBucket`), for fix snippets. */
export function varName(name: string): string {
    return (
        name
            .replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
            .replace(/[^A-Za-z0-9_]/g, "")
            .replace(/^[^A-Za-z_]+/, "") || "bucket"
    );
}

/** "a, b and c" */
export function listNames(names: string[]): string {
    const unique = [...new Set(names)];
    if (unique.length <= 1) return unique[0] ?? "";
    return `${unique.slice(0, -1).join(", ")} and ${unique[unique.length - 1]}`;
}
