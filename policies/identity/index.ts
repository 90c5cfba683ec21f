import { PackPolicy } from "../../lib/policy";
import iamPolicyLeastPrivilege from "./iam-policy-least-privilege";
import iamRoleTrustMatchesUse from "./iam-role-trust-matches-use";

export const identityPolicies: PackPolicy[] = [iamPolicyLeastPrivilege, iamRoleTrustMatchesUse];
