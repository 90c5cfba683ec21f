import { PackPolicy } from "../../lib/policy";
import s3BucketAccessLogging from "./s3-bucket-access-logging";
import s3BucketEncryption from "./s3-bucket-encryption";
import s3BucketPolicyScope from "./s3-bucket-policy-scope";
import s3BucketPublicAccessBlock from "./s3-bucket-public-access-block";
import s3BucketTlsOnly from "./s3-bucket-tls-only";
import s3BucketVersioning from "./s3-bucket-versioning";
import s3LogBucketRetention from "./s3-log-bucket-retention";

export const storagePolicies: PackPolicy[] = [
    s3BucketPolicyScope,
    s3BucketTlsOnly,
    s3BucketPublicAccessBlock,
    s3BucketVersioning,
    s3BucketEncryption,
    s3BucketAccessLogging,
    s3LogBucketRetention,
];
