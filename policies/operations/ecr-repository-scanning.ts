import { types } from "../../lib/aws/types";
import { repositoryFix, repositoryGaps } from "../../lib/facts/ecr";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "ecr-repository-scanning",
        description:
            'ECR repositories (`aws.ecr.Repository`) scan images on push (`imageScanningConfiguration: { scanOnPush: true }`) so vulnerable images are found before they run, and use immutable tags (`imageTagMutability: "IMMUTABLE"` or `"IMMUTABLE_WITH_EXCLUSION"`) so a tag such as `v1.2.3` always names the image that was scanned and deployed (report 003#3). Account-level enhanced scanning (`aws.ecr.RegistryScanningConfiguration`) can replace scan-on-push; waive this policy for such repositories with an exemption.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["003#3"],
        resourceTypes: [types.ecr.Repository],
        remediation:
            'Scan on push and make tags immutable:\n  new aws.ecr.Repository("api", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE", encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }] });',
        url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
        peers: { checkov: ["CKV_AWS_163", "CKV_AWS_51"], securityHub: ["ECR.1", "ECR.2"] },
    },
    (repo, ctx) => {
        ctx.decide(repo, repositoryGaps(repo), gaps => {
            if (!gaps?.length) return undefined;
            const problems = gaps.map(g =>
                g.kind === "scanOnPush"
                    ? g.configured
                        ? "does not scan images on push"
                        : "has no image scanning (imageScanningConfiguration is not set)"
                    : g.configured
                      ? "has mutable image tags"
                      : "has mutable image tags (imageTagMutability defaults to MUTABLE)",
            );
            const fixes = gaps.map(g => (g.kind === "scanOnPush" ? "imageScanningConfiguration: { scanOnPush: true }" : 'imageTagMutability: "IMMUTABLE"'));
            return `ECR repository ${repo.name} ${problems.join(" and ")}. Fix: ${fixes.join(", ")}.`;
        });
    },
    {
        // Scan on push and tag immutability are in-place updates; values not known yet, secrets and
        // MUTABLE_WITH_EXCLUSION are left to the check.
        remediation: { resourceTypes: [types.ecr.Repository], fix: repo => repositoryFix(repo) },
    },
);
