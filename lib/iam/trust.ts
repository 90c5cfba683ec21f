/**
 * A role's trust policy (`Role.assumeRolePolicy`): which service principals may assume it, and
 * whether anyone (`*`) may without a narrowing condition.
 */
import { ResourceView } from "../graph/resource";
import { NARROWING_CONDITION_KEYS, Statement, hasNarrowingCondition, readDocument, statementCoversAction } from "./document";

export type TrustReading =
    | { status: "ok"; services: Set<string>; openToAnyone: Statement[]; statements: Statement[]; hasUnknown: boolean }
    | { status: "unknown" }
    | { status: "absent" }
    | { status: "malformed"; reason: string };

const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];
/** Conditions that narrow who may assume a role open to `*` (an external id counts too). */
const TRUST_NARROWING_KEYS = [...NARROWING_CONDITION_KEYS, "sts:externalid"];

export function roleTrust(role: ResourceView): TrustReading {
    const reading = readDocument(role.props.get("assumeRolePolicy"));
    if (reading.status !== "ok") return reading;
    const services = new Set<string>();
    const openToAnyone: Statement[] = [];
    let hasUnknown = false;
    for (const st of reading.statements) {
        if (st.hasUnknown || st.principals?.unknown) hasUnknown = true;
        if (st.effect !== "Allow" || !st.principals) continue;
        const assumes = (!st.actions && !st.notActions) || ASSUME_ACTIONS.some(a => statementCoversAction(st, a));
        if (!assumes) continue;
        for (const s of st.principals.service) services.add(s.toLowerCase());
        if (st.principals.wildcard && !hasNarrowingCondition(st, TRUST_NARROWING_KEYS)) openToAnyone.push(st);
    }
    return { status: "ok", services, openToAnyone, statements: reading.statements, hasUnknown };
}

/** Does the trust policy let `service` (e.g. "lambda.amazonaws.com") assume the role? */
export function trustsService(trust: TrustReading, service: string): boolean | "unknown" {
    if (trust.status === "unknown") return "unknown";
    if (trust.status !== "ok") return false;
    if (trust.services.has(service.toLowerCase())) return true;
    return trust.hasUnknown ? "unknown" : false;
}
