/**
 * Facts about IAM: what a role may do (its effective identity permissions, lib/iam/permissions.ts),
 * whether its trust policy lets in the services that use it (lib/iam/trust.ts), and which identity
 * policies and attachments grant wildcards (lib/iam/document.ts, lib/iam/managed.ts).
 */
import { types } from "../aws/types";
import { Decision, known, notKnownYet } from "../graph/decision";
import { LinkSpec, links, targetsOf } from "../graph/links";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN, Unknown } from "../graph/values";
import { Statement, appliesToAllResources, grantsAllActions, readDocument, serviceWildcards } from "../iam/document";
import { managedPolicyName, overlyBroadManagedPolicy } from "../iam/managed";
import { PolicyRef, mayPerform, resolvePolicyArn, roleManagedPolicyRefs, rolePermissions } from "../iam/permissions";
import { roleTrust, trustsService } from "../iam/trust";
// lambda.ts imports this module too; both use each other only inside functions, never at load.
import { isEdgeFunction } from "./lambda";

export function roles(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.iam.Role);
}

// ---- Effective permissions -------------------------------------------------------------------

/** Which of some actions a role may perform. */
export interface Grants {
    role: ResourceView;
    allowed: string[];
    /** Not granted, or denied. */
    missing: string[];
}

function verdicts(graph: StackGraph, role: ResourceView, actions: string[], resource?: string | Unknown): Grants & { undecided?: string } {
    const perms = rolePermissions(graph, role);
    const out: Grants & { undecided?: string } = { role, allowed: [], missing: [] };
    for (const a of actions) {
        const v = mayPerform(perms, a, resource);
        if (v.verdict === "allowed") out.allowed.push(a);
        else if (v.verdict === "undecided") out.undecided ??= v.reason;
        else out.missing.push(a);
    }
    return out;
}

/**
 * May the role perform every one of `actions` (on `resource`: a concrete ARN; undefined for "some
 * resource"; UNKNOWN for a resource whose ARN is not known yet)? Not known yet while a policy
 * that may grant one of them is not known yet.
 */
export function mayPerformAll(graph: StackGraph, role: ResourceView, actions: string[], resource?: string | Unknown): Decision<Grants> {
    const { undecided, ...grants } = verdicts(graph, role, actions, resource);
    return undecided ? notKnownYet(undecided) : known(grants);
}

/** Which of `actions` the role may perform: known once one is allowed, else not known yet while one is undecided. */
export function mayPerformAny(graph: StackGraph, role: ResourceView, actions: string[], resource?: string | Unknown): Decision<Grants> {
    const { undecided, ...grants } = verdicts(graph, role, actions, resource);
    return !grants.allowed.length && undecided ? notKnownYet(undecided) : known(grants);
}

// ---- Trust policies and the services that use a role -----------------------------------------

/** A service that must be able to assume a role, and why. */
export interface TrustNeed {
    service: string;
    user: ResourceView;
    use: "lambda" | "lambda-edge" | "instance-profile" | "rds-monitoring";
}

interface TrustIndex {
    needs: Map<string, TrustNeed[]>;
    /** Users (functions, instance profiles, databases) whose role is not known yet. */
    pendingUsers: ResourceView[];
}

const trustCache = new WeakMap<StackGraph, TrustIndex>();

/**
 * The services that use each role: a function's role (Lambda, and Lambda@Edge when a CloudFront
 * distribution runs it: lib/facts/lambda.ts reads the associations once for the whole pack), an
 * instance profile's role (EC2), a database's monitoring role (RDS monitoring). Once per graph.
 */
function trustIndex(graph: StackGraph): TrustIndex {
    const hit = trustCache.get(graph);
    if (hit) return hit;
    const idx: TrustIndex = { needs: new Map(), pendingUsers: [] };
    const need = (user: ResourceView, spec: LinkSpec, service: string, use: TrustNeed["use"]) => {
        const d = targetsOf(graph, spec, user);
        if (d.kind === "unknown") {
            if ((user.propertyDependencies[spec.path.split(".")[0]] ?? []).length === 0) idx.pendingUsers.push(user);
            return;
        }
        if (d.kind !== "known") return;
        for (const role of d.value.resources) {
            const list = idx.needs.get(role.urn) ?? [];
            if (!list.some(n => n.service === service)) list.push({ service, user, use });
            idx.needs.set(role.urn, list);
        }
    };
    for (const fn of graph.ofType(types.lambda.Function)) {
        need(fn, links.functionRole, "lambda.amazonaws.com", "lambda");
        if (isEdgeFunction(graph, fn)) need(fn, links.functionRole, "edgelambda.amazonaws.com", "lambda-edge");
    }
    for (const p of graph.ofType(types.iam.InstanceProfile)) need(p, links.instanceProfileRole, "ec2.amazonaws.com", "instance-profile");
    for (const db of graph.ofType(types.rds.Instance, types.rds.ClusterInstance)) {
        if (db.props.get("monitoringRoleArn") !== undefined) need(db, links.rdsMonitoringRole, "monitoring.rds.amazonaws.com", "rds-monitoring");
    }
    trustCache.set(graph, idx);
    return idx;
}

export type TrustMatch =
    | { kind: "absent"; needs: TrustNeed[] }
    | { kind: "malformed"; reason: string; needs: TrustNeed[] }
    | {
          kind: "document";
          needs: TrustNeed[];
          /** The needs the trust policy does not let in. */
          untrusted: TrustNeed[];
          /** The service principals the trust policy names (lower-case). */
          trusted: string[];
          /** The first statement (1-based) that lets anyone (`*`) assume the role without a narrowing condition. */
          openStatement?: number;
      };

/**
 * Whether a role's trust policy matches its use. Not known yet when the trust policy is not
 * known yet, or when a principal is not known yet and nothing else is wrong.
 */
export function trustMatch(graph: StackGraph, role: ResourceView): Decision<TrustMatch> {
    const needs = trustIndex(graph).needs.get(role.urn) ?? [];
    const trust = roleTrust(role);
    if (trust.status === "unknown") return notKnownYet("the trust policy (assumeRolePolicy) is not known until deployment");
    if (trust.status === "absent") return known({ kind: "absent", needs });
    if (trust.status === "malformed") return known({ kind: "malformed", reason: trust.reason, needs });
    const untrusted: TrustNeed[] = [];
    let pending = false;
    for (const n of needs) {
        const t = trustsService(trust, n.service);
        if (t === "unknown") pending = true;
        else if (!t) untrusted.push(n);
    }
    const open = trust.openToAnyone[0];
    if (!untrusted.length && !open && pending) return notKnownYet("a principal of the trust policy is not known until deployment");
    return known({ kind: "document", needs, untrusted, trusted: [...trust.services], openStatement: open ? open.index + 1 : undefined });
}

/** Functions, instance profiles and databases whose role is not known yet (a role of the stack may need their service). */
export function roleUsersNotKnownYet(graph: StackGraph): { user: ResourceView; role: Decision<never> }[] {
    return trustIndex(graph).pendingUsers.map(user => ({ user, role: notKnownYet(`the role of ${user.name} is not known until deployment`) }));
}

// ---- Wildcard grants -------------------------------------------------------------------------

/** Resources whose `policy` input is an identity policy document. */
const DOCUMENT_HOLDERS = [types.iam.RolePolicy, types.iam.Policy, types.iam.UserPolicy, types.iam.GroupPolicy];
/** Resources that attach a policy by ARN (`policyArn`). */
const ATTACHMENTS: string[] = [types.iam.RolePolicyAttachment, types.iam.PolicyAttachment, types.iam.UserPolicyAttachment, types.iam.GroupPolicyAttachment];

/** One overly broad grant. */
export type BroadGrant =
    /** A statement of a document (`where`: "the policy document", "inline policy admin"). */
    | { kind: "statement"; where: string; statement: number; allows: BroadAllow }
    /** A document that cannot be read. */
    | { kind: "unreadable"; where: string; reason: string }
    /**
     * An AWS managed policy attached by `managedPolicyArns` or an attachment resource: broad by
     * its name (`byName`: AdministratorAccess, *FullAccess, ...), or by a statement of its document.
     */
    | { kind: "managed"; via: "managedPolicyArns" | "attachment"; name: string; byName: boolean; statement?: number; allows?: BroadAllow };

/** What a broad statement allows on Resource "*". */
export type BroadAllow = { all: true; notAction: boolean } | { all: false; services: string[] };

export interface BroadPermissions {
    /** The resource that holds or attaches the grants. */
    on: ResourceView;
    /** Not known yet (one entry per document or statement that waits), or the broad grants. */
    grants: Decision<BroadGrant[]>;
    /** The grants come by attaching policies (an attachment, or a role with only `managedPolicyArns`). */
    byAttachment: boolean;
}

/** What is too broad in one statement (undefined when nothing), or "unknown". */
function broadness(st: Statement): BroadAllow | undefined | "unknown" {
    if (st.effect !== "Allow") return undefined;
    const allActions = grantsAllActions(st) || (st.actions ?? []).some(a => a === "*:*");
    const services = serviceWildcards(st);
    const actionsKnown = !!(st.actions || st.notActions);
    const resourcesKnown = !!(st.resources || st.notResources);
    if (actionsKnown && !allActions && !services.length) return undefined;
    if (resourcesKnown && !appliesToAllResources(st)) return undefined;
    if (!actionsKnown || !resourcesKnown) return st.hasUnknown ? "unknown" : undefined;
    return allActions ? { all: true, notAction: !!(st.notActions && !st.actions) } : { all: false, services };
}

/**
 * Identity policies and attachments that Allow `*` or `<service>:*` on Resource `*`, or attach an
 * AWS managed policy that does (by name: administrator and *FullAccess policies; or by the
 * statements of its document in the managed-policy table). Customer policies are judged on their
 * own document (the `Policy` resource), not where they are attached. In the order the old check
 * reported: waits first, in the order they were met, then one entry per resource with its grants.
 */
export function broadPermissions(graph: StackGraph): BroadPermissions[] {
    const waits: BroadPermissions[] = [];
    const found = new Map<ResourceView, BroadGrant[]>();
    const wait = (on: ResourceView, reason: string): void => {
        waits.push({ on, grants: notKnownYet(reason), byAttachment: false });
    };
    const add = (r: ResourceView, g: BroadGrant) => {
        const list = found.get(r) ?? [];
        if (!list.some(x => JSON.stringify(x) === JSON.stringify(g))) list.push(g);
        found.set(r, list);
    };
    const document = (holder: ResourceView, doc: unknown, where: string) => {
        const reading = readDocument(doc);
        if (reading.status === "absent") return;
        if (reading.status === "unknown") return wait(holder, `${where} is not known until deployment`);
        if (reading.status === "malformed") return add(holder, { kind: "unreadable", where, reason: reading.reason });
        for (const st of reading.statements) {
            const b = broadness(st);
            if (b === "unknown") wait(holder, `${where}: statement ${st.index + 1} is not known until deployment`);
            else if (b) add(holder, { kind: "statement", where, statement: st.index + 1, allows: b });
        }
    };
    const managed = (on: ResourceView, ref: PolicyRef, via: "managedPolicyArns" | "attachment") => {
        if (ref.kind !== "aws-managed") return;
        const byName = overlyBroadManagedPolicy(ref.arn);
        if (byName) return add(on, { kind: "managed", via, name: byName, byName: true });
        for (const st of ref.statements ?? []) {
            const b = broadness(st);
            if (b && b !== "unknown") {
                return add(on, { kind: "managed", via, name: managedPolicyName(ref.arn) ?? ref.arn, byName: false, statement: st.index + 1, allows: b });
            }
        }
    };

    for (const role of graph.ofType(types.iam.Role)) {
        const inline = role.props.get("inlinePolicies");
        if (inline === UNKNOWN) wait(role, "inlinePolicies is not known until deployment");
        else if (inline !== undefined) {
            (Array.isArray(inline) ? inline : [inline]).forEach((p, i) => {
                if (p === UNKNOWN) return wait(role, `inline policy ${i + 1} is not known until deployment`);
                if (!p || typeof p !== "object") return;
                const name = (p as Record<string, unknown>).name;
                document(role, (p as Record<string, unknown>).policy, typeof name === "string" ? `inline policy ${name}` : `inline policy ${i + 1}`);
            });
        }
        for (const ref of roleManagedPolicyRefs(graph, role)) {
            if (ref.kind === "undecided") wait(role, ref.reason);
            else managed(role, ref, "managedPolicyArns");
        }
    }
    for (const holder of graph.ofType(...DOCUMENT_HOLDERS)) document(holder, holder.props.get("policy"), "the policy document");
    for (const att of graph.ofType(...ATTACHMENTS)) {
        const ref = resolvePolicyArn(graph, att, "policyArn");
        if (ref.kind === "undecided") wait(att, ref.reason);
        else managed(att, ref, "attachment");
    }
    const byAttachment = (r: ResourceView) =>
        ATTACHMENTS.includes(r.type) ||
        (r.type === types.iam.Role && r.props.get("managedPolicyArns") !== undefined && r.props.get("inlinePolicies") === undefined);
    return [...waits, ...[...found].map(([on, grants]) => ({ on, grants: known(grants), byAttachment: byAttachment(on) }))];
}
