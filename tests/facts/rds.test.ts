/** Facts about RDS databases, table-driven over StackGraphs built directly. */
import { Secret } from "@pulumi/policy";
import { types } from "../../lib/aws/types";
import { Malformed } from "../../lib/graph/decision";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { PropertyReader } from "../../lib/graph/values";
import { enhancedMonitoring, programPasswordInputs, storageEncryption } from "../../lib/facts/rds";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function view(name: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): ResourceView {
    const urn = `urn:pulumi:dev::p::${type}::${name}`;
    return { urn, type, name, props: new PropertyReader(props), dependencies: Object.values(deps).flat(), propertyDependencies: deps };
}
const urnOf = (name: string, type: string) => `urn:pulumi:dev::p::${type}::${name}`;

describe("programPasswordInputs", () => {
    test.each([
        ["a literal", types.rds.Instance, { password: "hunter2!" }, ["password"]],
        ["a secret", types.rds.Instance, { password: new Secret("hunter2!") }, ["password"]],
        ["a value not known yet (random.RandomPassword at preview)", types.rds.Cluster, { masterPassword: U }, ["masterPassword"]],
        ["a write-only variant", types.rds.Cluster, { masterPasswordWo: "x" }, ["masterPasswordWo"]],
        ["a malformed value", types.rds.Instance, { password: { nested: 1 } }, ["password"]],
        ["an empty string", types.rds.Instance, { password: "" }, []],
        ["nothing (managed password)", types.rds.Instance, { manageMasterUserPassword: true }, []],
        ["an instance input on a cluster", types.rds.Cluster, { password: "x" }, []],
    ])("%s", (_, type, props, want) => {
        expect(programPasswordInputs(view("db", type, props))).toEqual(want);
    });
});

describe("storageEncryption", () => {
    test.each([
        ["encrypted", types.rds.Instance, { storageEncrypted: true }, { kind: "known", value: { encrypted: true, explicit: true } }],
        ["unset (unencrypted default)", types.rds.Instance, {}, { kind: "known", value: { encrypted: false, explicit: false } }],
        ["false", types.rds.Cluster, { storageEncrypted: false }, { kind: "known", value: { encrypted: false, explicit: true } }],
        ["a string boolean", types.rds.Cluster, { storageEncrypted: "true" }, { kind: "known", value: { encrypted: true, explicit: true } }],
        ["not known yet", types.rds.Cluster, { storageEncrypted: U }, { kind: "unknown" }],
        [
            "a replica",
            types.rds.Instance,
            { replicateSourceDb: "arn:aws:rds:x" },
            { kind: "known", value: { encrypted: true, explicit: false, inherited: "replica" } },
        ],
        ["a replica of a source not known yet", types.rds.Instance, { replicateSourceDb: U }, { kind: "unknown" }],
        [
            "Serverless v1",
            types.rds.Cluster,
            { engineMode: "serverless" },
            { kind: "known", value: { encrypted: true, explicit: false, inherited: "serverless-v1" } },
        ],
        [
            "Serverless v1 switched off",
            types.rds.Cluster,
            { engineMode: "serverless", storageEncrypted: false },
            { kind: "known", value: { encrypted: false, explicit: true } },
        ],
        ["an engine mode not known yet", types.rds.Cluster, { engineMode: U }, { kind: "unknown" }],
    ])("%s", (_, type, props, want) => {
        expect(storageEncryption(view("db", type, props))).toMatchObject(want);
    });
    test("a value of the wrong type is Malformed", () => {
        const d = storageEncryption(view("db", types.rds.Instance, { storageEncrypted: { yes: true } }));
        expect(d.kind === "known" && d.value instanceof Malformed).toBe(true);
    });
});

describe("enhancedMonitoring", () => {
    const trust = (service: string) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
    const ROLE = types.iam.Role;
    const cases: [string, ResourceView[], unknown][] = [
        ["off when unset", [view("db", types.rds.Instance, {})], { kind: "known", value: { on: false } }],
        ["off at 0", [view("db", types.rds.Instance, { monitoringInterval: 0 })], { kind: "known", value: { on: false, interval: 0 } }],
        ["an interval not known yet", [view("db", types.rds.Instance, { monitoringInterval: U })], { kind: "unknown" }],
        ["on without a role", [view("db", types.rds.Instance, { monitoringInterval: 60 })], { kind: "known", value: { on: true, role: { kind: "none" } } }],
        [
            "an external role ARN",
            [view("db", types.rds.Instance, { monitoringInterval: 60, monitoringRoleArn: "arn:aws:iam::123456789012:role/mon" })],
            { kind: "known", value: { on: true, role: { kind: "external", wellFormed: true } } },
        ],
        [
            "not a role ARN",
            [view("db", types.rds.Instance, { monitoringInterval: 60, monitoringRoleArn: "not-an-arn" })],
            { kind: "known", value: { on: true, role: { kind: "external", wellFormed: false } } },
        ],
        [
            "a role of the stack trusting monitoring",
            [
                view("mon", ROLE, { assumeRolePolicy: trust("monitoring.rds.amazonaws.com") }),
                view("db", types.rds.Instance, { monitoringInterval: "60", monitoringRoleArn: U }, { monitoringRoleArn: [urnOf("mon", ROLE)] }),
            ],
            { kind: "known", value: { on: true, interval: 60, role: { kind: "stack" } } },
        ],
        [
            "a role trusting another service",
            [
                view("mon", ROLE, { assumeRolePolicy: trust("ec2.amazonaws.com") }),
                view("db", types.rds.ClusterInstance, { monitoringInterval: 30, monitoringRoleArn: U }, { monitoringRoleArn: [urnOf("mon", ROLE)] }),
            ],
            { kind: "known", value: { on: true, role: { kind: "stack", problem: "does not trust monitoring.rds.amazonaws.com" } } },
        ],
        [
            "a role with an unreadable trust policy",
            [
                view("mon", ROLE, { assumeRolePolicy: "{ not json" }),
                view("db", types.rds.Instance, { monitoringInterval: 60, monitoringRoleArn: U }, { monitoringRoleArn: [urnOf("mon", ROLE)] }),
            ],
            { kind: "known", value: { on: true, role: { kind: "stack", problem: expect.stringMatching(/^has an unreadable trust policy/) } } },
        ],
        [
            "a role whose trust policy is not known yet",
            [
                view("mon", ROLE, { assumeRolePolicy: U }),
                view("db", types.rds.Instance, { monitoringInterval: 60, monitoringRoleArn: U }, { monitoringRoleArn: [urnOf("mon", ROLE)] }),
            ],
            { kind: "unknown" },
        ],
        [
            "a role ARN not known yet and not a reference",
            [view("db", types.rds.Instance, { monitoringInterval: 60, monitoringRoleArn: U })],
            { kind: "unknown" },
        ],
    ];
    test.each(cases)("%s", (_, resources, want) => {
        const graph = new StackGraph(resources);
        expect(enhancedMonitoring(graph, resources[resources.length - 1])).toMatchObject(want as object);
    });
    test("an interval of the wrong type is Malformed", () => {
        const db = view("db", types.rds.Instance, { monitoringInterval: { a: 1 } });
        const d = enhancedMonitoring(new StackGraph([db]), db);
        expect(d.kind === "known" && d.value instanceof Malformed).toBe(true);
    });
});
