/**
 * Facts about OpenSearch and Elasticsearch domains (the same shape under both types).
 */
import { types } from "../aws/types";
import { Decision, Malformed, NOT_SET, allDecided, mapDecision } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";

export const DOMAIN_TYPES = [types.opensearch.Domain, types.elasticsearch.Domain];

/** TLS security policies of OpenSearch domain endpoints that require TLS 1.2 or later. */
const TLS12_POLICIES = /^Policy-Min-TLS-1-[23]-/;

export interface DomainEncryption {
    atRest: boolean;
    atRestKey?: string;
    nodeToNode: boolean;
    enforceHttps: boolean;
    /** The endpoint's TLS policy, when set. */
    tlsPolicy?: string;
    tls12OrLater: boolean;
}

/** The domain's encryption settings; each unset one is off (AWS's defaults). */
export function domainEncryption(domain: ResourceView): Decision<DomainEncryption | Malformed> {
    const parts = [
        read.bool(domain, "encryptAtRest.enabled"),
        read.str(domain, "encryptAtRest.kmsKeyId"),
        read.bool(domain, "nodeToNodeEncryption.enabled"),
        read.bool(domain, "domainEndpointOptions.enforceHttps"),
        read.str(domain, "domainEndpointOptions.tlsSecurityPolicy"),
    ] as const;
    return mapDecision(allDecided(...parts), read => {
        if (read instanceof Malformed) return read;
        const [atRest, atRestKey, nodeToNode, enforceHttps, tlsPolicy] = read;
        return {
            atRest: atRest === true,
            atRestKey: atRestKey || undefined,
            nodeToNode: nodeToNode === true,
            enforceHttps: enforceHttps === true,
            tlsPolicy: tlsPolicy || undefined,
            tls12OrLater: !!tlsPolicy && TLS12_POLICIES.test(tlsPolicy),
        };
    });
}

/** The subnets the domain is placed in; not set means a public endpoint. */
export function domainSubnets(domain: ResourceView): Decision<unknown[] | Malformed> {
    const subnets = read.list(domain, "vpcOptions.subnetIds");
    return subnets.kind === "known" && Array.isArray(subnets.value) && subnets.value.length === 0 ? NOT_SET : subnets;
}
