/**
 * Facts about the AWS providers of the stack: explicit `aws.Provider` resources and the default
 * provider, whose inputs come from the stack's `aws:*` config. Both are resources of the stack.
 */
import { types } from "../aws/types";
import { Decision, known, notKnownYet } from "../graph/decision";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN } from "../graph/values";

export function awsProviders(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.pulumi.AwsProvider);
}

export interface StaticKey {
    field: "accessKey" | "secretKey";
    markedSecret: boolean;
}

/**
 * The long-lived keys a provider is given, leaving out those that arrive marked secret when
 * `secretAccepted`. A key set from an output not known yet is still a key: it counts, unless
 * secret keys are accepted, when whether it is one is not known yet.
 */
export function staticKeys(provider: ResourceView, opts: { secretAccepted: boolean }): Decision<StaticKey[]> {
    const keys: StaticKey[] = [];
    for (const field of ["accessKey", "secretKey"] as const) {
        const value = provider.props.get(field);
        if (value === undefined || value === null || value === "") continue;
        if (value === UNKNOWN) {
            if (opts.secretAccepted) return notKnownYet(`${field} of ${provider.name} is not known until deployment (a secret value would be accepted)`);
            keys.push({ field, markedSecret: false });
            continue;
        }
        const markedSecret = provider.props.secrets().has(String(value));
        if (!(markedSecret && opts.secretAccepted)) keys.push({ field, markedSecret });
    }
    return known(keys);
}
