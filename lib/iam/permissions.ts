/**
 * The effective-permissions view of an IAM role in the planned stack.
 *
 * A role's identity policies come from:
 *   - `Role.inlinePolicies[].policy`,
 *   - `aws:iam/rolePolicy:RolePolicy` resources naming the role,
 *   - `aws:iam/rolePolicyAttachment:RolePolicyAttachment` and `aws:iam/policyAttachment:PolicyAttachment`
 *     (`roles`) and `Role.managedPolicyArns`, each naming either a customer policy of the stack
 *     (`aws:iam/policy:Policy`) or an AWS managed policy (read from lib/iam/managed.ts).
 *
 * `mayPerform(perms, action, resource)` answers "may this role do <action> on <resource>" with IAM's
 * wildcard and NotAction/NotResource semantics; an explicit unconditional Deny wins. Where some
 * document, attachment or policy is not known (preview unknowns, a policy outside the stack, an AWS
 * managed policy the table does not know), a question the known statements cannot settle answers
 * "undecided" (callers defer). Permissions boundaries, SCPs and session policies are not modelled:
 * they can only narrow what is computed here.
 *
 * Everything is indexed once per StackGraph (WeakMap cache), so stack policies stay linear.
 */
import { types } from "../aws/types";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN, Unknown } from "../graph/values";
import { Statement, appliesToAllResources, grantsAllActions, readDocument, statementCoversAction, wildcardMatch } from "./document";
import { isAwsManagedPolicyArn, managedPolicyName, managedPolicyStatements } from "./managed";

const ROLE_TYPE = types.iam.Role;
const POLICY_TYPE = types.iam.Policy;
const ROLE_POLICY_TYPE = types.iam.RolePolicy;
const ROLE_POLICY_ATTACHMENT_TYPE = types.iam.RolePolicyAttachment;
const POLICY_ATTACHMENT_TYPE = types.iam.PolicyAttachment;

export type SourceKind = "inline" | "role-policy" | "customer-policy" | "aws-managed";

/** One identity policy that applies to the role. */
export interface PolicySource {
    kind: SourceKind;
    /** A label for messages: logical names and managed policy names only (never document text). */
    label: string;
    /** The resource that holds the document (role, RolePolicy, Policy), when in the stack. */
    holder?: ResourceView;
    statements: Statement[];
}

export interface RolePermissions {
    role: ResourceView;
    sources: PolicySource[];
    /** Why some of the role's policies are not known (empty when everything is known). */
    undecided: string[];
    /** Documents that are present but unreadable (AWS would reject them; they grant nothing). */
    malformed: string[];
}

export type Verdict =
    { verdict: "allowed"; via: string[] } | { verdict: "denied"; via: string[] } | { verdict: "not-granted" } | { verdict: "undecided"; reason: string };

type Match = "yes" | "no" | "maybe";

/** How one attachment's policy ARN resolves. */
export type PolicyRef =
    | { kind: "customer"; policy: ResourceView }
    | { kind: "aws-managed"; arn: string; statements?: Statement[] }
    | { kind: "external"; arn: string }
    /** Not an ARN at all: AWS rejects the attachment; it grants nothing. */
    | { kind: "invalid"; value: string }
    | { kind: "undecided"; reason: string };

interface Index {
    rolePolicies: Map<string, ResourceView[]>;
    attachments: Map<string, { att: ResourceView; ref: PolicyRef }[]>;
    /** Attachments or role policies whose role is not known: they may apply to any role. */
    floating: string[];
    perms: Map<string, RolePermissions>;
    policyStatements: Map<string, { statements: Statement[]; problem?: "unknown" | "malformed" }>;
}

const indexes = new WeakMap<StackGraph, Index>();

function indexFor(graph: StackGraph): Index {
    let idx = indexes.get(graph);
    if (idx) return idx;
    const rp = graph.linksTo([ROLE_POLICY_TYPE], "role", [ROLE_TYPE]);
    const rpa = graph.linksTo([ROLE_POLICY_ATTACHMENT_TYPE], "role", [ROLE_TYPE]);
    const pa = graph.linksTo([POLICY_ATTACHMENT_TYPE], "roles", [ROLE_TYPE]);
    const attachments = new Map<string, { att: ResourceView; ref: PolicyRef }[]>();
    for (const index of [rpa, pa]) {
        for (const [roleUrn, atts] of index) {
            for (const att of atts) push(attachments, roleUrn, { att, ref: resolvePolicyArn(graph, att, "policyArn") });
        }
    }
    const floating: string[] = [];
    for (const r of [...rp.undecided, ...rpa.undecided, ...pa.undecided]) floating.push(`${r.name} names a role not known until deployment`);
    idx = { rolePolicies: rp, attachments, floating, perms: new Map(), policyStatements: new Map() };
    indexes.set(graph, idx);
    return idx;
}

/** Resolves the policy ARN held in `path` of `from` (an attachment). */
export function resolvePolicyArn(graph: StackGraph, from: ResourceView, path: string): PolicyRef {
    const res = graph.resolve(from, path, [POLICY_TYPE]);
    if (res.status === "found") {
        if (res.targets.length === 1) return { kind: "customer", policy: res.targets[0] };
        return { kind: "undecided", reason: `${from.name}.${path} names several policies` };
    }
    if (res.status === "undecided") return { kind: "undecided", reason: `${from.name}.${path} is not known until deployment` };
    const arn = res.values[0];
    if (typeof arn !== "string" || !arn) return { kind: "invalid", value: "" };
    return classifyArn(arn);
}

function classifyArn(arn: string): PolicyRef {
    if (!/^arn:aws[a-z-]*:iam::/.test(arn)) return { kind: "invalid", value: arn };
    if (isAwsManagedPolicyArn(arn)) return { kind: "aws-managed", arn, statements: managedPolicyStatements(arn) };
    return { kind: "external", arn };
}

/**
 * `Role.managedPolicyArns`, element by element: literal ARNs (AWS managed, or a stack policy's
 * known ARN) and unknown elements paired with the policies the property depends on.
 */
export function roleManagedPolicyRefs(graph: StackGraph, role: ResourceView): PolicyRef[] {
    const raw = role.props.get("managedPolicyArns");
    if (raw === undefined) return [];
    if (raw === UNKNOWN) return [{ kind: "undecided", reason: `managedPolicyArns of ${role.name} is not known until deployment` }];
    const list = Array.isArray(raw) ? raw : [raw];
    const deps = (role.propertyDependencies["managedPolicyArns"] ?? []).map(u => graph.get(u)).filter((r): r is ResourceView => !!r && r.type === POLICY_TYPE);
    const out: PolicyRef[] = [];
    const matched: ResourceView[] = [];
    let unknownCount = 0;
    for (const e of list) {
        if (e === UNKNOWN) {
            unknownCount++;
            continue;
        }
        if (typeof e !== "string" || !e) continue; // malformed element: AWS rejects it; grants nothing
        const hits = graph.byPhysicalIdentity(e, [POLICY_TYPE]);
        if (hits.length === 1) {
            matched.push(hits[0]);
            out.push({ kind: "customer", policy: hits[0] });
        } else out.push(classifyArn(e));
    }
    if (unknownCount) {
        const rest = deps.filter(d => !matched.includes(d));
        if (rest.length === unknownCount) rest.forEach(policy => out.push({ kind: "customer", policy }));
        else out.push({ kind: "undecided", reason: `managedPolicyArns of ${role.name} is not known until deployment` });
    }
    return out;
}

function documentStatements(doc: unknown): { statements: Statement[]; problem?: "unknown" | "malformed" } {
    const reading = readDocument(doc);
    if (reading.status === "ok") return { statements: reading.statements };
    if (reading.status === "unknown") return { statements: [], problem: "unknown" };
    if (reading.status === "malformed") return { statements: [], problem: "malformed" };
    return { statements: [] };
}

function customerPolicy(idx: Index, policy: ResourceView) {
    let s = idx.policyStatements.get(policy.urn);
    if (!s) {
        s = documentStatements(policy.props.get("policy"));
        idx.policyStatements.set(policy.urn, s);
    }
    return s;
}

/** The role's identity policies, computed once per graph and role. */
export function rolePermissions(graph: StackGraph, role: ResourceView): RolePermissions {
    const idx = indexFor(graph);
    const hit = idx.perms.get(role.urn);
    if (hit) return hit;
    const perms: RolePermissions = { role, sources: [], undecided: [...idx.floating], malformed: [] };
    const add = (kind: SourceKind, label: string, holder: ResourceView | undefined, read: { statements: Statement[]; problem?: "unknown" | "malformed" }) => {
        if (read.problem === "unknown") perms.undecided.push(`the policy document of ${label} is not known until deployment`);
        else if (read.problem === "malformed") perms.malformed.push(label);
        else perms.sources.push({ kind, label, holder, statements: read.statements });
    };
    const inline = role.props.get("inlinePolicies");
    if (inline === UNKNOWN) perms.undecided.push(`inlinePolicies of ${role.name} is not known until deployment`);
    else if (inline !== undefined) {
        const list = Array.isArray(inline) ? inline : [inline];
        list.forEach((p, i) => {
            if (p === UNKNOWN) {
                perms.undecided.push(`an inline policy of ${role.name} is not known until deployment`);
                return;
            }
            if (!p || typeof p !== "object") return;
            const name = typeof (p as any).name === "string" ? (p as any).name : `#${i + 1}`;
            add("inline", `${role.name} inline policy ${name}`, role, documentStatements((p as any).policy));
        });
    }
    for (const rp of idx.rolePolicies.get(role.urn) ?? []) add("role-policy", rp.name, rp, documentStatements(rp.props.get("policy")));
    const refs: { ref: PolicyRef; via: string }[] = [
        ...(idx.attachments.get(role.urn) ?? []).map(a => ({ ref: a.ref, via: a.att.name })),
        ...roleManagedPolicyRefs(graph, role).map(ref => ({ ref, via: `${role.name}.managedPolicyArns` })),
    ];
    const seen = new Set<string>();
    for (const { ref, via } of refs) {
        if (ref.kind === "customer") {
            if (seen.has(ref.policy.urn)) continue;
            seen.add(ref.policy.urn);
            add("customer-policy", ref.policy.name, ref.policy, customerPolicy(idx, ref.policy));
        } else if (ref.kind === "aws-managed") {
            if (seen.has(ref.arn)) continue;
            seen.add(ref.arn);
            const name = managedPolicyName(ref.arn) ?? "an AWS managed policy";
            if (ref.statements) perms.sources.push({ kind: "aws-managed", label: name, statements: ref.statements });
            else perms.undecided.push(`AWS managed policy ${name} (attached by ${via}) is not in the managed-policy table`);
        } else if (ref.kind === "invalid") {
            perms.malformed.push(`${via} (not a policy ARN)`);
        } else if (ref.kind === "external") {
            perms.undecided.push(`${via} attaches a policy that is not in this stack`);
        } else {
            perms.undecided.push(ref.reason);
        }
    }
    idx.perms.set(role.urn, perms);
    return perms;
}

// ---- Questions -------------------------------------------------------------------------------

function actionMatch(st: Statement, action: string): Match {
    if (st.actions || st.notActions) return statementCoversAction(st, action) ? "yes" : "no";
    return st.hasUnknown ? "maybe" : "no";
}

/**
 * `resource`: a concrete ARN; `undefined` for "on some resource"; UNKNOWN for "on a resource whose
 * ARN is not known yet" (only `*`-style patterns then decide).
 */
function resourceMatch(st: Statement, resource: string | undefined | Unknown, forDeny: boolean): Match {
    if (!st.resources && !st.notResources) return st.hasUnknown ? "maybe" : "yes";
    if (resource === undefined) {
        // "Some resource": any Allow with a Resource qualifies; a Deny only when it covers everything.
        if (!forDeny) return "yes";
        return appliesToAllResources(st) ? "yes" : "no";
    }
    if (resource === UNKNOWN) {
        if (st.resources?.some(p => /^\*+$/.test(p))) return "yes";
        return "maybe";
    }
    if (st.resources) return st.resources.some(p => p === "*" || wildcardMatch(p, resource)) ? "yes" : "no";
    return st.notResources!.some(p => wildcardMatch(p, resource)) ? "no" : "yes";
}

function combine(a: Match, b: Match): Match {
    if (a === "no" || b === "no") return "no";
    if (a === "maybe" || b === "maybe") return "maybe";
    return "yes";
}

/** May the role perform `action` on `resource`? (see resourceMatch for `resource`). */
export function mayPerform(perms: RolePermissions, action: string, resource?: string | Unknown): Verdict {
    const allowVia: string[] = [];
    const denyVia: string[] = [];
    let maybe = false;
    for (const src of perms.sources) {
        for (const st of src.statements) {
            const isDeny = st.effect === "Deny";
            const m = combine(actionMatch(st, action), resourceMatch(st, resource, isDeny));
            if (m === "no") continue;
            if (isDeny) {
                const conditional = Object.keys(st.conditions).length > 0;
                if (m === "yes" && !conditional) denyVia.push(src.label);
                else maybe = true;
            } else if (m === "yes" && !(st.hasUnknown && !st.actions && !st.notActions)) {
                allowVia.push(src.label);
            } else {
                maybe = true;
            }
        }
    }
    if (denyVia.length) return { verdict: "denied", via: unique(denyVia) };
    if (perms.undecided.length) return { verdict: "undecided", reason: perms.undecided[0] };
    if (maybe) return { verdict: "undecided", reason: `a statement of ${perms.role.name}'s policies is not known until deployment` };
    if (allowVia.length) return { verdict: "allowed", via: unique(allowVia) };
    return { verdict: "not-granted" };
}

/**
 * The AWS service prefixes (lower-case, e.g. "s3", "dynamodb") the role's Allow statements cover.
 * `all` is true when some Allow grants every action (`*` or a NotAction). `undecided` lists why
 * the answer may be incomplete (unknown documents or attachments): the services are then a lower
 * bound.
 */
export function allowedServicePrefixes(perms: RolePermissions): { services: Set<string>; all: boolean; undecided: string[] } {
    const services = new Set<string>();
    let all = false;
    const undecided = [...perms.undecided];
    for (const src of perms.sources) {
        for (const st of src.statements) {
            if (st.effect !== "Allow") continue;
            if (grantsAllActions(st)) {
                all = true;
                continue;
            }
            if (!st.actions && st.hasUnknown) {
                undecided.push(`an action list of ${src.label} is not known until deployment`);
                continue;
            }
            for (const a of st.actions ?? []) {
                const i = a.indexOf(":");
                if (i <= 0) continue;
                const prefix = a.slice(0, i).toLowerCase();
                if (prefix.includes("*") || prefix.includes("?")) all = true;
                else services.add(prefix);
            }
        }
    }
    return { services, all, undecided };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
}

function unique(list: string[]): string[] {
    return [...new Set(list)];
}
