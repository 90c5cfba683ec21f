import { TestStack, UNKNOWN_IN_PREVIEW, analyze, jsonDoc, of, ref, usePack } from "../helpers/harness";

const pack = usePack();

const noInternalErrors = (a: { raw: { message: string }[] }) => expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);
const TAGS = { Project: "p", Environment: "dev", ManagedBy: "Pulumi" };

describe("ecr-repository-scanning", () => {
    const P = "ecr-repository-scanning";
    test("fires without scan on push or with mutable tags (report 003#3)", async () => {
        const s = new TestStack();
        s.add("aws:ecr/repository:Repository", "api", {});
        s.add("aws:ecr/repository:Repository", "mut", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "MUTABLE" });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([
            ["api", "mandatory"],
            ["mut", "mandatory"],
        ]);
        expect(r.violations[0].message).toMatch(/scanOnPush: true.*IMMUTABLE/);
    });
    test("passes when scanning and immutable (with exclusions too)", async () => {
        const s = new TestStack();
        s.add("aws:ecr/repository:Repository", "a", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" });
        s.add("aws:ecr/repository:Repository", "b", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" });
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
    });
    test("defers on unknown values", async () => {
        const s = new TestStack();
        s.add("aws:ecr/repository:Repository", "a", { imageScanningConfiguration: { scanOnPush: UNKNOWN_IN_PREVIEW }, imageTagMutability: "IMMUTABLE" });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["a"]);
    });
    test("malformed values are findings", async () => {
        const s = new TestStack();
        s.add("aws:ecr/repository:Repository", "a", { imageScanningConfiguration: "yes", imageTagMutability: 1 });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["a"]);
    });
});

describe("cloudwatch-metric-dimensions", () => {
    const P = "cloudwatch-metric-dimensions";
    const body = (metrics: unknown[]) => JSON.stringify({ widgets: [{ type: "metric", properties: { region: "us-west-2", metrics } }] });
    test("fires on a dashboard and an alarm without dimensions (report 003#6)", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/dashboard:Dashboard", "dash", { dashboardName: "d-dev", dashboardBody: body([["AWS/Lambda", "Duration", { stat: "Average" }]]) });
        s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 1,
            threshold: 1,
        });
        s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "q", {
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 1,
            threshold: 1,
            metricQueries: [
                { id: "m1", metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", period: 60, stat: "Sum" } },
                { id: "e1", expression: "m1*2", returnData: true },
            ],
        });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([
            ["dash", "advisory"],
            ["errors", "advisory"],
            ["q", "advisory"],
        ]);
        expect(r.violations[0].message).toMatch(/AWS\/Lambda Duration \(widget 1\).*FunctionName/);
    });
    test("passes with inline dimension pairs, a dimensions object, shorthands, account-level metrics and alarms with dimensions", async () => {
        const s = new TestStack();
        const fn = s.add("aws:lambda/function:Function", "fn", {});
        s.add("aws:cloudwatch/dashboard:Dashboard", "dash", {
            dashboardName: "d-dev",
            dashboardBody: body([
                ["AWS/Lambda", "Duration", "FunctionName", "fn-1"],
                [".", "Errors", ".", "."],
                ["...", "fn-2"],
                ["AWS/Lambda", "Invocations", { dimensions: { FunctionName: "fn-1" } }],
                ["AWS/Lambda", "ConcurrentExecutions"],
                ["Custom/App", "Orders"],
                [{ expression: "SUM(METRICS())", label: "total" }],
            ]),
        });
        s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: ref(fn, "name") },
        });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });
    test("defers on a body built from outputs (unknown in preview), fires once known", async () => {
        const s = new TestStack();
        const fn = s.add("aws:lambda/function:Function", "fn", {});
        s.add("aws:cloudwatch/dashboard:Dashboard", "dash", {
            dashboardName: "d-dev",
            dashboardBody: jsonDoc({
                widgets: [{ type: "metric", properties: { metrics: [["AWS/Lambda", "Duration", { stat: "Average", label: ref(fn, "arn") }]] } }],
            }),
        });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["dash"]);
        expect(of(await analyze(pack, s, "update"), P).violations.map(v => v.resource)).toEqual(["dash"]);
    });
    test("a malformed body is a clear finding", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/dashboard:Dashboard", "bad-json", { dashboardName: "a", dashboardBody: "{ widgets: [" });
        s.add("aws:cloudwatch/dashboard:Dashboard", "bad-shape", { dashboardName: "b", dashboardBody: JSON.stringify({ widgets: { a: 1 } }) });
        s.add("aws:cloudwatch/dashboard:Dashboard", "bad-row", { dashboardName: "c", dashboardBody: body(["AWS/Lambda"]) });
        s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "bad-alarm", { metricQueries: "m1" });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(
            of(a, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["bad-alarm", "bad-json", "bad-row", "bad-shape"]);
        expect(of(a, P).violations.find(v => v.resource === "bad-json")!.message).toMatch(/not valid JSON/);
    });
});

describe("no-deprecated-resource-types", () => {
    const P = "no-deprecated-resource-types";
    test("fires on BucketV2 and the V2 settings resources (report 004#3), with the replacement", async () => {
        const s = new TestStack();
        const b = s.add("aws:s3/bucketV2:BucketV2", "data", {});
        s.add("aws:s3/bucketVersioningV2:BucketVersioningV2", "data-v", { bucket: ref(b, "id"), versioningConfiguration: { status: "Enabled" } });
        s.add("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "data-sse", { bucket: ref(b, "id"), rules: [] });
        s.add("aws:s3/bucketLoggingV2:BucketLoggingV2", "data-log", { bucket: ref(b, "id"), targetBucket: "x" });
        s.add("aws:s3/bucketAclV2:BucketAclV2", "data-acl", { bucket: ref(b, "id"), acl: "private" });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
                ["data", "advisory"],
                ["data-acl", "advisory"],
                ["data-log", "advisory"],
                ["data-sse", "advisory"],
                ["data-v", "advisory"],
            ]);
            expect(r.violations.find(v => v.resource === "data-v")!.message).toMatch(/aws\.s3\.BucketVersioning\b/);
        }
    });
    test("passes on current types", async () => {
        const s = new TestStack();
        const b = s.add("aws:s3/bucket:Bucket", "data", {});
        s.add("aws:s3/bucketVersioning:BucketVersioning", "data-v", { bucket: ref(b, "id"), versioningConfiguration: { status: "Enabled" } });
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
    });
    test("unknown and malformed inputs make no difference: the type decides", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: UNKNOWN_IN_PREVIEW, acl: { odd: 1 } });
        const a = await analyze(pack, s, "preview");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["acl"]);
    });
});

describe("no-deprecated-resource-types: launch configurations (catalog section D)", () => {
    const P = "no-deprecated-resource-types";
    test("flags a launch configuration in both modes; a group on a launch template passes", async () => {
        const s = new TestStack();
        const lc = s.add("aws:ec2/launchConfiguration:LaunchConfiguration", "lc", { imageId: "ami-1", instanceType: "t3.micro" });
        s.add("aws:autoscaling/group:Group", "asg", { maxSize: 1, minSize: 1, launchConfiguration: ref(lc, "name") });
        const lt = s.add("aws:ec2/launchTemplate:LaunchTemplate", "lt", { imageId: "ami-1" });
        s.add("aws:autoscaling/group:Group", "asg2", { maxSize: 1, minSize: 1, launchTemplate: { id: ref(lt, "id"), version: "$Latest" } });
        for (const mode of ["preview", "update"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            const flagged = r.violations.map(v => v.resource);
            expect(flagged).toContain("lc");
            expect(flagged).not.toContain("asg2"); // the "asg" clause (launchConfiguration) fires in one mode only: not yet settled
            expect(r.violations.find(v => v.resource === "lc")?.message).toMatch(/aws\.ec2\.LaunchTemplate/);
            expect(r.violations.find(v => v.resource === "lc")?.message).not.toMatch(/aliases/);
        }
    });
});

describe("required-tags", () => {
    const P = "required-tags";
    test("fires on taggable resources missing keys (reports 003#9, 001#9)", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data", { tags: { Name: "data", Environment: "dev" } });
        s.add("aws:sqs/queue:Queue", "q", {});
        s.add("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: "x", versioningConfiguration: { status: "Enabled" } });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([
            ["data", "advisory"],
            ["q", "advisory"],
        ]);
        expect(r.violations[0].message).toMatch(/lacks the required tags Project, ManagedBy/);
    });
    test("provider defaultTags count, as an object or as a JSON string; config changes the keys", async () => {
        for (const defaultTags of [{ tags: TAGS }, JSON.stringify({ tags: TAGS })]) {
            const s = new TestStack("dev", "test", "us-west-2", { defaultTags });
            s.add("aws:s3/bucket:Bucket", "data", {});
            s.add("aws:sqs/queue:Queue", "q", { tags: { Owner: "me" } });
            expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
            const r = of(await analyze(pack, s, "update", { config: { [P]: { tags: ["Owner"] } } }), P);
            expect(r.violations.map(v => v.resource)).toEqual(["data"]);
        }
        const s2 = new TestStack();
        const prov = s2.provider("tagged", { region: "us-west-2", defaultTags: { tags: TAGS } });
        s2.add("aws:s3/bucket:Bucket", "data", {}, { provider: prov });
        expect(of(await analyze(pack, s2, "update"), P).violations).toEqual([]);
    });
    test("defers on unknown tags", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data", { tags: UNKNOWN_IN_PREVIEW });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["data"]);
    });
    test("malformed tags are a finding; autoscaling list form is read", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data", { tags: "Project=x" });
        s.add("aws:autoscaling/group:Group", "asg", {
            maxSize: 1,
            minSize: 1,
            tags: [
                { key: "Project", value: "p", propagateAtLaunch: true },
                { key: "Environment", value: "d", propagateAtLaunch: true },
                { key: "ManagedBy", value: "P", propagateAtLaunch: true },
            ],
        });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["data"]);
        expect(of(a, P).violations[0].message).toMatch(/not a map/);
    });
});

describe("unique-physical-names", () => {
    const P = "unique-physical-names";
    test("fires on fixed literal names (report 001#8)", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data", { bucket: "my-app-data-bucket" });
        s.add("aws:iam/role:Role", "role", { name: "app-role", assumeRolePolicy: "{}" });
        s.add("aws:cloudwatch/logGroup:LogGroup", "api-logs", { name: "/aws/apigateway/my-api" });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([
            ["api-logs", "advisory"],
            ["role", "advisory"],
            ["data", "advisory"],
        ]);
        expect(r.violations[2].message).toMatch(/unique across all AWS accounts/);
        expect(r.violations[2].message).not.toContain("my-app-data-bucket");
    });
    test("passes on auto-names, prefixes, stack-specific names and names from other resources", async () => {
        const s = new TestStack("prod");
        const fn = s.add("aws:lambda/function:Function", "fn", {});
        s.add("aws:s3/bucket:Bucket", "auto", {});
        s.add("aws:s3/bucket:Bucket", "prefixed", { bucketPrefix: "data-" });
        s.add("aws:s3/bucket:Bucket", "stacky", { bucket: "my-app-data-prod-1234" });
        s.add("aws:iam/role:Role", "role", { name: "app-role-PROD", assumeRolePolicy: "{}" });
        s.add("aws:cloudwatch/logGroup:LogGroup", "fn-logs", { name: ref(fn, "name", n => `/aws/lambda/${n}`) });
        s.add("aws:cloudwatch/logGroup:LogGroup", "digits-logs", { name: "/aws/lambda/documents-fn-9113613" });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });
    test("defers on unknown names", async () => {
        const s = new TestStack();
        const p = s.add("aws:ssm/parameter:Parameter", "p", { name: "x-dev", type: "String", value: "v" });
        s.add("aws:s3/bucket:Bucket", "data", { bucket: ref(p, "insecureValue") });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["data"]);
    });
    test("malformed names are skipped, not crashed on", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data", { bucket: 42 });
        s.add("aws:iam/role:Role", "role", { name: { a: 1 }, assumeRolePolicy: "{}" });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations).toEqual([]);
    });
});
