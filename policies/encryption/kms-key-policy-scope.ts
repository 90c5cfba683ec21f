import { KEY_POLICY_TYPE, bypassesLockoutCheck, effectiveKeyPolicy, keyPolicyIndex, keys } from "../../lib/aws/kms";
import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { Statement, isOpenToAnyone, readDocument } from "../../lib/iam/document";
import { CheckContext, stackPolicy } from "../../lib/policy";

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
        const checked = new Set<string>();
        for (const key of keys(graph)) {
            const reading = effectiveKeyPolicy(graph, key);
            if (!checkBypass(key, key, ctx)) continue;
            if (reading.status === "unknown") {
                ctx.defer(key, reading.reason);
                continue;
            }
            if (reading.status === "absent") {
                ctx.advise(
                    key,
                    `KMS key ${key.name} has no explicit key policy, so AWS applies the default policy that lets any IAM principal of the account with kms permissions use it (not reviewable from the program). Fix: new aws.kms.Key("${key.name}", { policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [/* named principals */] }) }).`,
                );
                continue;
            }
            checked.add(reading.source.urn);
            if (reading.source !== key && !checkBypass(reading.source, key, ctx)) continue;
            checkDocument(key, reading, ctx);
        }
        // KeyPolicy resources for keys outside the stack (or not matched) are checked on their own.
        const linked = keyPolicyIndex(graph).bySource;
        for (const kp of graph.ofType(KEY_POLICY_TYPE)) {
            if (checked.has(kp.urn) || linked.get(kp.urn)?.status === "found") continue;
            checkBypass(kp, kp, ctx);
            const reading = readKeyPolicyResource(kp);
            if (reading === "unknown") ctx.defer(kp, "the key policy is not known until deployment");
            else if (reading) checkDocument(kp, reading, ctx);
        }
    },
);

type Reading = { status: "ok"; statements: Statement[]; source: ResourceView } | { status: "malformed"; reason: string; source: ResourceView };

function readKeyPolicyResource(kp: ResourceView): Reading | "unknown" | undefined {
    const doc = readDocument(kp.props.get("policy"));
    if (doc.status === "unknown") return "unknown";
    if (doc.status === "absent") return { status: "malformed", reason: "the KeyPolicy has no policy document", source: kp };
    if (doc.status === "malformed") return { status: "malformed", reason: doc.reason, source: kp };
    return { status: "ok", statements: doc.statements, source: kp };
}

/** Reports `bypassPolicyLockoutSafetyCheck: true`; returns false when the value is unknown (deferred). */
function checkBypass(holder: ResourceView, subject: ResourceView, ctx: CheckContext<unknown>): boolean {
    const v = bypassesLockoutCheck(holder);
    if (v === UNKNOWN) {
        ctx.defer(subject, "bypassPolicyLockoutSafetyCheck is not known until deployment");
        return false;
    }
    if (v) {
        ctx.report(
            subject,
            `${holder.type === KEY_POLICY_TYPE ? "KeyPolicy" : "KMS key"} ${holder.name} sets bypassPolicyLockoutSafetyCheck: a policy that locks everyone out of the key is accepted. Fix: remove bypassPolicyLockoutSafetyCheck (or set it to false).`,
        );
    }
    return true;
}

function checkDocument(subject: ResourceView, reading: Reading, ctx: CheckContext<unknown>): void {
    const holder = reading.source;
    const where =
        holder === subject
            ? `KMS key ${subject.name}`
            : `${holder.type === KEY_POLICY_TYPE ? "KeyPolicy" : "KMS key"} ${holder.name}${subject !== holder ? ` (key ${subject.name})` : ""}`;
    if (reading.status === "malformed") {
        ctx.report(
            subject,
            `The key policy of ${where} is not a valid policy document (${reading.reason}); KMS rejects it. Fix: policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...] }).`,
        );
        return;
    }
    const open: Statement[] = [];
    let undecided = false;
    for (const st of reading.statements) {
        if (!isOpenToAnyone(st)) continue;
        if (st.hasUnknown) undecided = true;
        else open.push(st);
    }
    if (open.length) {
        // Statement ids come from the document: never echo them when the document (or the id) is secret.
        const secrets = holder.props.secrets();
        const raw = holder.props.get("policy");
        const secretDoc = typeof raw === "string" && secrets.has(raw);
        const ids = open.map(s => (s.sid && !secretDoc && !secrets.has(s.sid) ? `"${s.sid}"` : `#${s.index + 1}`)).join(", ");
        ctx.report(
            subject,
            `The key policy of ${where} allows any principal ("*") without a narrowing condition (statement ${ids}). Fix: name the principals, or add Condition: { StringEquals: { "kms:CallerAccount": accountId } } to that statement.`,
        );
    } else if (undecided) {
        ctx.defer(subject, "a wildcard-principal statement's condition is not known until deployment");
    }
}
