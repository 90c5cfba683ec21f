import { restApis, restDeployments, stagesOfDeployment, unreachableRestApi } from "../../lib/facts/apigateway";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "apigateway-deployment-stage",
        description:
            "A REST API (`aws.apigateway.RestApi`) only serves traffic through a stage: in @pulumi/aws v7 an `aws.apigateway.Deployment` no longer takes `stageName`, so every Deployment must be referenced by an `aws.apigateway.Stage`, and a REST API that has methods (or an OpenAPI body with paths) must have a Deployment. Otherwise the API is created but never reachable, or the program does not compile (report 003#1).",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["003#1"],
        remediation:
            'Create a Deployment for the API and a Stage that points at it:\n  const deployment = new aws.apigateway.Deployment("api-deployment", { restApi: api.id, triggers: { redeployment: "v1" } }, { dependsOn: [method, integration] });\n  new aws.apigateway.Stage("api-stage", { restApi: api.id, deployment: deployment.id, stageName: "prod" });',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html",
        peers: {},
    },
    (graph, ctx) => {
        for (const deployment of restDeployments(graph)) {
            ctx.decide(deployment, stagesOfDeployment(graph, deployment), stages => {
                if (stages?.length) return undefined;
                const fix = newResource("aws.apigateway.Stage", `${deployment.name}-stage`, {
                    restApi: ref("api", "id"),
                    deployment: ref(deployment.name, "id"),
                    stageName: "prod",
                });
                return `REST API deployment ${deployment.name} is not used by any stage, so it serves no traffic. Fix: ${fix}.`;
            });
        }
        for (const api of restApis(graph)) {
            ctx.decide(api, unreachableRestApi(graph, api), unreachable => {
                if (!unreachable) return undefined;
                const fix = newResource("aws.apigateway.Deployment", `${api.name}-deployment`, { restApi: ref(api.name, "id") });
                return `REST API ${api.name} has methods but no deployment, so none of them is reachable. Fix: ${fix} plus an aws.apigateway.Stage that uses it.`;
            });
        }
    },
);
