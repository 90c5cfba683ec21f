/**
 * Which KMS key a resource's key setting (`kmsKeyId`, `kmsMasterKeyId`, ...) names, as the
 * section-D encryption policies ask it: an AWS managed key (`alias/aws/<service>`, by alias or by
 * alias ARN) or a customer managed key (a key of the stack, a key ARN or id, a customer alias).
 */
import { Decision, Malformed, NOT_SET, known } from "../graph/decision";
import { block, read } from "../graph/read";
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

export interface SecretKey {
    /** "the secret" or "replica in <region>". */
    where: string;
    key: KeyChoice | undefined;
}

/** The keys a Secrets Manager secret and each of its replicas are encrypted with (unset: aws/secretsmanager). */
export function secretKeys(secret: ResourceView): Decision<SecretKey[] | Malformed> {
    const own = keyAt(secret, "kmsKeyId");
    const replicas = read.list(secret, "replicas");
    if (own.kind === "unknown") return own;
    if (replicas.kind === "unknown") return replicas;
    for (const d of [own, replicas]) if (d.kind === "known" && d.value instanceof Malformed) return known(d.value);
    const out: SecretKey[] = [{ where: "the secret", key: own.kind === "known" ? (own.value as KeyChoice) : undefined }];
    const list = replicas.kind === "known" ? (replicas.value as unknown[]) : [];
    for (let i = 0; i < list.length; i++) {
        const replica = block(list[i], `${secret.name}.replicas[${i}]`);
        const region = read.str(replica, "region");
        const key = read.str(replica, "kmsKeyId");
        if (key.kind === "unknown") return key;
        const value = key.kind === "known" && typeof key.value === "string" && key.value !== "" ? key.value : undefined;
        const where = `replica in ${region.kind === "known" && typeof region.value === "string" ? region.value : `#${i + 1}`}`;
        out.push({ where, key: value ? { managedBy: AWS_MANAGED_ALIAS.test(value) ? "aws" : "customer", key: value } : undefined });
    }
    return known(out);
}

/** Days a KMS key waits between scheduled deletion and deletion; AWS uses 30 when unset. */
export function deletionWindowDays(key: ResourceView): Decision<number | Malformed> {
    const days = read.num(key, "deletionWindowInDays");
    return days.kind === "notSet" ? known(30) : days;
}
