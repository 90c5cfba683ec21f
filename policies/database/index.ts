import { PackPolicy } from "../../lib/policy";

export const databasePolicies: PackPolicy[] = [];
