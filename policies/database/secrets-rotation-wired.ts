import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const FUNCTION = "aws:lambda/function:Function";
const ALIAS = "aws:lambda/alias:Alias";
const PERMISSION = "aws:lambda/permission:Permission";
const PRINCIPAL = "secretsmanager.amazonaws.com";
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;

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
        const rotations = graph.ofType(ROTATION);
        if (!rotations.length) return;
        const functions = graph.ofType(FUNCTION);
        const fnByName = new Map<string, ResourceView>();
        let unknownNames = 0;
        for (const fn of functions) {
            const n = fn.props.get("name");
            if (typeof n === "string") fnByName.set(n, fn);
            else if (n === UNKNOWN) unknownNames++;
        }
        const permissions = graph.linksTo([PERMISSION], "function", [FUNCTION]);
        const aliasTargets = graph.linksTo([ALIAS], "functionName", [FUNCTION]).bySource;

        for (const rot of rotations) {
            const arn = rot.props.get("rotationLambdaArn");
            if (arn === undefined) continue; // managed rotation: no function to wire
            const res = graph.resolve(rot, "rotationLambdaArn", [FUNCTION, ALIAS]);
            if (res.status === "undecided") {
                ctx.defer(rot, res.reason);
                continue;
            }
            let targets: ResourceView[] = [];
            if (res.status === "found") targets = res.targets;
            else {
                const value = res.values[0] ?? (typeof arn === "string" ? arn : "");
                const m = LAMBDA_ARN.exec(value.trim());
                if (!m) {
                    ctx.report(
                        rot,
                        `Secret rotation ${rot.name} has a rotationLambdaArn that is not a Lambda function ARN. Fix: rotationLambdaArn: rotationFn.arn.`,
                    );
                    continue;
                }
                const byName = fnByName.get(m[1]);
                if (byName) targets = [byName];
                else if (unknownNames) {
                    ctx.defer(rot, "the names of the stack's functions are not known until deployment");
                    continue;
                } else if (functions.length) {
                    ctx.report(
                        rot,
                        `Secret rotation ${rot.name} names a rotation function by a hand-built ARN that matches none of the stack's functions (${functions.map(f => f.name).join(", ")}); the rotation cannot be configured. Fix: rotationLambdaArn: rotationFn.arn (the aws.lambda.Function that rotates the secret).`,
                    );
                    continue;
                } else continue; // a well-formed ARN of a function managed elsewhere
            }
            for (let target of targets) {
                if (target.type === ALIAS) {
                    const a = aliasTargets.get(target.urn);
                    if (a?.status !== "found") continue;
                    target = a.targets[0];
                }
                const perms = permissions.get(target.urn) ?? [];
                const principals = perms.map(p => p.props.get("principal"));
                if (principals.some(p => typeof p === "string" && p.trim().toLowerCase() === PRINCIPAL)) continue;
                if (principals.includes(UNKNOWN) || permissions.undecided.length) {
                    ctx.defer(rot, `the lambda.Permission principals for ${target.name} are not known until deployment`);
                    continue;
                }
                ctx.report(
                    rot,
                    `Secret rotation ${rot.name} uses function ${target.name}, which has no lambda.Permission for ${PRINCIPAL}; Secrets Manager cannot invoke it. Fix: new aws.lambda.Permission("${target.name}-secretsmanager", { action: "lambda:InvokeFunction", function: ${camel(target.name)}.name, principal: "${PRINCIPAL}" }).`,
                );
            }
        }
    },
);

function camel(name: string): string {
    return (
        name
            .replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
            .replace(/[^A-Za-z0-9_]/g, "")
            .replace(/^[^A-Za-z_]+/, "") || "fn"
    );
}
