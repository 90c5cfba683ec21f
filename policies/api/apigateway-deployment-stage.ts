import { APIGW, bodyDefinesPaths, deploymentsByApi, methodsByApi, stagesByDeployment, varName } from "../../lib/aws/apigateway";
import { stackPolicy } from "../../lib/policy";

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
        const stages = stagesByDeployment(graph);
        for (const deployment of graph.ofType(APIGW.deployment)) {
            if ((stages.get(deployment.urn) ?? []).length) continue;
            if (stages.undecided.length) {
                ctx.defer(deployment, `stage ${stages.undecided.map(s => s.name).join(", ")} points at a deployment not known yet`);
                continue;
            }
            ctx.report(
                deployment,
                `REST API deployment ${deployment.name} is not used by any stage, so it serves no traffic. Fix: new aws.apigateway.Stage("${deployment.name}-stage", { restApi: api.id, deployment: ${varName(deployment.name, "deployment")}.id, stageName: "prod" }).`,
            );
        }
        const methods = methodsByApi(graph);
        const deployments = deploymentsByApi(graph);
        for (const api of graph.ofType(APIGW.restApi)) {
            const hasMethods = (methods.get(api.urn) ?? []).length > 0;
            const body = bodyDefinesPaths(api);
            if (!hasMethods && body !== true) {
                if (body === "unknown") ctx.defer(api, "the OpenAPI body is not known until deployment");
                continue;
            }
            if ((deployments.get(api.urn) ?? []).length) continue;
            if (deployments.undecided.length) {
                ctx.defer(api, `deployment ${deployments.undecided.map(d => d.name).join(", ")} points at an API not known yet`);
                continue;
            }
            ctx.report(
                api,
                `REST API ${api.name} has methods but no deployment, so none of them is reachable. Fix: new aws.apigateway.Deployment("${api.name}-deployment", { restApi: ${varName(api.name, "api")}.id }) plus an aws.apigateway.Stage that uses it.`,
            );
        }
    },
);
