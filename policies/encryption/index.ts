import { PackPolicy } from "../../lib/policy";
import cloudwatchLogGroupEncryption from "./cloudwatch-log-group-encryption";
import kmsKeyPolicyScope from "./kms-key-policy-scope";
import kmsKeyRotation from "./kms-key-rotation";
import kmsKeyServiceGrants from "./kms-key-service-grants";

export const encryptionPolicies: PackPolicy[] = [kmsKeyRotation, kmsKeyPolicyScope, kmsKeyServiceGrants, cloudwatchLogGroupEncryption];
