/**
 * Every policy of the pack. `pack-settings` (the pack's own control, lib/report/pack-settings.ts)
 * runs first: it records pack-wide settings that the others read (lib/report/settings.ts). The
 * catalog's policies follow in catalog order.
 */
import { PackPolicy } from "../lib/policy";
import { packSettingsFor } from "../lib/report/pack-settings";
import { apiPolicies } from "./api";
import { computePolicies } from "./compute";
import { databasePolicies } from "./database";
import { encryptionPolicies } from "./encryption";
import { identityPolicies } from "./identity";
import { loggingPolicies } from "./logging";
import { networkPolicies } from "./network";
import { operationsPolicies } from "./operations";
import { storagePolicies } from "./storage";

/** The catalog's names (../shared/policy-catalog.md), sections A, B, C, in its order. */
export const CATALOG_ORDER = [
    // A. Storage, encryption and audit logging
    "s3-bucket-policy-scope", "s3-bucket-tls-only", "s3-bucket-public-access-block", "s3-bucket-versioning", "s3-bucket-encryption",
    "s3-bucket-access-logging", "s3-log-bucket-retention", "kms-key-rotation", "kms-key-policy-scope", "kms-key-service-grants",
    "cloudwatch-log-group-retention", "cloudwatch-log-group-encryption", "apigateway-stage-access-logging", "apigateway-account-logging-role",
    "elb-access-logging", "cloudfront-access-logging", "vpc-flow-logs", "cloudtrail-enabled",
    // B. Network and placement
    "subnet-az-spread", "lb-subnet-az-spread", "lb-internet-facing-public-subnets", "public-subnet-routing", "rds-subnet-group-az-spread",
    "lambda-vpc-egress", "vpc-endpoint-policy-scope", "aws-region-allowed", "lambda-edge-us-east-1", "no-default-vpc",
    // C. Identity, compute, API and operations
    "iam-policy-least-privilege", "iam-role-trust-matches-use", "lambda-logging-permissions", "lambda-vpc-permissions", "lambda-function-url-auth",
    "lambda-runtime-supported", "lambda-async-failure-destination", "lambda-recursive-trigger", "lambda-provisioned-concurrency-target",
    "apigateway-deployment-stage", "apigateway-method-authorization", "apigateway-authorizer-config", "apigateway-required-api-type",
    "rds-master-password-managed", "rds-enhanced-monitoring", "rds-storage-encrypted", "secrets-rotation-wired", "dynamodb-table-protection",
    "ecr-repository-scanning", "cloudwatch-metric-dimensions", "no-deprecated-resource-types", "required-tags", "unique-physical-names",
];

const byArea: PackPolicy[] = [
    ...storagePolicies, ...encryptionPolicies, ...loggingPolicies, ...networkPolicies, ...identityPolicies,
    ...computePolicies, ...apiPolicies, ...databasePolicies, ...operationsPolicies,
];

const rank = (p: PackPolicy) => {
    const i = CATALOG_ORDER.indexOf(p.metadata.name);
    return i < 0 ? CATALOG_ORDER.length : i;
};

export const catalogPolicies: PackPolicy[] = [...byArea].sort((a, b) => rank(a) - rank(b));
/** pack-settings first (see above); it is given the catalog to check the policy names in its settings. */
export const allPolicies: PackPolicy[] = [packSettingsFor(catalogPolicies), ...catalogPolicies];
