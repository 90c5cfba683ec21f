/**
 * Which KMS key a resource's key setting (`kmsKeyId`, `kmsMasterKeyId`, ...) names, as the
 * section-D encryption policies ask it: an AWS managed key (`alias/aws/<service>`, by alias or by
 * alias ARN) or a customer managed key (a key of the stack, a key ARN or id, a customer alias).
 */
import { Decision, Malformed, NOT_SET, known } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";

export type KeyChoice = { managedBy: "aws"; key: string } | { managedBy: "customer"; key: string };

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/** The key `path` names; an empty string is not set (the provider reports "" for no key). */
export function keyAt(resource: ResourceView, path: string): Decision<KeyChoice | Malformed> {
    const key = read.str(resource, path);
    if (key.kind !== "known") return key;
    if (key.value instanceof Malformed) return known(key.value);
    if (key.value === "") return NOT_SET;
    return known({ managedBy: AWS_MANAGED_ALIAS.test(key.value) ? "aws" : "customer", key: key.value });
}
