/**
 * Every policy of the pack, in catalog order (sections A, B, C), after the pack's own
 * `pack-settings`, which must run first (see lib/report/settings.ts).
 */
import { PackPolicy } from "../lib/policy";
import { packSettingsPolicy } from "./pack/pack-settings";

import s3BucketVersioning from "./storage/s3-bucket-versioning";
import lambdaFunctionUrlAuth from "./compute/lambda-function-url-auth";

export const sectionA: PackPolicy[] = [s3BucketVersioning];
export const sectionB: PackPolicy[] = [];
export const sectionC: PackPolicy[] = [lambdaFunctionUrlAuth];

export const catalogPolicies: PackPolicy[] = [...sectionA, ...sectionB, ...sectionC];
export const allPolicies: PackPolicy[] = [packSettingsPolicy, ...catalogPolicies];
