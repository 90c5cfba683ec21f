/**
 * Facts about Secrets Manager rotation: which Lambda function a `SecretRotation` names, and
 * whether Secrets Manager may invoke it.
 */
import { types } from "../aws/types";
import { Decision, Malformed, NOT_SET, isMalformed, known, notKnownYet } from "../graph/decision";
import { links, sourcesOf, targetsOf } from "../graph/links";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";

export const SECRETS_MANAGER_PRINCIPAL = "secretsmanager.amazonaws.com";

export function secretRotations(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.secretsmanager.SecretRotation);
}

export type RotationFunction =
    /** Functions of the stack (an alias is followed to its function). */
    | { kind: "stack"; functions: ResourceView[] }
    /** A well-formed ARN of a function managed elsewhere (the stack creates no function it could mean). */
    | { kind: "external" }
    /** A hand-built ARN whose function name matches none of the stack's functions (named here). */
    | { kind: "unmatched"; functions: string[] }
    /** A value that is not a Lambda function ARN. */
    | { kind: "notAnArn" };

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;

/** The rotation function a SecretRotation names; not set for a managed rotation (no `rotationLambdaArn`). */
export function rotationFunction(graph: StackGraph, rotation: ResourceView): Decision<RotationFunction | Malformed> {
    const arn = read.str(rotation, "rotationLambdaArn");
    if (arn.kind === "known" && isMalformed(arn.value)) return known(arn.value);
    if (arn.kind === "notSet") return NOT_SET;
    const targets = targetsOf(graph, links.secretRotationFunction, rotation);
    if (targets.kind === "unknown") return targets;
    if (targets.kind === "known" && targets.value.resources.length) {
        const functions: ResourceView[] = [];
        for (const t of targets.value.resources) {
            const fn = t.type === types.lambda.Alias ? aliasFunction(graph, t) : t;
            if (fn && !functions.includes(fn)) functions.push(fn);
        }
        return known({ kind: "stack", functions });
    }
    if (arn.kind === "unknown") return arn;
    const value = targets.kind === "known" ? (targets.value.external[0] ?? "") : String(arn.value);
    const m = LAMBDA_ARN.exec(value.trim());
    if (!m) return known({ kind: "notAnArn" });
    const names = functionNames(graph);
    const byName = names.byName.get(m[1]);
    if (byName) return known({ kind: "stack", functions: [byName] });
    if (names.unknown) return notKnownYet("the names of the stack's functions are not known until deployment");
    const all = graph.ofType(types.lambda.Function);
    return known(all.length ? { kind: "unmatched", functions: all.map(f => f.name) } : { kind: "external" });
}

/** The function an alias of the stack points at, when that is decided. */
function aliasFunction(graph: StackGraph, alias: ResourceView): ResourceView | undefined {
    const t = targetsOf(graph, links.lambdaAliasFunction, alias);
    return t.kind === "known" ? t.value.resources[0] : undefined;
}

const namesCache = new WeakMap<StackGraph, { byName: Map<string, ResourceView>; unknown: boolean }>();

/** The stack's functions by their known `name` (indexed once per graph). */
function functionNames(graph: StackGraph): { byName: Map<string, ResourceView>; unknown: boolean } {
    let names = namesCache.get(graph);
    if (!names) {
        names = { byName: new Map(), unknown: false };
        for (const fn of graph.ofType(types.lambda.Function)) {
            const n = read.str(fn, "name");
            if (n.kind === "known" && typeof n.value === "string") names.byName.set(n.value, fn);
            else if (n.kind === "unknown") names.unknown = true;
        }
        namesCache.set(graph, names);
    }
    return names;
}

/** Whether a `lambda.Permission` of the stack lets `principal` invoke `fn`. */
export function invokePermission(graph: StackGraph, fn: ResourceView, principal: string): Decision<boolean> {
    const permissions = sourcesOf(graph, links.lambdaPermissionFunction, fn);
    let pending = permissions.maybeMore;
    for (const p of permissions.resources) {
        const who = read.str(p, "principal");
        if (who.kind === "unknown") pending = true;
        else if (who.kind === "known" && typeof who.value === "string" && who.value.trim().toLowerCase() === principal) return known(true);
    }
    return pending ? notKnownYet(`the lambda.Permission principals for ${fn.name} are not known until deployment`) : known(false);
}
