import { PackPolicy } from "../../lib/policy";
import dynamodbTableProtection from "./dynamodb-table-protection";
import rdsEnhancedMonitoring from "./rds-enhanced-monitoring";
import rdsMasterPasswordManaged from "./rds-master-password-managed";
import rdsStorageEncrypted from "./rds-storage-encrypted";
import secretsRotationWired from "./secrets-rotation-wired";

export const databasePolicies: PackPolicy[] = [rdsMasterPasswordManaged, rdsEnhancedMonitoring, rdsStorageEncrypted, secretsRotationWired, dynamodbTableProtection];
