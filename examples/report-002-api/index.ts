import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("authorizer-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

const authorizerFn = new aws.lambda.Function("authorizer-fn", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ principalId: 'user' });") }),
});

// Report 002 #14: the documents table has no point-in-time recovery.
const table = new aws.dynamodb.Table("documents", {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "documentId",
    attributes: [{ name: "documentId", type: "S" }],
});

const api = new aws.apigateway.RestApi("documents-api", {});

// Report 002 #1: a TOKEN authorizer given a list of identity sources, with result caching off.
const authorizer = new aws.apigateway.Authorizer("api-authorizer", {
    restApi: api.id,
    type: "TOKEN",
    authorizerUri: authorizerFn.invokeArn,
    identitySource: "method.request.header.X-Api-Key,method.request.header.Authorization",
    authorizerResultTtlInSeconds: 0,
});

const docs = new aws.apigateway.Resource("documents-resource", { restApi: api.id, parentId: api.rootResourceId, pathPart: "documents" });

const getDocs = new aws.apigateway.Method("documents-get", {
    restApi: api.id,
    resourceId: docs.id,
    httpMethod: "GET",
    authorization: "CUSTOM",
    authorizerId: authorizer.id,
});

// Report 002 #4: a method left open while the authorizer was "being fixed".
const postDocs = new aws.apigateway.Method("documents-post", {
    restApi: api.id,
    resourceId: docs.id,
    httpMethod: "POST",
    authorization: "NONE",
});

// CORS preflight is allowed without authorization.
const options = new aws.apigateway.Method("documents-options", {
    restApi: api.id,
    resourceId: docs.id,
    httpMethod: "OPTIONS",
    authorization: "NONE",
});

const integrations = [getDocs, postDocs, options].map(
    (m, i) => new aws.apigateway.Integration(`documents-integration-${i}`, { restApi: api.id, resourceId: docs.id, httpMethod: m.httpMethod, type: "MOCK" }),
);

const deployment = new aws.apigateway.Deployment("api-deployment", { restApi: api.id }, { dependsOn: integrations });
new aws.apigateway.Stage("api-stage", { restApi: api.id, deployment: deployment.id, stageName: "prod" });

export const tableName = table.name;
