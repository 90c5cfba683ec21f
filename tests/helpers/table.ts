/**
 * Table-driven policy tests: each case is one resource (plus what its inputs add to the stack),
 * analyzed through the engine harness in both engine shapes, with the outcome expected for it.
 */
import { Analysis, PolicyPackProcess, TestStack, analyze, of, ref } from "./harness";

export type Outcome = "violation" | "pass" | "deferred";
export interface Case {
    name: string;
    inputs: Record<string, unknown> | ((s: TestStack) => Record<string, unknown>);
    expect: Outcome;
    /** The outcome in update mode when it differs (an unknown at preview is known after up). */
    update?: Outcome;
    message?: RegExp;
    /** The resource's type when it differs from the table's. */
    type?: string;
}

export const noInternalErrors = (a: Analysis) => expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);

/** A setting taken from another resource's output: unknown at preview, `value` after up. */
export const fromOutput = (s: TestStack, name: string, value: unknown) =>
    ref(s.add("aws:ssm/parameter:Parameter", `${name}-param`, { type: "String", value: "x" }, { outputs: { insecureValue: value } }), "insecureValue");

/** Registers one describe per engine shape with a test per case; no message may contain `neverShown`. */
export function policyTable(pack: PolicyPackProcess, policy: string, type: string, cases: Case[], config?: Record<string, unknown>, neverShown = "s3cr3t") {
    describe.each(["preview", "update"] as const)(`${policy} (%s)`, mode => {
        test.each(cases.map(c => [c.name, c] as const))("%s", async (_, c) => {
            const s = new TestStack();
            s.add(c.type ?? type, c.name, typeof c.inputs === "function" ? c.inputs(s) : c.inputs);
            const a = await analyze(pack, s, mode, config ? { config: { [policy]: config } } : {});
            noInternalErrors(a);
            const r = of(a, policy);
            const want = mode === "update" && c.update ? c.update : c.expect;
            const got = r.violations.some(v => v.resource === c.name) ? "violation" : r.deferred.some(d => d.resource === c.name) ? "deferred" : "pass";
            expect({ case: c.name, got }).toEqual({ case: c.name, got: want });
            if (c.message && want === "violation") expect(r.violations.find(v => v.resource === c.name)!.message).toMatch(c.message);
            for (const v of a.raw) expect(v.message).not.toContain(neverShown);
        });
    });
}
