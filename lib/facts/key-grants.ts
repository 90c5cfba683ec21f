/**
 * Which AWS services must be allowed to use which KMS key of the stack: a log group, trail,
 * topic or queue encrypted with a key of the stack is written by a service (CloudWatch Logs,
 * CloudTrail, the services that publish into a topic or queue), and the key policy must let
 * that service use the key.
 */
import { resourceRegion } from "./regions";
import { types } from "../aws/types";
import { Decision, NOT_SET, known, notKnownYet } from "../graph/decision";
import { LinkSpec, links } from "../graph/links";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { Statement, statementCoversAction, wildcardMatch } from "../iam/document";
import { keyPolicy, keysNamedBy } from "./keys";
import { publishers } from "./messaging";

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

/** A resource encrypted with a key of the stack, and the service that writes into it. */
export interface KeyUse {
    user: ResourceView;
    kind: "log group" | "trail" | "topic" | "queue";
    need: ServiceNeed;
    /** For a topic or queue: the service principal that publishes into it. */
    writer?: string;
}

export interface KeyUses {
    /** Users whose key (or region) is not known yet: one deferral each. */
    undecided: { user: ResourceView; pending: Decision<never> }[];
    /** Keys of the stack in use, each with its users, in the order first used. */
    byKey: { key: ResourceView; uses: KeyUse[] }[];
}

/** Every log group, trail, topic and queue of the stack encrypted with a key of the stack. */
export function keyUses(graph: StackGraph): KeyUses {
    const out: KeyUses = { undecided: [], byKey: [] };
    const index = new Map<string, KeyUse[]>();
    const add = (use: KeyUse, spec: LinkSpec) => {
        const keys = keysNamedBy(graph, spec, use.user);
        if (keys.kind === "unknown")
            out.undecided.push({ user: use.user, pending: notKnownYet(`the KMS key of ${use.user.name} is not known until deployment`) });
        if (keys.kind !== "known") return;
        for (const key of keys.value) {
            let uses = index.get(key.urn);
            if (!uses) {
                index.set(key.urn, (uses = []));
                out.byKey.push({ key, uses });
            }
            uses.push(use);
        }
    };
    for (const lg of graph.ofType(types.cloudwatch.LogGroup)) {
        if (!lg.props.has("kmsKeyId")) continue;
        const region = resourceRegion(lg);
        if (region.kind === "unknown") out.undecided.push({ user: lg, pending: notKnownYet("the region of the log group is not known until deployment") });
        else add({ user: lg, kind: "log group", need: logsNeed(region.kind === "known" ? region.value : undefined) }, links.kmsKeyIdKey);
    }
    for (const trail of graph.ofType(types.cloudtrail.Trail)) {
        if (trail.props.has("kmsKeyId")) add({ user: trail, kind: "trail", need: CLOUDTRAIL_NEED }, links.kmsKeyIdKey);
    }
    const writers = publishers(graph);
    for (const target of graph.ofType(types.sns.Topic, types.sqs.Queue)) {
        if (!target.props.has("kmsMasterKeyId")) continue;
        const kind = target.type === types.sns.Topic ? "topic" : "queue";
        for (const writer of writers.get(target.urn) ?? []) add({ user: target, kind, need: publisherNeed(writer), writer }, links.kmsMasterKeyIdKey);
    }
    return out;
}

export interface ServiceGrants {
    /** The key has no key policy (the default policy grants only the account). */
    absent: boolean;
    /** The key policy cannot be read: why. */
    malformed?: string;
    /** One entry per service principal not granted what it needs, with the users that need it. */
    missing: { need: ServiceNeed; uses: KeyUse[] }[];
    /** Not known yet when some principal of the key policy is not known yet (the rest is still judged). */
    undecided: Decision<true>;
}

/** Whether the key policy of `key` lets each service of `uses` use the key. */
export function serviceGrants(graph: StackGraph, key: ResourceView, uses: KeyUse[]): Decision<ServiceGrants> {
    const policy = keyPolicy(graph, key);
    if (policy.kind === "unknown") return policy;
    const absent = policy.kind === "notSet";
    if (policy.kind === "known" && policy.value.malformed) return known({ absent, malformed: policy.value.malformed, missing: [], undecided: NOT_SET });
    const byService = new Map<string, { need: ServiceNeed; uses: KeyUse[] }>();
    let undecided = false;
    for (const use of uses) {
        const verdict = policy.kind === "known" ? grantsService(policy.value.statements, use.need) : { status: "missing" as const };
        if (verdict.status === "granted") continue;
        if (verdict.status === "unknown") {
            undecided = true;
            continue;
        }
        let e = byService.get(use.need.label);
        if (!e) byService.set(use.need.label, (e = { need: use.need, uses: [] }));
        e.uses.push(use);
    }
    return known({
        absent,
        missing: [...byService.values()],
        undecided: undecided ? notKnownYet("a principal of the key policy is not known until deployment") : known(true),
    });
}
