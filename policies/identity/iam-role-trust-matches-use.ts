import { TrustNeed, roleUsersNotKnownYet, roles, trustMatch } from "../../lib/facts/iam";
import { stackPolicy } from "../../lib/policy";
import { identifier, render } from "../../lib/report/snippets";

const BECAUSE: Record<TrustNeed["use"], (name: string) => string> = {
    lambda: n => `Lambda function ${n} uses it`,
    "lambda-edge": n => `Lambda@Edge function ${n} uses it`,
    "instance-profile": n => `instance profile ${n} holds it`,
    "rds-monitoring": n => `${n} sends enhanced monitoring with it`,
};

const principalFix = (needs: TrustNeed[]) =>
    `assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: ${render(needs[0]?.service ?? "lambda.amazonaws.com")} })`;

export default stackPolicy(
    {
        name: "iam-role-trust-matches-use",
        description:
            "A role's trust policy lets in the service that uses it: a role used by a Lambda function trusts lambda.amazonaws.com (and edgelambda.amazonaws.com when the function is Lambda@Edge), a role in an EC2 instance profile trusts ec2.amazonaws.com, an RDS enhanced-monitoring role trusts monitoring.rds.amazonaws.com; and no trust policy lets anyone (`*`) assume the role without a narrowing condition. A mismatch fails the deployment or leaves the service unable to assume its role; an open trust policy hands the role to every AWS account.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["004#5", "001#7"],
        remediation:
            'Trust exactly the services that use the role:\n  new aws.iam.Role("fn-role", { assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }) });',
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html",
        peers: { checkov: ["CKV_AWS_60"], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        for (const role of roles(graph)) {
            ctx.decide(role, trustMatch(graph, role), t => {
                if (!t) return undefined;
                if (t.kind === "absent") return `Role ${role.name} has no trust policy. Fix: ${principalFix(t.needs)}.`;
                if (t.kind === "malformed")
                    return `The trust policy of role ${role.name} is not a readable IAM policy document (${t.reason}). Fix: ${principalFix(t.needs)}.`;
                const problems = t.untrusted.map(n => `it does not trust ${n.service} but ${BECAUSE[n.use](n.user.name)}`);
                if (t.openStatement) problems.push(`statement ${t.openStatement} lets any principal ("*") assume it without a narrowing condition`);
                if (!problems.length) return undefined;
                const list = [...new Set([...t.trusted, ...t.untrusted.map(n => n.service)])];
                const services = list.length ? list : ["<service>.amazonaws.com"];
                const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: services }, Action: "sts:AssumeRole" }] };
                return `Trust policy of role ${role.name} does not match its use: ${problems.join("; ")}. Fix: assumeRolePolicy: pulumi.jsonStringify(${render(doc)}) on ${identifier(role.name, "role")}.`;
            });
        }
        for (const { user, role } of roleUsersNotKnownYet(graph)) ctx.decide(user, role, () => undefined);
    },
);
