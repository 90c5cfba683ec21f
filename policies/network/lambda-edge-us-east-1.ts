import { edgeAssociationIssues, edgeDeployment, edgeFunctions } from "../../lib/facts/lambda";
import { stackPolicy } from "../../lib/policy";
import { ref } from "../../lib/report/snippets";

const PROVIDER_FIX = '{ provider: new aws.Provider("us-east-1", { region: "us-east-1" }) }';

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
        for (const { distribution: d, issue } of edgeAssociationIssues(graph)) {
            ctx.decide(
                d,
                issue,
                () =>
                    `Distribution ${d.name} associates a Lambda@Edge ARN that is not a numbered version. Fix: lambdaArn: edgeFn.qualifiedArn (with publish: true).`,
            );
        }
        for (const use of edgeFunctions(graph)) {
            const fn = use.fn;
            ctx.decide(fn, edgeDeployment(use), e => {
                const problems: string[] = [];
                const fixes: string[] = [];
                if (e?.wrongRegion) {
                    problems.push(`is created in ${e.wrongRegion.region ?? "a region other than us-east-1"} (Lambda@Edge must be in us-east-1)`);
                    fixes.push(PROVIDER_FIX);
                }
                if (e?.unpublishedFor) {
                    problems.push(`is associated with ${e.unpublishedFor.name} without a published version`);
                    fixes.push(`publish: true and lambdaArn: ${ref(fn.name, "qualifiedArn").text}`);
                }
                return problems.length ? `Lambda@Edge function ${fn.name} ${problems.join(" and ")}. Fix: ${fixes.join("; ")}.` : undefined;
            });
        }
    },
);
