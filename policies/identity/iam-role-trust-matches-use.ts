import { FUNCTION_TYPE, FUNCTION_TYPES, parseFunctionArn, varName } from "../../lib/aws/lambda";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { field } from "../../lib/graph/values";
import { ROLE_TYPE } from "../../lib/iam/permissions";
import { roleTrust, trustsService } from "../../lib/iam/trust";
import { stackPolicy } from "../../lib/policy";

const DISTRIBUTION_TYPE = "aws:cloudfront/distribution:Distribution";
const INSTANCE_PROFILE_TYPE = "aws:iam/instanceProfile:InstanceProfile";
const RDS_MONITORED_TYPES = ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"];

interface Need {
    service: string;
    because: string;
}

/** Functions a CloudFront distribution associates with its cache behaviours (Lambda@Edge). */
function edgeFunctions(graph: StackGraph): Set<string> {
    const out = new Set<string>();
    for (const d of graph.ofType(DISTRIBUTION_TYPE)) {
        for (const prop of ["defaultCacheBehavior", "orderedCacheBehaviors"]) {
            for (const urn of d.propertyDependencies[prop] ?? []) {
                if (graph.get(urn)?.type === FUNCTION_TYPE) out.add(urn);
            }
            const behaviours = d.props.list(prop);
            if (!Array.isArray(behaviours)) continue;
            for (const b of behaviours) {
                const assocs = field(b, "lambdaFunctionAssociations");
                for (const a of Array.isArray(assocs) ? assocs : []) {
                    const arn = field(a, "lambdaArn");
                    const parsed = typeof arn === "string" ? parseFunctionArn(arn) : undefined;
                    if (!parsed) continue;
                    for (const fn of graph.byPhysicalIdentity(parsed.name, FUNCTION_TYPES)) out.add(fn.urn);
                }
            }
        }
    }
    return out;
}

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
        const needs = new Map<string, Need[]>();
        const undecidedUsers: ResourceView[] = [];
        const need = (user: ResourceView, path: string, service: string, because: string) => {
            const res = graph.resolve(user, path, [ROLE_TYPE]);
            if (res.status === "undecided") {
                if ((user.propertyDependencies[path.split(".")[0]] ?? []).length === 0) undecidedUsers.push(user);
                return;
            }
            if (res.status !== "found") return;
            for (const role of res.targets) {
                const list = needs.get(role.urn) ?? [];
                if (!list.some(n => n.service === service)) list.push({ service, because });
                needs.set(role.urn, list);
            }
        };
        const edge = edgeFunctions(graph);
        for (const fn of graph.ofType(FUNCTION_TYPE)) {
            need(fn, "role", "lambda.amazonaws.com", `Lambda function ${fn.name} uses it`);
            if (edge.has(fn.urn)) need(fn, "role", "edgelambda.amazonaws.com", `Lambda@Edge function ${fn.name} uses it`);
        }
        for (const p of graph.ofType(INSTANCE_PROFILE_TYPE)) need(p, "role", "ec2.amazonaws.com", `instance profile ${p.name} holds it`);
        for (const db of graph.ofType(...RDS_MONITORED_TYPES)) {
            if (db.props.get("monitoringRoleArn") !== undefined)
                need(db, "monitoringRoleArn", "monitoring.rds.amazonaws.com", `${db.name} sends enhanced monitoring with it`);
        }

        for (const role of graph.ofType(ROLE_TYPE)) {
            const trust = roleTrust(role);
            const wanted = needs.get(role.urn) ?? [];
            if (trust.status === "unknown") {
                ctx.defer(role, "the trust policy (assumeRolePolicy) is not known until deployment");
                continue;
            }
            if (trust.status === "absent") {
                ctx.report(
                    role,
                    `Role ${role.name} has no trust policy. Fix: assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "${wanted[0]?.service ?? "lambda.amazonaws.com"}" }).`,
                );
                continue;
            }
            if (trust.status === "malformed") {
                ctx.report(
                    role,
                    `The trust policy of role ${role.name} is not a readable IAM policy document (${trust.reason}). Fix: assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "${wanted[0]?.service ?? "lambda.amazonaws.com"}" }).`,
                );
                continue;
            }
            const problems: string[] = [];
            const missing: string[] = [];
            let deferred = false;
            for (const n of wanted) {
                const t = trustsService(trust, n.service);
                if (t === "unknown") deferred = true;
                else if (!t) {
                    problems.push(`it does not trust ${n.service} but ${n.because}`);
                    missing.push(n.service);
                }
            }
            if (trust.openToAnyone.length)
                problems.push(`statement ${trust.openToAnyone[0].index + 1} lets any principal ("*") assume it without a narrowing condition`);
            if (problems.length) {
                const list = [...new Set([...trust.services, ...missing])];
                const services = (list.length ? list : ["<service>.amazonaws.com"]).map(s => `"${s}"`).join(", ");
                ctx.report(
                    role,
                    `Trust policy of role ${role.name} does not match its use: ${problems.join("; ")}. Fix: assumeRolePolicy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: [${services}] }, Action: "sts:AssumeRole" }] }) on ${varName(role.name, "role")}.`,
                );
            } else if (deferred) {
                ctx.defer(role, "a principal of the trust policy is not known until deployment");
            }
        }
        for (const u of undecidedUsers) ctx.defer(u, `the role of ${u.name} is not known until deployment`);
    },
);
