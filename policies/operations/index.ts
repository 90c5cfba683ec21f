import { PackPolicy } from "../../lib/policy";

export const operationsPolicies: PackPolicy[] = [];
