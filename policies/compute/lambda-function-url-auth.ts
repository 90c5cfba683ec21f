import { types } from "../../lib/aws/types";
import { urlAuthorization } from "../../lib/facts/lambda";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "lambda-function-url-auth",
        description:
            'A Lambda function URL must not use `authorizationType: "NONE"`: that publishes the function to the whole internet, bypassing API Gateway and any authorizer.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["000#3"],
        resourceTypes: [types.lambda.FunctionUrl],
        remediation:
            'Require IAM auth (or remove the URL and expose the function only through API Gateway):\n  new aws.lambda.FunctionUrl("fn-url", { functionName: fn.name, authorizationType: "AWS_IAM" });',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
        peers: { checkov: ["CKV_AWS_258"], securityHub: ["Lambda.1"] },
    },
    (url, ctx) => {
        ctx.decide(url, urlAuthorization(url), auth =>
            auth?.toUpperCase() === "NONE"
                ? `Function URL ${url.name} uses authorizationType "NONE": anyone on the internet can invoke the function. Fix: authorizationType: "AWS_IAM".`
                : undefined,
        );
    },
);
