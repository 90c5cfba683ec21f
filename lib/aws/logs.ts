/**
 * CloudWatch Logs destinations: well-formed log-group / Firehose ARNs for destinations that
 * live outside the stack.
 */

/** `arn:aws:logs:us-west-2:123456789012:log-group:/aws/apigateway/api` (optionally `:*`). */
export function isLogGroupArn(value: string): boolean {
    return /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w.\-/#]+(:\*)?$/.test(value);
}

/** `arn:aws:firehose:us-west-2:123456789012:deliverystream/amazon-apigateway-...`. */
export function isFirehoseArn(value: string): boolean {
    return /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]+$/.test(value);
}
