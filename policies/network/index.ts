import { PackPolicy } from "../../lib/policy";

export const networkPolicies: PackPolicy[] = [];
