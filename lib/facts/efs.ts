/**
 * Facts about EFS file systems.
 */
import { Decision, Malformed } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { KeyChoice, keyAt } from "./keys";

/** Whether the file system is encrypted at rest; not set is unencrypted (the API's default). */
export function fileSystemEncrypted(fs: ResourceView): Decision<boolean | Malformed> {
    return read.bool(fs, "encrypted");
}

export function fileSystemKey(fs: ResourceView): Decision<KeyChoice | Malformed> {
    return keyAt(fs, "kmsKeyId");
}
