/** Facts about regions, table-driven over StackGraphs built directly (no engine). */
import { types } from "../../lib/aws/types";
import { providerNodes, regionPlacements, resourceRegion } from "../../lib/facts/regions";
import { ProviderView, ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { PropertyReader } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const P = types.pulumi.AwsProvider;

function provider(name: string, props: Record<string, unknown>): ProviderView {
    return { urn: `urn:pulumi:dev::p::${P}::${name}`, type: P, name, props: new PropertyReader(props) };
}
const DEFAULT = provider("default_7_0_0", { region: "us-west-2" });

function view(name: string, type: string, props: Record<string, unknown>, p?: ProviderView, deps: Record<string, string[]> = {}): ResourceView {
    return {
        urn: `urn:pulumi:dev::p::${type}::${name}`,
        type,
        name,
        props: new PropertyReader(props),
        provider: p,
        dependencies: Object.values(deps).flat(),
        propertyDependencies: deps,
    };
}
/** The provider as a resource of the stack (the engine lists providers among the resources). */
const asResource = (p: ProviderView): ResourceView => ({ ...p, dependencies: [], propertyDependencies: {} });

describe("resourceRegion", () => {
    test.each([
        ["its own region", { region: "eu-west-1" }, DEFAULT, { kind: "known", value: "eu-west-1" }],
        ["its provider's region", {}, DEFAULT, { kind: "known", value: "us-west-2" }],
        ["an empty own region falls back to the provider's", { region: "" }, DEFAULT, { kind: "known", value: "us-west-2" }],
        ["a provider with no region (from the environment)", {}, provider("default", {}), { kind: "notSet" }],
        ["no provider", {}, undefined, { kind: "notSet" }],
        [
            "its own region not known yet (the provider's does not decide)",
            { region: U },
            DEFAULT,
            { kind: "unknown", reason: expect.stringContaining("region of q") },
        ],
        ["its provider's region not known yet", {}, provider("p", { region: U }), { kind: "unknown", reason: expect.stringContaining("provider p") }],
    ])("%s", (_, props, p, want) => {
        expect(resourceRegion(view("q", types.sqs.Queue, props, p))).toMatchObject(want);
    });
});

test("providerNodes: each provider with the resources it manages, default or not", () => {
    const west1 = provider("west1", { region: "us-west-1" });
    const g = new StackGraph([
        asResource(west1),
        view("a", types.sqs.Queue, {}, DEFAULT),
        view("b", types.sqs.Queue, {}, west1),
        view("c", types.sqs.Queue, {}, DEFAULT),
    ]);
    const nodes = [...providerNodes(g).values()].map(n => ({ name: n.name, isDefault: n.isDefault, region: n.region, users: n.users.map(u => u.name) }));
    expect(nodes).toEqual([
        { name: "west1", isDefault: false, region: "us-west-1", users: ["b"] },
        { name: "default_7_0_0", isDefault: true, region: "us-west-2", users: ["a", "c"] },
    ]);
});

describe("regionPlacements", () => {
    const summary = (resources: ResourceView[], configured: string[] = []) =>
        regionPlacements(new StackGraph(resources), configured).map(p => {
            const f = p.finding;
            if (f.kind !== "known") return `${p.subject.name}: ${f.kind}`;
            const v = f.value;
            const detail =
                v.kind === "provider"
                    ? `${v.region} [${v.offenders.map(o => o.name).join(",")}]`
                    : v.kind === "own-region"
                      ? v.region
                      : `${v.arnRegion} in ${v.property}`;
            return `${p.subject.name}: ${v.kind} ${detail} allowed ${v.allowed.join(",")}`;
        });
    const west1 = provider("west1", { region: "us-west-1" });
    const east1 = provider("east1", { region: "us-east-1" });
    const q = (name: string, p: ProviderView, props: Record<string, unknown> = {}) => view(name, types.sqs.Queue, props, p);

    test.each<[string, ResourceView[], string[], string[]]>([
        ["one region throughout", [q("a", DEFAULT), q("b", DEFAULT)], [], []],
        ["a provider in another region", [q("a", DEFAULT), asResource(west1), q("b", west1)], [], ["west1: provider us-west-1 [b] allowed us-west-2"]],
        [
            "configured regions replace the default's",
            [q("a", DEFAULT)],
            ["eu-west-1", "eu-central-1"],
            ["a: provider us-west-2 [a] allowed eu-west-1,eu-central-1"],
        ],
        ["the default provider's region not known yet", [q("a", provider("default", { region: U }))], [], ["a: unknown"]],
        [
            "us-east-1 for CloudFront only",
            [q("a", DEFAULT), view("cdn", types.cloudfront.Distribution, {}, east1), view("cert", types.acm.Certificate, {}, east1)],
            [],
            // The certificate is used by no distribution: it is not a global-service resource.
            ["cdn: provider us-east-1 [cert] allowed us-west-2"],
        ],
        ["a WAF whose scope is not known yet", [q("a", DEFAULT), view("waf", types.wafv2.WebAcl, { scope: U }, east1)], [], ["waf: unknown"]],
        ["a resource's own region", [q("a", DEFAULT, { region: "eu-west-1" })], [], ["a: own-region eu-west-1 allowed us-west-2"]],
        ["a resource's own region not known yet", [q("a", DEFAULT, { region: U })], [], ["a: unknown"]],
        [
            "a hard-coded ARN of another region",
            [view("sub", types.sns.TopicSubscription, { endpoint: "arn:aws:sqs:us-west-1:123456789012:q", protocol: "sqs" }, DEFAULT)],
            [],
            ["sub: foreign-arn us-west-1 in endpoint allowed us-west-2"],
        ],
        [
            "a hard-coded ARN of the same region",
            [view("sub", types.sns.TopicSubscription, { endpoint: "arn:aws:sqs:us-west-2:123456789012:q" }, DEFAULT)],
            [],
            [],
        ],
        [
            "explicit providers only: the most used region is the main one",
            [q("a", west1), q("b", west1), q("c", east1)],
            [],
            ["c: provider us-east-1 [c] allowed us-west-1"],
        ],
        ["explicit providers only, a tie: nothing is judged", [q("a", west1), q("c", east1)], [], []],
        ["a provider with no region (from the environment)", [q("a", provider("default", {}))], [], []],
    ])("%s", (_, resources, configured, want) => {
        expect(summary(resources, configured)).toEqual(want);
    });
});
