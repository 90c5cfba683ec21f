import { types } from "../../lib/aws/types";
import {
    KeyPolicy,
    OpenStatements,
    bypassesLockoutCheck,
    keyPolicy,
    keyPolicyDocument,
    openStatements,
    policyKeys,
    unlinkedKeyPolicies,
} from "../../lib/facts/keys";
import { ResourceView } from "../../lib/graph/resource";
import { stackPolicy } from "../../lib/policy";

const holderKind = (holder: ResourceView) => (holder.type === types.kms.KeyPolicy ? "KeyPolicy" : "KMS key");

function bypassMessage(holder: ResourceView): string {
    return `${holderKind(holder)} ${holder.name} sets bypassPolicyLockoutSafetyCheck: a policy that locks everyone out of the key is accepted. Fix: remove bypassPolicyLockoutSafetyCheck (or set it to false).`;
}

/** The finding on a key policy document, reported on `subject` (the key, or a KeyPolicy of a key outside the stack). */
function documentMessage(subject: ResourceView, policy: KeyPolicy, o: OpenStatements | undefined): string | undefined {
    const where = policy.on === subject ? `KMS key ${subject.name}` : `${holderKind(policy.on)} ${policy.on.name} (key ${subject.name})`;
    if (o?.malformed) {
        return `The key policy of ${where} is not a valid policy document (${o.malformed}); KMS rejects it. Fix: policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...] }).`;
    }
    if (!o?.open.length) return undefined;
    const ids = o.open.map(s => (s.sid ? `"${s.sid}"` : `#${s.index + 1}`)).join(", ");
    return `The key policy of ${where} allows any principal ("*") without a narrowing condition (statement ${ids}). Fix: name the principals, or add Condition: { StringEquals: { "kms:CallerAccount": accountId } } to that statement.`;
}

export default stackPolicy(
    {
        name: "kms-key-policy-scope",
        description:
            'A KMS key policy (inline `policy` on aws.kms.Key, ReplicaKey, ExternalKey or ReplicaExternalKey, or a separate aws.kms.KeyPolicy) must not Allow a wildcard principal (`*` or `{AWS: "*"}`) without a condition that narrows who may use the key (aws:PrincipalOrgID, kms:CallerAccount, aws:SourceAccount, ...), and must not set `bypassPolicyLockoutSafetyCheck`. A key with no explicit policy gets the AWS default policy (whole account through IAM); it is flagged as advisory so the policy is written down and reviewed.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["004#2"],
        remediation:
            'Give the key an explicit policy that names its principals, and narrow any wildcard with a condition:\n  const key = new aws.kms.Key("data-key", {\n    enableKeyRotation: true,\n    policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [\n      { Sid: "Admin", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },\n      { Sid: "Use", Effect: "Allow", Principal: { AWS: appRole.arn }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },\n    ] }),\n  });',
        url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
        peers: { checkov: ["CKV_AWS_33", "CKV2_AWS_64"], securityHub: ["KMS.5"], cdkNag: [] },
    },
    (graph, ctx) => {
        const judgeDocument = (subject: ResourceView, policy: KeyPolicy) =>
            ctx.decide(subject, openStatements(policy), o => documentMessage(subject, policy, o));
        for (const key of policyKeys(graph)) {
            ctx.decide(key, bypassesLockoutCheck(key), bypass => {
                ctx.decide(key, keyPolicy(graph, key), policy => {
                    if (!policy) {
                        return void ctx.advise(
                            key,
                            `KMS key ${key.name} has no explicit key policy, so AWS applies the default policy that lets any IAM principal of the account with kms permissions use it (not reviewable from the program). Fix: new aws.kms.Key(${JSON.stringify(key.name)}, { policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [/* named principals */] }) }).`,
                        );
                    }
                    if (policy.on === key) return void judgeDocument(key, policy);
                    // A KeyPolicy resource of the key: its own bypass flag first.
                    ctx.decide(key, bypassesLockoutCheck(policy.on), kpBypass => {
                        judgeDocument(key, policy);
                        return kpBypass ? bypassMessage(policy.on) : undefined;
                    });
                    return undefined;
                });
                return bypass ? bypassMessage(key) : undefined;
            });
        }
        // KeyPolicy resources for keys outside the stack (or not matched) are checked on their own.
        for (const kp of unlinkedKeyPolicies(graph)) {
            ctx.decide(kp, bypassesLockoutCheck(kp), bypass => (bypass ? bypassMessage(kp) : undefined));
            ctx.decide(kp, keyPolicyDocument(kp), policy => void (policy && judgeDocument(kp, policy)));
        }
    },
);
