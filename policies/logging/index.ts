import { PackPolicy } from "../../lib/policy";

export const loggingPolicies: PackPolicy[] = [];
