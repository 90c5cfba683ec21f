import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// Report 000 #1: the prompt asked for an "HTTP API Gateway"; the program builds a REST API.
const environmentSuffix = pulumi.getStack();

const api = new aws.apigateway.RestApi(`secure-doc-api-${environmentSuffix}`, {
    description: "Document processing API",
    endpointConfiguration: { types: "REGIONAL" },
});

const documents = new aws.apigateway.Resource("documents", { restApi: api.id, parentId: api.rootResourceId, pathPart: "documents" });

const method = new aws.apigateway.Method("documents-post", {
    restApi: api.id,
    resourceId: documents.id,
    httpMethod: "POST",
    authorization: "AWS_IAM",
});

const integration = new aws.apigateway.Integration("documents-post-integration", {
    restApi: api.id,
    resourceId: documents.id,
    httpMethod: method.httpMethod,
    type: "MOCK",
});

const deployment = new aws.apigateway.Deployment("api-deployment", { restApi: api.id }, { dependsOn: [method, integration] });

new aws.apigateway.Stage("api-stage", { restApi: api.id, deployment: deployment.id, stageName: "prod" });

export const apiId = api.id;
