import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const environmentSuffix = pulumi.getStack();

// Report 003 #3: the container repository neither scans on push nor has immutable tags.
const ecrRepo = new aws.ecr.Repository(`ecommerce-api-repo-${environmentSuffix}`, {
    name: `ecommerce-api-${environmentSuffix}`,
});

const role = new aws.iam.Role(`ecommerce-api-role-${environmentSuffix}`, {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

const apiLambda = new aws.lambda.Function(`ecommerce-api-lambda-${environmentSuffix}`, {
    packageType: "Image",
    imageUri: pulumi.interpolate`${ecrRepo.repositoryUrl}:latest`,
    role: role.arn,
});

const apiGateway = new aws.apigateway.RestApi(`ecommerce-api-${environmentSuffix}`, {});
const proxy = new aws.apigateway.Resource(`ecommerce-api-proxy-${environmentSuffix}`, {
    restApi: apiGateway.id,
    parentId: apiGateway.rootResourceId,
    pathPart: "{proxy+}",
});
const apiMethod = new aws.apigateway.Method(`ecommerce-api-method-${environmentSuffix}`, {
    restApi: apiGateway.id,
    resourceId: proxy.id,
    httpMethod: "ANY",
    authorization: "AWS_IAM",
});
const apiIntegration = new aws.apigateway.Integration(`ecommerce-api-integration-${environmentSuffix}`, {
    restApi: apiGateway.id,
    resourceId: proxy.id,
    httpMethod: apiMethod.httpMethod,
    type: "AWS_PROXY",
    integrationHttpMethod: "POST",
    uri: apiLambda.invokeArn,
});

// Report 003 #1: the deployment is written CloudFormation-style; no Stage ever points at it.
new aws.apigateway.Deployment(`ecommerce-api-deployment-${environmentSuffix}`, { restApi: apiGateway.id }, { dependsOn: [apiIntegration] });

// Report 003 #6: the dashboard collects the function name but never uses it as a dimension.
new aws.cloudwatch.Dashboard(`ecommerce-dashboard-${environmentSuffix}`, {
    dashboardName: `ecommerce-${environmentSuffix}`,
    dashboardBody: pulumi.all([apiLambda.name]).apply(([_lambdaName]) =>
        JSON.stringify({
            widgets: [
                {
                    type: "metric",
                    properties: {
                        region: "us-west-2",
                        metrics: [["AWS/Lambda", "Duration", { stat: "Average" }]],
                    },
                },
            ],
        }),
    ),
});

export const repositoryUrl = ecrRepo.repositoryUrl;
