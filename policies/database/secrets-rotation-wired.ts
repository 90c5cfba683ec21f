import { isMalformed } from "../../lib/graph/decision";
import { SECRETS_MANAGER_PRINCIPAL, invokePermission, rotationFunction, secretRotations } from "../../lib/facts/secrets";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "secrets-rotation-wired",
        description:
            "An `aws.secretsmanager.SecretRotation` must name a rotation function that exists: a Lambda function of the stack (by reference, or an ARN or name that matches one) or a well-formed ARN of a function managed elsewhere. A hand-built ARN string whose function name matches nothing, in a stack that does create functions, is the bug of report 001#4: the rotation fails to configure. The function also needs a `lambda.Permission` for `secretsmanager.amazonaws.com`, or Secrets Manager cannot invoke it.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["001#4"],
        remediation:
            'Reference the rotation function itself and let Secrets Manager invoke it:\n  new aws.lambda.Permission("rotation-invoke", { action: "lambda:InvokeFunction", function: rotationFn.name, principal: "secretsmanager.amazonaws.com", sourceArn: secret.arn });\n  new aws.secretsmanager.SecretRotation("rotation", { secretId: secret.id, rotationLambdaArn: rotationFn.arn, rotationRules: { automaticallyAfterDays: 30 } });\nFor RDS master passwords, prefer manageMasterUserPassword: true (RDS rotates them).',
        url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        peers: { checkov: ["CKV2_AWS_57"], securityHub: ["SecretsManager.1"] },
    },
    (graph, ctx) => {
        for (const rot of secretRotations(graph)) {
            const wired = rotationFunction(graph, rot);
            ctx.decide(rot, wired, target => {
                if (target?.kind === "notAnArn") {
                    return `Secret rotation ${rot.name} has a rotationLambdaArn that is not a Lambda function ARN. Fix: rotationLambdaArn: rotationFn.arn.`;
                }
                if (target?.kind === "unmatched") {
                    return `Secret rotation ${rot.name} names a rotation function by a hand-built ARN that matches none of the stack's functions (${target.functions.join(", ")}); the rotation cannot be configured. Fix: rotationLambdaArn: rotationFn.arn (the aws.lambda.Function that rotates the secret).`;
                }
                return undefined; // managed rotation, or a function managed elsewhere
            });
            const functions = wired.kind === "known" && !isMalformed(wired.value) && wired.value.kind === "stack" ? wired.value.functions : [];
            for (const fn of functions) {
                ctx.decide(rot, invokePermission(graph, fn, SECRETS_MANAGER_PRINCIPAL), allowed => {
                    if (allowed) return undefined;
                    const fix = newResource("aws.lambda.Permission", `${fn.name}-secretsmanager`, {
                        action: "lambda:InvokeFunction",
                        function: ref(fn.name, "name"),
                        principal: SECRETS_MANAGER_PRINCIPAL,
                    });
                    return `Secret rotation ${rot.name} uses function ${fn.name}, which has no lambda.Permission for ${SECRETS_MANAGER_PRINCIPAL}; Secrets Manager cannot invoke it. Fix: ${fix}.`;
                });
            }
        }
    },
);
