import { PackPolicy } from "../../lib/policy";

export const encryptionPolicies: PackPolicy[] = [];
