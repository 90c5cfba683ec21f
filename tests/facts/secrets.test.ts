/** Facts about Secrets Manager rotation, table-driven over StackGraphs built directly. */
import { types } from "../../lib/aws/types";
import { invokePermission, rotationFunction } from "../../lib/facts/secrets";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { PropertyReader } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const FN = types.lambda.Function;
const urnOf = (name: string, type: string) => `urn:pulumi:dev::p::${type}::${name}`;

function view(name: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): ResourceView {
    return { urn: urnOf(name, type), type, name, props: new PropertyReader(props), dependencies: Object.values(deps).flat(), propertyDependencies: deps };
}
const rotation = (arn: unknown, deps: Record<string, string[]> = {}) =>
    view("rotation", types.secretsmanager.SecretRotation, arn === undefined ? { secretId: "s" } : { secretId: "s", rotationLambdaArn: arn }, deps);
const ARN = (name: string) => `arn:aws:lambda:us-west-2:123456789012:function:${name}`;

describe("rotationFunction", () => {
    const rotator = view("rotator", FN, { name: "rotator-1a2b3c4", arn: ARN("rotator-1a2b3c4") });
    const cases: [string, ResourceView[], unknown][] = [
        ["managed rotation", [rotation(undefined)], { kind: "notSet" }],
        ["by reference", [rotator, rotation(U, { rotationLambdaArn: [rotator.urn] })], { kind: "known", value: { kind: "stack", functions: [rotator] } }],
        ["by a matching ARN", [rotator, rotation(ARN("rotator-1a2b3c4"))], { kind: "known", value: { kind: "stack", functions: [rotator] } }],
        [
            "by a hand-built ARN naming nothing",
            [rotator, rotation(ARN("SecretsManagerRotation"))],
            { kind: "known", value: { kind: "unmatched", functions: ["rotator"] } },
        ],
        ["an external function", [rotation(ARN("shared"))], { kind: "known", value: { kind: "external" } }],
        ["not an ARN", [rotation("rotator!")], { kind: "known", value: { kind: "notAnArn" } }],
        ["not known yet", [rotation(U)], { kind: "unknown" }],
        ["function names not known yet", [view("f", FN, { name: U }), rotation(ARN("x"))], { kind: "unknown" }],
        [
            "through an alias",
            [
                rotator,
                view("live", types.lambda.Alias, { functionName: U }, { functionName: [rotator.urn] }),
                rotation(U, { rotationLambdaArn: [urnOf("live", types.lambda.Alias)] }),
            ],
            { kind: "known", value: { kind: "stack", functions: [rotator] } },
        ],
    ];
    test.each(cases)("%s", (_, resources, want) => {
        const graph = new StackGraph(resources);
        expect(rotationFunction(graph, resources[resources.length - 1])).toMatchObject(want as object);
    });
    test("a value that is not a string is Malformed", () => {
        const r = rotation(42);
        const d = rotationFunction(new StackGraph([r]), r);
        expect(d.kind).toBe("known");
        expect(d.kind === "known" && d.value.constructor.name).toBe("Malformed");
    });
});

describe("invokePermission", () => {
    const fn = view("rotator", FN, { name: "rotator-1a2b3c4" });
    const perm = (name: string, principal: unknown) => view(name, types.lambda.Permission, { function: U, principal }, { function: [fn.urn] });
    test.each([
        ["granted", [perm("p", "secretsmanager.amazonaws.com")], { kind: "known", value: true }],
        ["granted, spelled in another case", [perm("p", " SecretsManager.amazonaws.com ")], { kind: "known", value: true }],
        ["another service only", [perm("p", "s3.amazonaws.com")], { kind: "known", value: false }],
        ["no permission", [], { kind: "known", value: false }],
        ["a principal not known yet", [perm("p", U)], { kind: "unknown" }],
        ["a principal of the wrong type", [perm("p", ["secretsmanager.amazonaws.com"])], { kind: "known", value: false }],
    ])("%s", (_, perms, want) => {
        const graph = new StackGraph([fn, ...(perms as ResourceView[])]);
        expect(invokePermission(graph, fn, "secretsmanager.amazonaws.com")).toMatchObject(want);
    });
});
