/** Facts about DynamoDB tables, table-driven. */
import { Secret } from "@pulumi/policy";
import { types } from "../../lib/aws/types";
import { pointInTimeRecoveryFix, tableProtectionGaps } from "../../lib/facts/dynamodb";
import { ResourceView } from "../../lib/graph/resource";
import { PropertyReader } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function table(props: Record<string, unknown>): ResourceView {
    const type = types.dynamodb.Table;
    return { urn: `urn:pulumi:dev::p::${type}::t`, type, name: "t", props: new PropertyReader(props), dependencies: [], propertyDependencies: {} };
}

describe("tableProtectionGaps", () => {
    test.each([
        ["protected", { pointInTimeRecovery: { enabled: true } }, { kind: "known", value: [] }],
        ["encryption on with PITR", { pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true } }, { kind: "known", value: [] }],
        ["no PITR block", {}, { kind: "known", value: [{ kind: "pitr", configured: false }] }],
        ["PITR disabled", { pointInTimeRecovery: { enabled: false } }, { kind: "known", value: [{ kind: "pitr", configured: true }] }],
        ["PITR malformed", { pointInTimeRecovery: "on" }, { kind: "known", value: [{ kind: "pitr", configured: true }] }],
        [
            "encryption off",
            { pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: false } },
            { kind: "known", value: [{ kind: "sseDisabled" }] },
        ],
        ["PITR not known yet", { pointInTimeRecovery: { enabled: U } }, { kind: "unknown" }],
        ["PITR block not known yet", { pointInTimeRecovery: U }, { kind: "unknown" }],
        [
            "a certain gap while the other is not known yet",
            { pointInTimeRecovery: U, serverSideEncryption: { enabled: false } },
            { kind: "known", value: [{ kind: "sseDisabled" }] },
        ],
        ["encryption not known yet", { pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: U } }, { kind: "unknown" }],
    ])("%s", (_, props, want) => {
        expect(tableProtectionGaps(table(props))).toEqual(expect.objectContaining(want));
    });
});

describe("pointInTimeRecoveryFix", () => {
    test.each([
        ["no block", {}, { pointInTimeRecovery: { enabled: true } }],
        [
            "disabled, keeping the period",
            { pointInTimeRecovery: { enabled: false, recoveryPeriodInDays: 7 } },
            { pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 7 } },
        ],
        ["already on", { pointInTimeRecovery: { enabled: true } }, undefined],
        ["not known yet", { pointInTimeRecovery: { enabled: U } }, undefined],
        ["a block not known yet", { pointInTimeRecovery: U }, undefined],
        ["a secret inside", { pointInTimeRecovery: { enabled: false, recoveryPeriodInDays: new Secret(7) } }, undefined],
        ["malformed", { pointInTimeRecovery: "on" }, undefined],
    ])("%s", (_, props, want) => {
        expect(pointInTimeRecoveryFix(table(props))).toEqual(want);
    });
});
