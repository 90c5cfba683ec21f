/**
 * CloudWatch Logs destinations: the log group type, and well-formed log-group / Firehose ARNs
 * for destinations that live outside the stack.
 */
import { ResourceView } from "../graph/resource";

export const LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup";

/** `arn:aws:logs:us-west-2:123456789012:log-group:/aws/apigateway/api` (optionally `:*`). */
export function isLogGroupArn(value: string): boolean {
    return /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w.\-/#]+(:\*)?$/.test(value);
}

/** `arn:aws:firehose:us-west-2:123456789012:deliverystream/amazon-apigateway-...`. */
export function isFirehoseArn(value: string): boolean {
    return /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]+$/.test(value);
}

/**
 * An unknown value that flows from another resource of the stack (`kmsKeyId: key.arn`) is set,
 * even though its text is known only after deployment: "is it set?" is decided. An unknown with
 * no resource behind it (an apply over an invoke or config) may still turn out empty: defer.
 */
export function setByReference(r: ResourceView, topProperty: string): boolean {
    return (r.propertyDependencies[topProperty] ?? []).length > 0;
}
