/**
 * A Lambda function's execution role and its permissions view, for the checks not yet ported to
 * lib/facts (lambda-vpc-egress). Everything else about Lambda is in lib/facts/lambda.ts.
 */
import { links, targetsOf } from "../graph/links";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { RolePermissions, rolePermissions } from "../iam/permissions";

export type RoleLookup =
    | { status: "found"; role: ResourceView; perms: RolePermissions }
    /** The role is outside the stack (a literal ARN), or the function names none: not judged. */
    | { status: "external" }
    | { status: "undecided"; reason: string };

export function functionPermissions(graph: StackGraph, fn: ResourceView): RoleLookup {
    const d = targetsOf(graph, links.functionRole, fn);
    if (d.kind === "unknown") return { status: "undecided", reason: d.reason };
    if (d.kind === "notSet" || !d.value.resources.length) return { status: "external" };
    if (d.value.resources.length !== 1) return { status: "undecided", reason: `the role of ${fn.name} matches several roles` };
    const role = d.value.resources[0];
    return { status: "found", role, perms: rolePermissions(graph, role) };
}
