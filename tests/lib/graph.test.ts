/** Unit tests of the shared graph layer: unknown/secret-aware reads and reference resolution. */
import { Secret } from "@pulumi/policy";
import { StackGraph } from "../../lib/graph/stack-graph";
import { ResourceView } from "../../lib/graph/resource";
import { PropertyReader, UNKNOWN } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("PropertyReader", () => {
    const r = new PropertyReader({
        a: { b: [1, { c: U }] },
        s: new Secret("hunter22"),
        doc: new Secret('{"Sid":"Private99","Action":"s3:GetObject"}'),
        n: null,
        flag: "true",
    });

    test("reads paths, lists and typed values", () => {
        expect(r.get("a.b[0]")).toBe(1);
        expect(r.num("a.b[0]")).toBe(1);
        expect(r.bool("flag")).toBe(true);
        expect(r.str("a.b[0]")).toBeUndefined();
        expect(r.list("a.b")).toHaveLength(2);
    });

    test("unknown sentinels read as UNKNOWN, anywhere on the path", () => {
        expect(r.get("a.b[1].c")).toBe(UNKNOWN);
        expect(r.get("a.b[1]")).toEqual({ c: UNKNOWN });
        expect(new PropertyReader({ x: U }).get("x.y.z")).toBe(UNKNOWN);
    });

    test("absent and null read as undefined; reading never throws", () => {
        expect(r.get("n")).toBeUndefined();
        expect(r.get("missing.deeper[3]")).toBeUndefined();
        expect(() => new PropertyReader(undefined).get("a")).not.toThrow();
    });

    test("secrets are unwrapped for checks and remembered for redaction, with values inside secret documents", () => {
        expect(r.str("s")).toBe("hunter22");
        const secrets = r.secrets();
        expect(secrets.has("hunter22")).toBe(true);
        expect(secrets.has("Private99")).toBe(true);
        expect(secrets.has("s3:GetObject")).toBe(false);
    });
});

function view(urn: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): ResourceView {
    return { urn, type, name: urn.split("::").pop()!, props: new PropertyReader(props), dependencies: Object.values(deps).flat(), propertyDependencies: deps };
}

describe("StackGraph.resolve", () => {
    const B = "aws:s3/bucket:Bucket";
    const V = "aws:s3/bucketVersioning:BucketVersioning";
    const a = view("urn:a", B, { bucket: "alpha", arn: "arn:aws:s3:::alpha" });
    const b = view("urn:b", B, { bucket: "beta", arn: U });

    test("through property dependencies, even when the value is unknown", () => {
        const g = new StackGraph([a, b, view("urn:v", V, { bucket: U }, { bucket: ["urn:b"] })]);
        expect(g.resolve(g.get("urn:v")!, "bucket", [B])).toEqual({ status: "found", targets: [b] });
    });

    test("by known name or ARN when there is no dependency", () => {
        const g = new StackGraph([a, b, view("urn:v", V, { bucket: "alpha" }), view("urn:w", V, { bucket: "arn:aws:s3:::alpha/*" })]);
        expect(g.resolve(g.get("urn:v")!, "bucket", [B])).toEqual({ status: "found", targets: [a] });
        expect(g.resolve(g.get("urn:w")!, "bucket", [B])).toEqual({ status: "found", targets: [a] });
    });

    test("a known value naming nothing is missing; an unknown one without dependencies is undecided", () => {
        const g = new StackGraph([a, view("urn:v", V, { bucket: "gamma" }), view("urn:u", V, { bucket: U })]);
        expect(g.resolve(g.get("urn:v")!, "bucket", [B])).toEqual({ status: "missing", values: ["gamma"] });
        expect(g.resolve(g.get("urn:u")!, "bucket", [B]).status).toBe("undecided");
    });

    test("ambiguity is undecided, not guessed", () => {
        const g = new StackGraph([a, b, view("urn:v", V, { bucket: U }, { bucket: ["urn:a", "urn:b"] })]);
        expect(g.resolve(g.get("urn:v")!, "bucket", [B]).status).toBe("undecided");
    });

    test("typed links index sources by target once; reverse links by dependency", () => {
        const v = view("urn:v", V, { bucket: U }, { bucket: ["urn:a"] });
        const g = new StackGraph([a, b, v]);
        const links = g.linksTo([V], "bucket", [B]);
        expect(links.get("urn:a")).toEqual([v]);
        expect(links).toBe(g.linksTo([V], "bucket", [B]));
        expect(g.referrers(a)).toEqual([v]);
    });
});

describe("graph cache", () => {
    const { graphFor } = require("../../lib/graph/cache");
    const stack = (bucketName: string) => [
        { urn: "urn:a", type: "aws:s3/bucket:Bucket", name: "a", props: { bucket: bucketName }, dependencies: [], propertyDependencies: {} },
        { urn: "urn:v", type: "aws:s3/bucketVersioning:BucketVersioning", name: "v", props: { bucket: "x" }, dependencies: [], propertyDependencies: {} },
    ];

    test("one graph per call: a second policy's copy of the same stack is rebound, not re-indexed", () => {
        const first = graphFor(stack("one"));
        const second = graphFor(stack("two"));
        expect(second).toBe(first);
        expect(second.get("urn:a")!.props.get("bucket")).toBe("two");
    });

    test("a different stack gets its own graph", async () => {
        const g = graphFor(stack("one"));
        const other = graphFor([
            ...stack("one"),
            { urn: "urn:c", type: "aws:s3/bucket:Bucket", name: "c", props: {}, dependencies: [], propertyDependencies: {} },
        ]);
        expect(other).not.toBe(g);
    });

    test("the cache does not outlive the call (next turn of the event loop)", async () => {
        const g = graphFor(stack("one"));
        await new Promise(r => setImmediate(r));
        expect(graphFor(stack("one"))).not.toBe(g);
    });
});
