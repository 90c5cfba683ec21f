import { PackPolicy } from "../../lib/policy";
import s3BucketVersioning from "./s3-bucket-versioning";

export const storagePolicies: PackPolicy[] = [s3BucketVersioning];
