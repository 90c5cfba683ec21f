import { FUNCTION_TYPE, ALIAS_TYPE, parseFunctionArn } from "../../lib/aws/lambda";
import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN, field } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";
import { DISTRIBUTION, GLOBAL_REGION, resourceRegion } from "../../lib/facts/regions";
import { identifier } from "../../lib/report/snippets";

interface Association {
    distribution: ResourceView;
    top: string;
    value: unknown;
}

export default stackPolicy(
    {
        name: "lambda-edge-us-east-1",
        description:
            "A Lambda function associated with a CloudFront distribution (`lambdaFunctionAssociations` of the default or an ordered cache behavior) is Lambda@Edge: it must be created by a provider in us-east-1 and referenced as a published, numbered version (`publish: true` and `qualifiedArn`, or an alias of a version). CloudFront rejects a function from another region or an unqualified / $LATEST ARN at deployment.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "B",
        seeds: ["003#4"],
        remediation:
            'Create edge functions with a us-east-1 provider, publish them and associate the qualified ARN:\n  const usEast1 = new aws.Provider("us-east-1", { region: "us-east-1" });\n  const edgeFn = new aws.lambda.Function("edge", { runtime: "nodejs22.x", handler: "index.handler", role: edgeRole.arn, code, publish: true }, { provider: usEast1 });\n  lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn: edgeFn.qualifiedArn }]',
        url: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html",
        peers: {},
    },
    (graph, ctx) => {
        // Function URN -> the associations that name it.
        const byFunction = new Map<string, { fn: ResourceView; via: Association[]; alias?: ResourceView }>();
        for (const d of graph.ofType(DISTRIBUTION)) {
            const behaviors: { top: string; behavior: unknown }[] = [];
            const def = d.props.get("defaultCacheBehavior");
            if (def === UNKNOWN) {
                ctx.defer(d, "defaultCacheBehavior is not known until deployment");
                continue;
            }
            behaviors.push({ top: "defaultCacheBehavior", behavior: def });
            const ordered = d.props.get("orderedCacheBehaviors");
            if (ordered === UNKNOWN) {
                ctx.defer(d, "orderedCacheBehaviors is not known until deployment");
                continue;
            }
            if (Array.isArray(ordered)) ordered.forEach(b => behaviors.push({ top: "orderedCacheBehaviors", behavior: b }));
            for (const { top, behavior } of behaviors) {
                const assocs = field(behavior, "lambdaFunctionAssociations");
                if (assocs === UNKNOWN) {
                    ctx.defer(d, "lambdaFunctionAssociations is not known until deployment");
                    continue;
                }
                if (!Array.isArray(assocs)) continue;
                for (const a of assocs) {
                    const value = field(a, "lambdaArn");
                    if (value === undefined) continue;
                    const targets = resolveEdge(graph, d, top, value);
                    if (targets === "undecided") {
                        ctx.defer(d, "a lambdaArn is not known until deployment");
                        continue;
                    }
                    if (targets === "published-external") continue;
                    if (targets === "external") {
                        ctx.report(
                            d,
                            `Distribution ${d.name} associates a Lambda@Edge ARN that is not a numbered version. Fix: lambdaArn: edgeFn.qualifiedArn (with publish: true).`,
                        );
                        continue;
                    }
                    for (const t of targets) {
                        const entry = byFunction.get(t.fn.urn) ?? { fn: t.fn, via: [] as Association[] };
                        entry.via.push({ distribution: d, top, value });
                        if (t.alias) entry.alias = t.alias;
                        byFunction.set(t.fn.urn, entry);
                    }
                }
            }
        }
        for (const { fn, via, alias } of byFunction.values()) {
            const problems: string[] = [];
            const fixes: string[] = [];
            let deferred: string | undefined;
            const region = resourceRegion(fn);
            if (region.kind === "unknown") deferred = "the function's region is not known until deployment";
            else if (region.kind === "notSet" || region.value !== GLOBAL_REGION) {
                problems.push(`is created in ${region.kind === "known" ? region.value : "a region other than us-east-1"} (Lambda@Edge must be in us-east-1)`);
                fixes.push(`{ provider: new aws.Provider("us-east-1", { region: "us-east-1" }) }`);
            }
            const publish = fn.props.bool("publish");
            for (const a of via) {
                const verdict = published(a.value, publish, alias);
                if (verdict === UNKNOWN) deferred ??= "whether the associated ARN is a published version is not known until deployment";
                else if (!verdict) {
                    problems.push(`is associated with ${a.distribution.name} without a published version`);
                    fixes.push(`publish: true and lambdaArn: ${identifier(fn.name)}.qualifiedArn`);
                    break;
                }
            }
            if (problems.length) {
                ctx.report(fn, `Lambda@Edge function ${fn.name} ${problems.join(" and ")}. Fix: ${fixes.join("; ")}.`);
            } else if (deferred) ctx.defer(fn, deferred);
        }
    },
);

type Target = { fn: ResourceView; alias?: ResourceView };

function resolveEdge(
    graph: import("../../lib/graph/stack-graph").StackGraph,
    d: ResourceView,
    top: string,
    value: unknown,
): Target[] | "undecided" | "external" | "published-external" {
    const deps = (d.propertyDependencies[top] ?? []).map(u => graph.get(u)).filter((r): r is ResourceView => !!r);
    if (typeof value === "string") {
        const direct = graph.byPhysicalIdentity(value, [FUNCTION_TYPE, ALIAS_TYPE]);
        const hit = direct.length === 1 ? direct[0] : undefined;
        if (hit) return hit.type === ALIAS_TYPE ? aliasTarget(graph, hit) : [{ fn: hit }];
        const parsed = parseFunctionArn(value);
        const byName = parsed ? graph.byPhysicalIdentity(parsed.name, [FUNCTION_TYPE]) : [];
        if (byName.length === 1) return [{ fn: byName[0] }];
        const fnDeps = deps.filter(r => r.type === FUNCTION_TYPE);
        if (fnDeps.length === 1) return [{ fn: fnDeps[0] }];
        if (fnDeps.length > 1) return fnDeps.map(fn => ({ fn }));
        return parsed?.qualifier && /^\d+$/.test(parsed.qualifier) ? "published-external" : "external";
    }
    if (value !== UNKNOWN) return "external";
    const aliases = deps.filter(r => r.type === ALIAS_TYPE);
    const fns = deps.filter(r => r.type === FUNCTION_TYPE);
    const out: Target[] = fns.map(fn => ({ fn }));
    for (const a of aliases) {
        const t = aliasTarget(graph, a);
        if (t === "undecided") return t;
        out.push(...(t as Target[]));
    }
    return out.length ? out : "undecided";
}

function aliasTarget(graph: import("../../lib/graph/stack-graph").StackGraph, alias: ResourceView): Target[] | "undecided" {
    const res = graph.resolve(alias, "functionName", [FUNCTION_TYPE]);
    if (res.status === "found") return res.targets.map(fn => ({ fn, alias }));
    return "undecided";
}

/** Is the associated ARN a numbered version? */
function published(value: unknown, publish: unknown, alias?: ResourceView): boolean | typeof UNKNOWN {
    if (alias) {
        const v = alias.props.str("functionVersion");
        if (v === UNKNOWN) return UNKNOWN;
        return typeof v === "string" && /^\d+$/.test(v);
    }
    if (typeof value === "string") {
        const q = parseFunctionArn(value)?.qualifier;
        if (q !== undefined) return /^\d+$/.test(q);
        return false; // an unqualified ARN
    }
    // Unknown in preview: qualifiedArn is a version only when the function publishes.
    if (publish === UNKNOWN) return UNKNOWN;
    return publish === true;
}
