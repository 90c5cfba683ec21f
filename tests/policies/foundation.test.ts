import { TestStack, analyze, of, ref, secret, usePack } from "../helpers/harness";

const pack = usePack();

describe("lambda-function-url-auth (resource policy)", () => {
    const build = (auth: unknown) => {
        const s = new TestStack();
        const fn = s.add("aws:lambda/function:Function", "fn", { runtime: "nodejs22.x", handler: "index.handler" });
        s.add("aws:lambda/functionUrl:FunctionUrl", "fn-url", { functionName: ref(fn, "name"), authorizationType: auth });
        return s;
    };

    test("fires on authorizationType NONE", async () => {
        const r = of(await analyze(pack, build("NONE"), "update"), "lambda-function-url-auth");
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0]).toMatchObject({ level: "mandatory", resource: "fn-url" });
        expect(r.violations[0].message).toMatch(/AWS_IAM/);
    });

    test("passes with AWS_IAM", async () => {
        expect(of(await analyze(pack, build("AWS_IAM"), "update"), "lambda-function-url-auth").violations).toHaveLength(0);
    });

    test("defers when the value is unknown", async () => {
        const s = new TestStack();
        const cfg = s.add("aws:ssm/parameter:Parameter", "auth", { type: "String", value: "AWS_IAM" });
        s.add("aws:lambda/functionUrl:FunctionUrl", "fn-url", { functionName: "fn", authorizationType: ref(cfg, "insecureValue") });
        const r = of(await analyze(pack, s, "preview"), "lambda-function-url-auth");
        expect(r.violations).toHaveLength(0);
        expect(r.deferred).toHaveLength(1);
    });

    test("a malformed value (a number, an object) neither fires nor crashes", async () => {
        for (const odd of [42, { a: 1 }, ["NONE"]]) {
            const a = await analyze(pack, build(odd), "update");
            expect(of(a, "lambda-function-url-auth").violations).toHaveLength(0);
            expect(a.raw.filter(d => /internal error/.test(d.message))).toHaveLength(0);
        }
    });

    test("a secret value is honoured but never echoed", async () => {
        const r = of(await analyze(pack, build(secret("NONE")), "update"), "lambda-function-url-auth");
        expect(r.violations).toHaveLength(1);
    });
});

describe("s3-bucket-versioning (stack policy, inline and split forms)", () => {
    test("fires on a bucket with no versioning", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data");
        const r = of(await analyze(pack, s, "update"), "s3-bucket-versioning");
        expect(r.violations.map(v => v.resource)).toEqual(["data"]);
        expect(r.violations[0].message).toMatch(/BucketVersioning/);
    });

    test("passes with inline versioning", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data", { versioning: { enabled: true } });
        expect(of(await analyze(pack, s, "update"), "s3-bucket-versioning").violations).toHaveLength(0);
    });

    test.each(["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"])(
        "passes with a split %s in both modes",
        async type => {
            const s = new TestStack();
            const b = s.add("aws:s3/bucket:Bucket", "data");
            s.add(type, "data-versioning", { bucket: ref(b, "id"), versioningConfiguration: { status: "Enabled" } });
            for (const mode of ["preview", "update"] as const) {
                const r = of(await analyze(pack, s, mode), "s3-bucket-versioning");
                expect(r.violations).toHaveLength(0);
                expect(r.deferred).toHaveLength(0);
            }
        },
    );

    test("a split resource with Suspended status fires", async () => {
        const s = new TestStack();
        const b = s.add("aws:s3/bucket:Bucket", "data");
        s.add("aws:s3/bucketVersioning:BucketVersioning", "data-versioning", { bucket: ref(b, "id"), versioningConfiguration: { status: "Suspended" } });
        expect(of(await analyze(pack, s, "update"), "s3-bucket-versioning").violations).toHaveLength(1);
    });

    test("a literal bucket name finds the bucket of that name", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data", { bucket: "acme-data-dev" });
        s.add("aws:s3/bucketVersioning:BucketVersioning", "data-versioning", { bucket: "acme-data-dev", versioningConfiguration: { status: "Enabled" } });
        expect(of(await analyze(pack, s, "update"), "s3-bucket-versioning").violations).toHaveLength(0);
    });

    test("defers, never fires, when a versioning resource names a bucket not known yet", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data");
        const other = s.add("aws:ssm/parameter:Parameter", "name", { type: "String", value: "x" });
        s.add("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: ref(other, "insecureValue"), versioningConfiguration: { status: "Enabled" } });
        const a = await analyze(pack, s, "preview");
        const r = of(a, "s3-bucket-versioning");
        expect(r.violations).toHaveLength(0);
        expect(r.deferred.map(d => d.resource)).toEqual(["data"]);
    });

    test("preview defers as one advisory line per policy in engine mode", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "a", { versioning: { enabled: ref(s.add("aws:ssm/parameter:Parameter", "p", {}), "insecureValue") } });
        s.add("aws:s3/bucket:Bucket", "b", { versioning: { enabled: ref(s.add("aws:ssm/parameter:Parameter", "q", {}), "insecureValue") } });
        const a = await analyze(pack, s, "preview", { perResource: false });
        const lines = a.raw.filter(d => d.policyName === "s3-bucket-versioning");
        expect(lines).toHaveLength(1);
        expect(lines[0].enforcementLevel).toBe("advisory");
        expect(lines[0].message).toMatch(/2 checks/);
    });

    test("malformed shapes do not crash", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "a", { versioning: "yes" });
        s.add("aws:s3/bucket:Bucket", "b", { versioning: [{ enabled: true }] });
        s.add("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: 42, versioningConfiguration: "Enabled" });
        const a = await analyze(pack, s, "update");
        expect(a.raw.filter(d => /internal error/.test(d.message))).toHaveLength(0);
        expect(
            of(a, "s3-bucket-versioning")
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["a", "b"]);
    });
});
