import { DOMAIN_TYPES, domainEncryption } from "../../lib/facts/opensearch";
import { resourcePolicy } from "../../lib/policy";
import { gapsMessage } from "../../lib/report/gaps";

type Config = { requireCustomerManagedKey: boolean };

export default resourcePolicy<Config>(
    {
        name: "opensearch-domain-encryption",
        description:
            "OpenSearch and Elasticsearch domains encrypt data at rest (`encryptAtRest.enabled`) and between nodes (`nodeToNodeEncryption.enabled`), and their endpoint enforces HTTPS with a TLS 1.2 or later policy (`domainEndpointOptions.enforceHttps`, `tlsSecurityPolicy` Policy-Min-TLS-1-2-2019-07 or newer). With `requireCustomerManagedKey`, `encryptAtRest.kmsKeyId` is set.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        resourceTypes: DOMAIN_TYPES,
        config: {
            requireCustomerManagedKey: { type: "boolean", default: false, description: "Require encryptAtRest.kmsKeyId (a customer managed key)." },
        },
        remediation:
            'Turn on every encryption setting of the domain:\n  new aws.opensearch.Domain("search", { encryptAtRest: { enabled: true, kmsKeyId: searchKey.arn }, nodeToNodeEncryption: { enabled: true }, domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" } });',
        url: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
        peers: {
            awsGuard: ["elasticsearch-encrypted-at-rest"],
            cdkNag: ["OS8", "OS2"],
            checkov: ["CKV_AWS_5", "CKV_AWS_6", "CKV_AWS_83"],
            securityHub: ["Opensearch.1", "ES.1"],
        },
    },
    (domain, ctx) => {
        ctx.decide(domain, domainEncryption(domain), e => {
            if (!e) return undefined;
            return gapsMessage(`Domain ${domain.name}`, [
                [!e.atRest, "data at rest is not encrypted", "encryptAtRest: { enabled: true }"],
                [
                    e.atRest && ctx.config.requireCustomerManagedKey && !e.atRestKey,
                    "data at rest is not encrypted with a customer managed key",
                    "encryptAtRest.kmsKeyId: searchKey.arn",
                ],
                [!e.nodeToNode, "traffic between nodes is not encrypted", "nodeToNodeEncryption: { enabled: true }"],
                [!e.enforceHttps, "the endpoint does not enforce HTTPS", "domainEndpointOptions.enforceHttps: true"],
                [
                    !e.tls12OrLater,
                    `the endpoint's TLS policy ${e.tlsPolicy ?? "(unset: TLS 1.0)"} allows TLS before 1.2`,
                    'tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07"',
                ],
            ]);
        });
    },
);
