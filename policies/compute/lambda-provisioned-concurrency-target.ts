import { FUNCTION_TYPES, PROVISIONED_CONCURRENCY_TYPE, parseFunctionArn, resolveFunction } from "../../lib/aws/lambda";
import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

const TARGET_TYPE = "aws:appautoscaling/target:Target";
const DIMENSION = "lambda:function:ProvisionedConcurrentExecutions";

export default stackPolicy(
    {
        name: "lambda-provisioned-concurrency-target",
        description:
            "An Application Auto Scaling target with dimension `lambda:function:ProvisionedConcurrentExecutions` scales the provisioned concurrency of a function alias or version (`resourceId: function:<name>:<qualifier>`); that alias or version must have an `aws.lambda.ProvisionedConcurrencyConfig` in the stack. Without one the target points at nothing to scale and the deployment fails.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["003#5"],
        remediation:
            'Publish a version, point an alias at it, configure provisioned concurrency on the alias and scale that:\n  const alias = new aws.lambda.Alias("live", { functionName: fn.name, functionVersion: fn.version, name: "live" });\n  new aws.lambda.ProvisionedConcurrencyConfig("live-pc", { functionName: fn.name, qualifier: alias.name, provisionedConcurrentExecutions: 2 });\n  new aws.appautoscaling.Target("live-scaling", { serviceNamespace: "lambda", scalableDimension: "lambda:function:ProvisionedConcurrentExecutions", resourceId: pulumi.interpolate`function:${fn.name}:${alias.name}`, minCapacity: 2, maxCapacity: 10 });',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html#managing-provisioned-concurency",
        peers: { checkov: [], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        // "<function name>:<qualifier>" of every ProvisionedConcurrencyConfig, indexed once.
        const configured = new Set<string>();
        const undecided: ResourceView[] = [];
        for (const pc of graph.ofType(PROVISIONED_CONCURRENCY_TYPE)) {
            const qualifier = pc.props.get("qualifier");
            const fnRes = resolveFunction(graph, pc, "functionName");
            let names: string[] = [];
            if (fnRes.status === "found") {
                names = fnRes.targets.map(f => f.props.str("name")).filter((n): n is string => typeof n === "string");
                if (names.length < fnRes.targets.length) undecided.push(pc);
            } else if (fnRes.status === "missing") {
                const raw = pc.props.str("functionName");
                if (typeof raw === "string") names = [parseFunctionArn(raw)?.name ?? raw];
            } else undecided.push(pc);
            if (qualifier === UNKNOWN) {
                undecided.push(pc);
                continue;
            }
            if (typeof qualifier !== "string" && typeof qualifier !== "number") continue;
            for (const n of names) configured.add(`${n}:${qualifier}`);
        }

        for (const t of graph.ofType(TARGET_TYPE)) {
            const dim = t.props.get("scalableDimension");
            if (dim === UNKNOWN) {
                ctx.defer(t, "scalableDimension is not known until deployment");
                continue;
            }
            if (dim !== DIMENSION) continue;
            const id = t.props.get("resourceId");
            if (id === UNKNOWN) {
                ctx.defer(t, "resourceId is not known until deployment");
                continue;
            }
            const m = typeof id === "string" ? /^function:([^:]+)(?::(.+))?$/.exec(id) : null;
            if (!m) {
                ctx.report(
                    t,
                    `Auto Scaling target ${t.name} scales Lambda provisioned concurrency but its resourceId is not of the form function:<name>:<alias or version>. Fix: resourceId: pulumi.interpolate\`function:\${fn.name}:\${alias.name}\`.`,
                );
                continue;
            }
            const [, fnName, qualifier] = m;
            if (!qualifier) {
                ctx.report(
                    t,
                    `Auto Scaling target ${t.name} scales provisioned concurrency of a function without an alias or version qualifier: provisioned concurrency exists only on an alias or version. Fix: resourceId: pulumi.interpolate\`function:\${fn.name}:\${alias.name}\` with an aws.lambda.ProvisionedConcurrencyConfig on that alias.`,
                );
                continue;
            }
            if (configured.has(`${fnName}:${qualifier}`)) continue;
            if (undecided.length) {
                ctx.defer(t, `the function or qualifier of ${undecided[0].name} is not known until deployment`);
                continue;
            }
            const inStack = graph.byPhysicalIdentity(fnName, FUNCTION_TYPES).length > 0;
            ctx.report(
                t,
                `Auto Scaling target ${t.name} scales provisioned concurrency of ${inStack ? "function" : "a function"} ${inStack ? graph.byPhysicalIdentity(fnName, FUNCTION_TYPES)[0].name : ""} qualifier "${qualifier}", but no ProvisionedConcurrencyConfig configures that alias or version: the scaling target has nothing to scale. Fix: new aws.lambda.ProvisionedConcurrencyConfig("${t.name}-pc", { functionName: fn.name, qualifier: alias.name, provisionedConcurrentExecutions: 2 }).`.replace(
                    "  ",
                    " ",
                ),
            );
        }
    },
);
