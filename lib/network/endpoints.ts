/**
 * VPC endpoints and the AWS services they serve, for section B's egress checks.
 */
import { ResourceView } from "../graph/resource";
import { UNKNOWN } from "../graph/values";

/** IAM service prefix -> the endpoint service name suffix(es) that serve its API. */
const ENDPOINT_FOR_PREFIX: Record<string, string[]> = {
    cloudwatch: ["monitoring"],
    ecr: ["ecr.api"],
    "execute-api": ["execute-api"],
    bedrock: ["bedrock-runtime", "bedrock"],
    sagemaker: ["sagemaker.api", "sagemaker.runtime"],
    "rds-data": ["rds-data"],
    ses: ["email", "email-smtp"],
    states: ["states"],
    elasticfilesystem: ["elasticfilesystem"],
};

/** Prefixes whose permissions the Lambda service itself uses (logs, tracing, ENIs): no endpoint needed. */
const SERVICE_SIDE = new Set(["logs", "xray", "ec2"]);

/** The IAM service prefixes a function calls over the network, sorted. */
export function servicesNeedingNetwork(prefixes: Iterable<string>): string[] {
    return [...new Set([...prefixes].map(p => p.toLowerCase()).filter(p => !SERVICE_SIDE.has(p)))].sort();
}

/**
 * The IAM service prefixes the endpoints serve: `com.amazonaws.<region>.<service>` (and the
 * `aws.api.` / `aws.sagemaker.` forms), mapped back to IAM prefixes.
 */
export function endpointServices(endpoints: ResourceView[]): { services: Set<string>; unknown: boolean } {
    const services = new Set<string>();
    let unknown = false;
    for (const e of endpoints) {
        const name = e.props.str("serviceName");
        if (name === UNKNOWN) {
            unknown = true;
            continue;
        }
        if (typeof name !== "string") continue;
        const m = /^(?:com\.amazonaws|aws\.api|aws\.sagemaker)\.[a-z]{2}(?:-gov)?-[a-z]+-\d\.(.+)$/.exec(name);
        const suffix = m ? m[1] : (name.split(".").pop() ?? "");
        services.add(suffix);
        for (const [prefix, suffixes] of Object.entries(ENDPOINT_FOR_PREFIX)) if (suffixes.includes(suffix)) services.add(prefix);
    }
    return { services, unknown };
}

/** "Gateway" (the default type), "Interface", "GatewayLoadBalancer", ... or UNKNOWN. */
export function endpointType(e: ResourceView): string | typeof UNKNOWN {
    const t = e.props.str("vpcEndpointType");
    if (t === UNKNOWN) return UNKNOWN;
    return typeof t === "string" && t ? t : "Gateway";
}
