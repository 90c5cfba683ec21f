/**
 * CloudWatch Logs destinations: well-formed log-group / Firehose ARNs for destinations that
 * live outside the stack, and the region a resource lives in.
 */
import { ProviderView, providerRegion } from "../graph/resource";
import { ResourceView } from "../graph/resource";
import { Maybe, UNKNOWN } from "../graph/values";

/** `arn:aws:logs:us-west-2:123456789012:log-group:/aws/apigateway/api` (optionally `:*`). */
export function isLogGroupArn(value: string): boolean {
    return /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w.\-/#]+(:\*)?$/.test(value);
}

/** `arn:aws:firehose:us-west-2:123456789012:deliverystream/amazon-apigateway-...`. */
export function isFirehoseArn(value: string): boolean {
    return /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]+$/.test(value);
}

/** The region a resource lives in: its own v7 `region` argument, else its provider's. */
export function resourceRegion(r: ResourceView): Maybe<string> {
    const own = r.props.get("region");
    if (own === UNKNOWN) return UNKNOWN;
    if (typeof own === "string" && own) return own;
    return providerRegion(r.provider as ProviderView | undefined);
}
