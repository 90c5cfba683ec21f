import { DOMAIN_TYPES, domainSubnets } from "../../lib/facts/opensearch";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "opensearch-domain-in-vpc",
        description:
            "OpenSearch and Elasticsearch domains are placed in a VPC (`vpcOptions.subnetIds`). A domain without `vpcOptions` gets a public endpoint, guarded only by its access policy.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        resourceTypes: DOMAIN_TYPES,
        remediation:
            'Place the domain in private subnets (a domain cannot move into a VPC in place: this replaces it):\n  new aws.opensearch.Domain("search", { vpcOptions: { subnetIds: [privateA.id, privateB.id], securityGroupIds: [searchSg.id] } });',
        url: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",
        peers: { awsGuard: ["elasticsearch-in-vpc-only"], cdkNag: ["OS1"], securityHub: ["Opensearch.2", "ES.2"] },
    },
    (domain, ctx) => {
        ctx.decide(domain, domainSubnets(domain), subnets =>
            subnets
                ? undefined
                : `Domain ${domain.name} has a public endpoint (no vpcOptions.subnetIds). Fix: vpcOptions: { subnetIds: [privateA.id, privateB.id], securityGroupIds: [searchSg.id] } on new aws.opensearch.Domain("${domain.name}", { ... }) (replaces the domain).`,
        );
    },
);
