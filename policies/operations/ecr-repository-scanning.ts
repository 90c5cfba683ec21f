import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

const IMMUTABLE = ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"];

export default resourcePolicy(
    {
        name: "ecr-repository-scanning",
        description:
            'ECR repositories (`aws.ecr.Repository`) scan images on push (`imageScanningConfiguration: { scanOnPush: true }`) so vulnerable images are found before they run, and use immutable tags (`imageTagMutability: "IMMUTABLE"` or `"IMMUTABLE_WITH_EXCLUSION"`) so a tag such as `v1.2.3` always names the image that was scanned and deployed (report 003#3). Account-level enhanced scanning (`aws.ecr.RegistryScanningConfiguration`) can replace scan-on-push; waive this policy for such repositories with an exemption.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["003#3"],
        resourceTypes: ["aws:ecr/repository:Repository"],
        remediation:
            'Scan on push and make tags immutable:\n  new aws.ecr.Repository("api", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE", encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }] });',
        url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
        peers: { checkov: ["CKV_AWS_163", "CKV_AWS_51"], securityHub: ["ECR.1", "ECR.2"] },
    },
    (repo, ctx) => {
        const problems: string[] = [];
        const fixes: string[] = [];
        const unknown: string[] = [];
        const scan = repo.props.bool("imageScanningConfiguration.scanOnPush");
        if (scan === UNKNOWN || repo.props.get("imageScanningConfiguration") === UNKNOWN) unknown.push("imageScanningConfiguration");
        else if (scan !== true) {
            problems.push(
                repo.props.has("imageScanningConfiguration") ? "does not scan images on push" : "has no image scanning (imageScanningConfiguration is not set)",
            );
            fixes.push("imageScanningConfiguration: { scanOnPush: true }");
        }
        const mut = repo.props.get("imageTagMutability");
        if (mut === UNKNOWN) unknown.push("imageTagMutability");
        else if (!(typeof mut === "string" && IMMUTABLE.includes(mut.trim().toUpperCase()))) {
            problems.push(mut === undefined ? "has mutable image tags (imageTagMutability defaults to MUTABLE)" : "has mutable image tags");
            fixes.push('imageTagMutability: "IMMUTABLE"');
        }
        if (problems.length) ctx.report(repo, `ECR repository ${repo.name} ${problems.join(" and ")}. Fix: ${fixes.join(", ")}.`);
        else if (unknown.length) ctx.defer(repo, `${unknown.join(" and ")} not known until deployment`);
    },
);
