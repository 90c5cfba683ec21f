/**
 * Facts about account-wide IAM settings: the password policy, and how users get permissions.
 */
import { types } from "../aws/types";
import { Decision, Malformed, NOT_SET, allDecided, known, mapDecision } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";

export interface PasswordPolicy {
    minimumLength?: number;
    reusePrevention?: number;
    maxAgeDays?: number;
    /** Character classes not required (of lowercase, uppercase, numbers, symbols), with their setting. */
    missingClasses: { label: string; setting: string }[];
}

const CLASSES = [
    ["requireLowercaseCharacters", "lowercase"],
    ["requireUppercaseCharacters", "uppercase"],
    ["requireNumbers", "numbers"],
    ["requireSymbols", "symbols"],
] as const;

export function passwordPolicy(policy: ResourceView): Decision<PasswordPolicy | Malformed> {
    const settings = allDecided(
        read.num(policy, "minimumPasswordLength"),
        read.num(policy, "passwordReusePrevention"),
        read.num(policy, "maxPasswordAge"),
        ...CLASSES.map(([path]) => read.bool(policy, path)),
    );
    return mapDecision(settings, s => {
        if (s instanceof Malformed) return s;
        const [minimumLength, reusePrevention, maxAgeDays, ...classes] = s as (number | boolean | undefined)[];
        return {
            minimumLength: minimumLength as number | undefined,
            reusePrevention: reusePrevention as number | undefined,
            // 0 is "never expire" to IAM.
            maxAgeDays: maxAgeDays ? (maxAgeDays as number) : undefined,
            missingClasses: CLASSES.filter((_, i) => classes[i] !== true).map(([setting, label]) => ({ label, setting })),
        };
    });
}

/** Resources that give a user permissions directly, and the setting that names the policies. */
export const USER_PERMISSION_TYPES = [
    types.iam.UserPolicy,
    types.iam.UserPolicyAttachment,
    types.iam.UserPoliciesExclusive,
    types.iam.UserPolicyAttachmentsExclusive,
    types.iam.PolicyAttachment,
];

export interface DirectGrant {
    /** What is granted, for the message: "an inline policy", "policy attachment", ... */
    what: string;
    /** The users it names, when the resource lists them (PolicyAttachment). */
    users?: number;
}

/**
 * Whether this resource grants a user permissions directly. An exclusive list that is empty
 * removes permissions and grants nothing; a PolicyAttachment without users attaches only to
 * groups and roles.
 */
export function directUserGrant(resource: ResourceView): Decision<DirectGrant | Malformed> {
    const nonEmptyList = (path: string, what: string) =>
        mapDecision(read.list(resource, path), l => (l instanceof Malformed ? l : l.length ? { what } : undefined)) as Decision<
            DirectGrant | Malformed | undefined
        >;
    let grant: Decision<DirectGrant | Malformed | undefined>;
    switch (resource.type) {
        case types.iam.UserPolicy:
            grant = known({ what: "an inline user policy" });
            break;
        case types.iam.UserPolicyAttachment:
            grant = known({ what: "a policy attached to the user" });
            break;
        case types.iam.UserPoliciesExclusive:
            grant = nonEmptyList("policyNames", "inline user policies (UserPoliciesExclusive)");
            break;
        case types.iam.UserPolicyAttachmentsExclusive:
            grant = nonEmptyList("policyArns", "policies attached to the user (UserPolicyAttachmentsExclusive)");
            break;
        case types.iam.PolicyAttachment:
            grant = mapDecision(read.list(resource, "users"), l =>
                l instanceof Malformed ? l : l.length ? { what: "a PolicyAttachment to users", users: l.length } : undefined,
            );
            break;
        default:
            return NOT_SET;
    }
    return grant.kind === "known" && grant.value === undefined ? NOT_SET : (grant as Decision<DirectGrant | Malformed>);
}
