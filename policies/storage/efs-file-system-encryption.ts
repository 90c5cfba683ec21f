import { types } from "../../lib/aws/types";
import { fileSystemEncrypted, fileSystemKey } from "../../lib/facts/efs";
import { allDecided } from "../../lib/graph/decision";
import { resourcePolicy } from "../../lib/policy";

type Config = { requireCustomerManagedKey: boolean };

export default resourcePolicy<Config>(
    {
        name: "efs-file-system-encryption",
        description:
            "EFS file systems set `encrypted: true`: the API's default is unencrypted, and the setting cannot be changed after creation. With `requireCustomerManagedKey` a `kmsKeyId` is also set (AWSGuard's efs-encrypted).",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        resourceTypes: [types.efs.FileSystem],
        config: {
            requireCustomerManagedKey: { type: "boolean", default: false, description: "Require a kmsKeyId (a customer managed key) as well." },
        },
        remediation:
            'Encrypt the file system when it is created (changing it later replaces the file system):\n  new aws.efs.FileSystem("shared", { encrypted: true, kmsKeyId: efsKey.arn });',
        url: "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
        peers: { awsGuard: ["efs-encrypted"], cdkNag: ["EFS1"], checkov: ["CKV_AWS_42"], securityHub: ["EFS.1"] },
    },
    (fs, ctx) => {
        ctx.decide(fs, allDecided(fileSystemEncrypted(fs), fileSystemKey(fs)), settings => {
            const [encrypted, key] = settings ?? [];
            if (encrypted !== true)
                return `File system ${fs.name} is not encrypted at rest. Fix: encrypted: true on new aws.efs.FileSystem("${fs.name}", { ... }) (this replaces an existing file system: copy the data first).`;
            if (ctx.config.requireCustomerManagedKey && key?.managedBy !== "customer")
                return `File system ${fs.name} is encrypted with the AWS managed key, not a customer managed key (requireCustomerManagedKey). Fix: kmsKeyId: efsKey.arn (replaces the file system).`;
            return undefined;
        });
    },
);
