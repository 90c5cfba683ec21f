import { PackPolicy } from "../../lib/policy";

export const apiPolicies: PackPolicy[] = [];
