import { provisionedConcurrencyScaling, scalingTargets } from "../../lib/facts/lambda";
import { stackPolicy } from "../../lib/policy";
import { code, newResource } from "../../lib/report/snippets";

const PC_ARGS = { functionName: code("fn.name"), qualifier: code("alias.name"), provisionedConcurrentExecutions: 2 };
const RESOURCE_ID_FIX = "resourceId: pulumi.interpolate`function:${fn.name}:${alias.name}`";

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
        for (const t of scalingTargets(graph)) {
            ctx.decide(t, provisionedConcurrencyScaling(graph, t), s => {
                if (!s || (s.kind === "qualified" && s.configured)) return undefined;
                if (s.kind === "bad-resource-id")
                    return `Auto Scaling target ${t.name} scales Lambda provisioned concurrency but its resourceId is not of the form function:<name>:<alias or version>. Fix: ${RESOURCE_ID_FIX}.`;
                if (s.kind === "unqualified")
                    return `Auto Scaling target ${t.name} scales provisioned concurrency of a function without an alias or version qualifier: provisioned concurrency exists only on an alias or version. Fix: ${RESOURCE_ID_FIX} with an aws.lambda.ProvisionedConcurrencyConfig on that alias.`;
                return `Auto Scaling target ${t.name} scales provisioned concurrency of ${s.fn ? `function ${s.fn.name}` : "a function"} qualifier "${s.qualifier}", but no ProvisionedConcurrencyConfig configures that alias or version: the scaling target has nothing to scale. Fix: ${newResource("aws.lambda.ProvisionedConcurrencyConfig", `${t.name}-pc`, PC_ARGS)}.`;
            });
        }
    },
);
