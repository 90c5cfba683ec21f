/** Facts about log settings of log groups, load balancers, CloudFront distributions and CloudTrail trails, table-driven. */
import { types } from "../../lib/aws/types";
import { standardLogging } from "../../lib/facts/cloudfront";
import { trailSettings } from "../../lib/facts/cloudtrail";
import { accessLogs } from "../../lib/facts/elb";
import { logGroupKey } from "../../lib/facts/logs";
import { ResourceView } from "../../lib/graph/resource";
import { PropertyReader } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function view(name: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): ResourceView {
    const urn = `urn:pulumi:dev::p::${type}::${name}`;
    return { urn, type, name, props: new PropertyReader(props), dependencies: Object.values(deps).flat(), propertyDependencies: deps };
}

describe("logGroupKey", () => {
    test.each([
        ["a key", { kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/1" }, { kind: "known", value: { encrypted: true } }],
        ["none", {}, { kind: "known", value: { encrypted: false, unreadable: false } }],
        ["an empty string", { kmsKeyId: "" }, { kind: "known", value: { encrypted: false, unreadable: false } }],
        ["blank", { kmsKeyId: "  " }, { kind: "known", value: { encrypted: false, unreadable: true } }],
        ["a number", { kmsKeyId: 7 }, { kind: "known", value: { encrypted: false, unreadable: true } }],
        ["not known yet", { kmsKeyId: U }, { kind: "unknown", reason: "kmsKeyId is not known until deployment" }],
    ])("%s", (_, props, want) => expect(logGroupKey(view("lg", types.cloudwatch.LogGroup, props))).toMatchObject(want));
});

describe("accessLogs (load balancers)", () => {
    test.each([
        ["on", { accessLogs: { enabled: true, bucket: "logs" } }, { kind: "known", value: { kind: "application", logs: "on" } }],
        [
            "a string true",
            { loadBalancerType: "network", accessLogs: { enabled: "true", bucket: "logs" } },
            { kind: "known", value: { kind: "network", logs: "on" } },
        ],
        ["no block", {}, { kind: "known", value: { kind: "application", logs: "none" } }],
        ["enabled unset (false)", { accessLogs: { bucket: "logs" } }, { kind: "known", value: { logs: "disabled" } }],
        ["no bucket", { accessLogs: { enabled: true, bucket: " " } }, { kind: "known", value: { logs: "no-bucket" } }],
        ["a gateway", { loadBalancerType: "gateway" }, { kind: "known", value: { kind: "gateway" } }],
        ["a type not known yet", { loadBalancerType: U }, { kind: "unknown", reason: "loadBalancerType is not known until deployment" }],
        [
            "enabled not known yet",
            { accessLogs: { enabled: U, bucket: "logs" } },
            { kind: "unknown", reason: "accessLogs.enabled is not known until deployment" },
        ],
        ["a bucket not known yet", { accessLogs: { enabled: true, bucket: U } }, { kind: "unknown", reason: "the log bucket is not known until deployment" }],
    ])("%s", (_, props, want) => expect(accessLogs(view("lb", types.lb.LoadBalancer, props))).toMatchObject(want));
});

describe("standardLogging (CloudFront)", () => {
    test.each([
        ["on", { loggingConfig: { bucket: "logs.s3.amazonaws.com" } }, { kind: "known", value: "on" }],
        ["none", {}, { kind: "known", value: "none" }],
        ["a block without a bucket", { loggingConfig: { prefix: "cf/" } }, { kind: "known", value: "no-bucket" }],
        ["a list form", { loggingConfig: [{ bucket: "logs.s3.amazonaws.com" }] }, { kind: "known", value: "on" }],
        ["not known yet", { loggingConfig: U }, { kind: "unknown" }],
    ])("%s", (_, props, want) => expect(standardLogging(view("cdn", types.cloudfront.Distribution, props))).toMatchObject(want));
});

describe("trailSettings", () => {
    const TRAIL = types.cloudtrail.Trail;
    test("unset: single-region, unvalidated, unencrypted, logging on", () => {
        expect(trailSettings(view("t", TRAIL, {}))).toEqual({
            isMultiRegionTrail: { kind: "known", value: false },
            enableLogFileValidation: { kind: "known", value: false },
            kmsKeyId: { kind: "known", value: false },
            enableLogging: { kind: "known", value: true },
        });
    });
    test("a key not known yet is set when it comes from a resource of the stack", () => {
        expect(trailSettings(view("t", TRAIL, { kmsKeyId: U }, { kmsKeyId: ["urn:pulumi:dev::p::aws:kms/key:Key::k"] })).kmsKeyId).toEqual({
            kind: "known",
            value: true,
        });
        expect(trailSettings(view("t", TRAIL, { kmsKeyId: U })).kmsKeyId).toMatchObject({ kind: "unknown", reason: "kmsKeyId is not known until deployment" });
    });
    test("flags as written", () => {
        const s = trailSettings(view("t", TRAIL, { isMultiRegionTrail: true, enableLogFileValidation: U, enableLogging: false, kmsKeyId: " " }));
        expect(s.isMultiRegionTrail).toEqual({ kind: "known", value: true });
        expect(s.enableLogFileValidation).toMatchObject({ kind: "unknown" });
        expect(s.enableLogging).toEqual({ kind: "known", value: false });
        expect(s.kmsKeyId).toEqual({ kind: "known", value: false });
    });
});
