import { awsProviders, staticKeys } from "../../lib/facts/providers";
import { stackPolicy } from "../../lib/policy";

type Config = { allowSecretValues: boolean };

export default stackPolicy<Config>(
    {
        name: "aws-provider-no-static-credentials",
        description:
            "No AWS provider carries long-lived keys: neither an explicit `aws.Provider` nor the default provider (stack config `aws:accessKey` / `aws:secretKey`) sets `accessKey` or `secretKey`. Use profiles, the environment, `assumeRoles` or `assumeRoleWithWebIdentity`. `allowSecretValues` accepts keys that arrive marked secret (kept in secure config), never a plain value. The message names the provider and the field, never the value.",
        severity: "critical",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        config: {
            allowSecretValues: {
                type: "boolean",
                default: false,
                description: "Accept keys that arrive marked secret (for teams that keep them in secure config).",
            },
        },
        remediation:
            'Remove the keys and let the provider find short-lived credentials, or assume a role:\n  new aws.Provider("deploy", { region: "us-west-2", assumeRoles: [{ roleArn: deployRole.arn }] });\nFor the default provider: pulumi config rm aws:accessKey && pulumi config rm aws:secretKey.',
        url: "https://www.pulumi.com/registry/packages/aws/installation-configuration/",
        peers: { checkov: ["CKV_AWS_41"] },
    },
    (graph, ctx) => {
        for (const provider of awsProviders(graph)) {
            ctx.decide(provider, staticKeys(provider, { secretAccepted: ctx.config.allowSecretValues }), keys => {
                if (!keys?.length) return undefined;
                const plain = ctx.config.allowSecretValues ? " (plain values, not marked secret)" : "";
                return `AWS provider ${provider.name} is given long-lived credentials: ${keys.map(k => k.field).join(" and ")}${plain}. Fix: remove them and use a profile, the environment or assumeRoles: [{ roleArn: deployRole.arn }] (for the default provider, pulumi config rm aws:${keys[0].field}).`;
            });
        }
    },
);
