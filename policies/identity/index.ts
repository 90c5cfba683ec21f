import { PackPolicy } from "../../lib/policy";

export const identityPolicies: PackPolicy[] = [];
