import { TestResource, TestStack, UNKNOWN_IN_PREVIEW, analyze, jsonDoc, of, ref, usePack } from "../helpers/harness";

const pack = usePack();

const internalErrors = (a: { raw: { message: string }[] }) => a.raw.filter(d => /internal error/.test(d.message));
const TRUST = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
const VPC = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

function fnWithRole(
    s: TestStack,
    name: string,
    extra: Record<string, unknown> = {},
    roleInputs: Record<string, unknown> = {},
): { fn: TestResource; role: TestResource } {
    const role = s.add("aws:iam/role:Role", `${name}-role`, { assumeRolePolicy: TRUST, ...roleInputs });
    const fn = s.add("aws:lambda/function:Function", name, { runtime: "nodejs22.x", handler: "index.handler", role: ref(role, "arn"), ...extra });
    return { fn, role };
}

describe("lambda-logging-permissions", () => {
    const P = "lambda-logging-permissions";

    test("fires when the role lacks logs:CreateLogGroup (report 000#7) or has no policy at all", async () => {
        const s = new TestStack();
        const lg = s.add("aws:cloudwatch/logGroup:LogGroup", "fn-logs", { retentionInDays: 90 });
        const { role } = fnWithRole(s, "processor");
        s.add("aws:iam/rolePolicy:RolePolicy", "processor-logs", {
            role: ref(role, "name"),
            policy: jsonDoc({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ref(lg, "arn", a => `${a}:*`) }],
            }),
        });
        fnWithRole(s, "bare");
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => `${v.resource} ${v.level}`).sort()).toEqual(["bare mandatory", "processor mandatory"]);
        expect(r.violations.find(v => v.resource === "processor")!.message).toMatch(/logs:CreateLogGroup.*Fix: new aws\.iam\.RolePolicyAttachment/);
        expect(r.violations.find(v => v.resource === "processor")!.message).not.toMatch(/CreateLogStream/);
    });

    test("passes with AWS managed policies (attachment, PolicyAttachment, managedPolicyArns), customer policies and inline statements", async () => {
        const s = new TestStack();
        const a = fnWithRole(s, "a");
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a-basic", { role: ref(a.role, "name"), policyArn: BASIC });
        fnWithRole(s, "b", {}, { managedPolicyArns: [VPC] });
        const c = fnWithRole(s, "c");
        const pol = s.add("aws:iam/policy:Policy", "logs", { policy: doc([{ Effect: "Allow", Action: "logs:*", Resource: "*" }]) });
        s.add("aws:iam/policyAttachment:PolicyAttachment", "c-logs", { roles: [ref(c.role, "name")], policyArn: ref(pol, "arn") });
        fnWithRole(
            s,
            "d",
            {},
            {
                inlinePolicies: [
                    { name: "logs", policy: doc([{ Effect: "Allow", Action: ["logs:Create*", "logs:PutLogEvents"], Resource: "arn:aws:logs:*:*:*" }]) },
                ],
            },
        );
        for (const mode of ["update", "preview"] as const) {
            const an = await analyze(pack, s, mode);
            expect(of(an, P).violations).toEqual([]);
            expect(internalErrors(an)).toEqual([]);
        }
    });

    test("an explicit Deny wins over an Allow", async () => {
        const s = new TestStack();
        fnWithRole(
            s,
            "fn",
            {},
            { managedPolicyArns: [BASIC], inlinePolicies: [{ name: "deny", policy: doc([{ Effect: "Deny", Action: "logs:CreateLogGroup", Resource: "*" }]) }] },
        );
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => v.resource)).toEqual(["fn"]);
    });

    test("preview: an unknown document, attachment or role defers", async () => {
        const s = new TestStack();
        const lg = s.add("aws:cloudwatch/logGroup:LogGroup", "fn-logs", {});
        const { role } = fnWithRole(s, "fn");
        s.add("aws:iam/rolePolicy:RolePolicy", "fn-logs-policy", {
            role: ref(role, "name"),
            policy: jsonDoc({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream"], Resource: ref(lg, "arn") }] }),
        });
        s.add("aws:lambda/function:Function", "fn2", { runtime: "nodejs22.x", handler: "index.handler", role: UNKNOWN_IN_PREVIEW });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(
            of(a, P)
                .deferred.map(d => d.resource)
                .sort(),
        ).toEqual(["fn", "fn2"]);
    });

    test("malformed role documents and references never crash; a broken document grants nothing", async () => {
        const s = new TestStack();
        fnWithRole(s, "fn", {}, { inlinePolicies: [{ name: "x", policy: "{broken" }], managedPolicyArns: [42, null] });
        s.add("aws:lambda/function:Function", "fn2", { runtime: "nodejs22.x", handler: "index.handler", role: { not: "an arn" } });
        const a = await analyze(pack, s, "update");
        expect(internalErrors(a)).toEqual([]);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["fn"]);
    });
});

describe("lambda-vpc-permissions", () => {
    const P = "lambda-vpc-permissions";
    const vpcConfig = { subnetIds: ["subnet-0abc"], securityGroupIds: ["sg-0abc"] };

    test("fires on a VPC function whose role has only basic execution", async () => {
        const s = new TestStack();
        fnWithRole(s, "fn", { vpcConfig }, { managedPolicyArns: [BASIC] });
        fnWithRole(s, "outside", {}, { managedPolicyArns: [BASIC] });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => `${v.resource} ${v.level}`)).toEqual(["fn mandatory"]);
        expect(r.violations[0].message).toMatch(/ec2:CreateNetworkInterface.*AWSLambdaVPCAccessExecutionRole/);
    });

    test("passes with AWSLambdaVPCAccessExecutionRole or explicit ec2 actions", async () => {
        const s = new TestStack();
        fnWithRole(s, "a", { vpcConfig }, { managedPolicyArns: [VPC] });
        fnWithRole(
            s,
            "b",
            { vpcConfig },
            {
                inlinePolicies: [
                    {
                        name: "eni",
                        policy: doc([
                            {
                                Effect: "Allow",
                                Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"],
                                Resource: "*",
                            },
                        ]),
                    },
                ],
            },
        );
        const a = await analyze(pack, s, "update");
        expect(of(a, P).violations).toEqual([]);
    });

    test("preview: unknown vpcConfig or attachment defers", async () => {
        const s = new TestStack();
        fnWithRole(s, "a", { vpcConfig: UNKNOWN_IN_PREVIEW });
        const b = fnWithRole(s, "b", { vpcConfig });
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "b-x", { role: ref(b.role, "name"), policyArn: UNKNOWN_IN_PREVIEW });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(
            of(a, P)
                .deferred.map(d => d.resource)
                .sort(),
        ).toEqual(["a", "b"]);
    });

    test("malformed vpcConfig never crashes", async () => {
        const s = new TestStack();
        fnWithRole(s, "a", { vpcConfig: "yes" });
        fnWithRole(s, "b", { vpcConfig: { subnetIds: "subnet-1" } });
        fnWithRole(s, "c", { vpcConfig: { subnetIds: ["subnet-1"] } }, { managedPolicyArns: "nope" });
        const a = await analyze(pack, s, "update");
        expect(internalErrors(a)).toEqual([]);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["c"]);
    });
});

describe("lambda-runtime-supported", () => {
    const P = "lambda-runtime-supported";
    const cfg = (date: string, warnDays?: number) => ({ config: { [P]: { evaluationDate: date, ...(warnDays !== undefined ? { warnDays } : {}) } } });

    test("fires on a deprecated runtime (report 003#3 nodejs18.x) and advises near deprecation", async () => {
        const s = new TestStack();
        s.add("aws:lambda/function:Function", "old", { runtime: "nodejs18.x", handler: "index.handler" });
        s.add("aws:lambda/function:Function", "soon", { runtime: "nodejs20.x", handler: "index.handler" });
        s.add("aws:lambda/function:Function", "fine", { runtime: "nodejs22.x", handler: "index.handler" });
        const r = of(await analyze(pack, s, "update", cfg("2026-01-15")), P);
        expect(r.violations.map(v => `${v.resource} ${v.level}`).sort()).toEqual(["old mandatory", "soon advisory"]);
        expect(r.violations.find(v => v.resource === "old")!.message).toMatch(
            /^Lambda function old uses runtime nodejs18\.x, deprecated by AWS since 2025-09-01\. Fix: runtime: "nodejs24\.x"/,
        );
        expect(r.violations.find(v => v.resource === "soon")!.message).toMatch(/deprecates on 2026-04-30/);
    });

    test("passes before the warning window and for container images", async () => {
        const s = new TestStack();
        s.add("aws:lambda/function:Function", "a", { runtime: "python3.9", handler: "app.handler" });
        s.add("aws:lambda/function:Function", "img", { packageType: "Image", imageUri: "123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1" });
        expect(of(await analyze(pack, s, "update", cfg("2025-01-01", 30)), P).violations).toEqual([]);
        expect(of(await analyze(pack, s, "update", cfg("2025-12-16")), P).violations.map(v => v.resource)).toEqual(["a"]);
    });

    test("preview: an unknown runtime defers", async () => {
        const s = new TestStack();
        s.add("aws:lambda/function:Function", "a", { runtime: UNKNOWN_IN_PREVIEW, handler: "index.handler" });
        const r = of(await analyze(pack, s, "preview", cfg("2026-01-15")), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["a"]);
    });

    test("malformed runtime values and a bad config never crash", async () => {
        const s = new TestStack();
        s.add("aws:lambda/function:Function", "a", { runtime: 18 });
        s.add("aws:lambda/function:Function", "b", { runtime: ["nodejs18.x"] });
        s.add("aws:lambda/function:Function", "c", { runtime: "cobol1.0" });
        const a = await analyze(pack, s, "update", cfg("2026-01-15"));
        expect(internalErrors(a)).toEqual([]);
        expect(of(a, P).violations).toEqual([]);
        const bad = await analyze(pack, s, "update", { ...cfg("tomorrow"), skipConfigValidation: true });
        // The framework reports a bad config once per evaluated resource, as mandatory.
        expect(bad.raw.filter(d => /Invalid configuration for policy lambda-runtime-supported: field 'evaluationDate'/.test(d.message))).toHaveLength(3);
    });
});

describe("lambda-async-failure-destination", () => {
    const P = "lambda-async-failure-destination";

    test("fires on functions invoked by S3, SNS, EventBridge and permissions without a DLQ or destination (report 002#10)", async () => {
        const s = new TestStack();
        const bucket = s.add("aws:s3/bucket:Bucket", "uploads");
        const a = fnWithRole(s, "on-s3").fn;
        s.add("aws:s3/bucketNotification:BucketNotification", "uploads-n", {
            bucket: ref(bucket, "id"),
            lambdaFunctions: [{ lambdaFunctionArn: ref(a, "arn"), events: ["s3:ObjectCreated:*"] }],
        });
        const topic = s.add("aws:sns/topic:Topic", "t");
        const b = fnWithRole(s, "on-sns").fn;
        s.add("aws:sns/topicSubscription:TopicSubscription", "t-sub", { topic: ref(topic, "arn"), protocol: "lambda", endpoint: ref(b, "arn") });
        const rule = s.add("aws:cloudwatch/eventRule:EventRule", "nightly", { scheduleExpression: "rate(1 day)" });
        const c = fnWithRole(s, "on-events").fn;
        s.add("aws:cloudwatch/eventTarget:EventTarget", "nightly-t", { rule: ref(rule, "name"), arn: ref(c, "arn") });
        const d = fnWithRole(s, "on-perm").fn;
        s.add("aws:lambda/permission:Permission", "d-perm", { action: "lambda:InvokeFunction", function: ref(d, "name"), principal: "events.amazonaws.com" });
        fnWithRole(s, "sync-only");
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => `${v.resource} ${v.level}`).sort()).toEqual([
            "on-events advisory",
            "on-perm advisory",
            "on-s3 advisory",
            "on-sns advisory",
        ]);
    });

    test("passes with deadLetterConfig or an on-failure destination, in both modes", async () => {
        const s = new TestStack();
        const q = s.add("aws:sqs/queue:Queue", "dlq");
        const topic = s.add("aws:sns/topic:Topic", "t");
        const a = fnWithRole(s, "a", { deadLetterConfig: { targetArn: ref(q, "arn") } }).fn;
        const b = fnWithRole(s, "b").fn;
        s.add("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "b-async", {
            functionName: ref(b, "name"),
            destinationConfig: { onFailure: { destination: ref(q, "arn") } },
        });
        s.add("aws:sns/topicSubscription:TopicSubscription", "sa", { topic: ref(topic, "arn"), protocol: "lambda", endpoint: ref(a, "arn") });
        s.add("aws:sns/topicSubscription:TopicSubscription", "sb", { topic: ref(topic, "arn"), protocol: "lambda", endpoint: ref(b, "arn") });
        for (const mode of ["update", "preview"] as const) {
            const an = await analyze(pack, s, mode);
            expect(of(an, P).violations).toEqual([]);
            expect(of(an, P).deferred).toEqual([]);
        }
    });

    test("preview: an async source naming an unknown function defers", async () => {
        const s = new TestStack();
        fnWithRole(s, "a");
        s.add("aws:lambda/permission:Permission", "p", { action: "lambda:InvokeFunction", function: UNKNOWN_IN_PREVIEW, principal: "s3.amazonaws.com" });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["a"]);
    });

    test("malformed sources never crash", async () => {
        const s = new TestStack();
        const a = fnWithRole(s, "a", { deadLetterConfig: "yes" }).fn;
        s.add("aws:s3/bucketNotification:BucketNotification", "n", { bucket: 5, lambdaFunctions: [7, { lambdaFunctionArn: ref(a, "arn") }] });
        s.add("aws:sns/topicSubscription:TopicSubscription", "s", { protocol: ["lambda"], endpoint: 3 });
        s.add("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "c", { functionName: ref(a, "name"), destinationConfig: "x" });
        const an = await analyze(pack, s, "update");
        expect(internalErrors(an)).toEqual([]);
        expect(of(an, P).violations.map(v => v.resource)).toEqual(["a"]);
    });
});

describe("lambda-recursive-trigger", () => {
    const P = "lambda-recursive-trigger";

    test("fires on an unfiltered S3 trigger writing to its own bucket and a stream consumer writing to its own table (report 002#7)", async () => {
        const s = new TestStack();
        const bucket = s.add("aws:s3/bucket:Bucket", "docs");
        const { fn, role } = fnWithRole(s, "processor");
        s.add("aws:iam/rolePolicy:RolePolicy", "processor-s3", {
            role: ref(role, "name"),
            policy: jsonDoc({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ref(bucket, "arn", a => `${a}/*`) }],
            }),
        });
        s.add("aws:s3/bucketNotification:BucketNotification", "docs-n", {
            bucket: ref(bucket, "id"),
            lambdaFunctions: [{ lambdaFunctionArn: ref(fn, "arn"), events: ["s3:ObjectCreated:*"] }],
        });
        const table = s.add("aws:dynamodb/table:Table", "items", { streamEnabled: true, streamViewType: "NEW_IMAGE" });
        const t = fnWithRole(s, "stream", {}, { inlinePolicies: [{ name: "db", policy: doc([{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }]) }] });
        s.add("aws:lambda/eventSourceMapping:EventSourceMapping", "items-stream", {
            eventSourceArn: ref(table, "streamArn"),
            functionName: ref(t.fn, "arn"),
            startingPosition: "LATEST",
        });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => `${v.resource} ${v.level}`).sort()).toEqual(["processor mandatory", "stream mandatory"]);
        expect(r.violations.find(v => v.resource === "processor")!.message).toMatch(/s3:PutObject.*filterPrefix/);
    });

    test("passes with a prefix filter, writes to another bucket/table, or read-only access", async () => {
        const s = new TestStack();
        const bucket = s.add("aws:s3/bucket:Bucket", "docs");
        const out = s.add("aws:s3/bucket:Bucket", "out");
        const a = fnWithRole(s, "a");
        s.add("aws:iam/rolePolicy:RolePolicy", "a-s3", {
            role: ref(a.role, "name"),
            policy: jsonDoc({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: "s3:GetObject", Resource: ref(bucket, "arn", x => `${x}/*`) },
                    { Effect: "Allow", Action: "s3:PutObject", Resource: ref(out, "arn", x => `${x}/*`) },
                ],
            }),
        });
        const b = fnWithRole(s, "b", {}, { inlinePolicies: [{ name: "s3", policy: doc([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]) }] });
        s.add("aws:s3/bucketNotification:BucketNotification", "docs-n", {
            bucket: ref(bucket, "id"),
            lambdaFunctions: [
                { lambdaFunctionArn: ref(a.fn, "arn"), events: ["s3:ObjectCreated:*"] },
                { lambdaFunctionArn: ref(b.fn, "arn"), events: ["s3:ObjectCreated:*"], filterPrefix: "incoming/" },
            ],
        });
        const table = s.add("aws:dynamodb/table:Table", "items", { streamEnabled: true });
        const other = s.add("aws:dynamodb/table:Table", "audit", {});
        const c = fnWithRole(s, "c");
        s.add("aws:iam/rolePolicy:RolePolicy", "c-db", {
            role: ref(c.role, "name"),
            policy: jsonDoc({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: ref(other, "arn") },
                    {
                        Effect: "Allow",
                        Action: ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"],
                        Resource: ref(table, "streamArn"),
                    },
                ],
            }),
        });
        s.add("aws:lambda/eventSourceMapping:EventSourceMapping", "items-stream", {
            eventSourceArn: ref(table, "streamArn"),
            functionName: ref(c.fn, "name"),
            startingPosition: "LATEST",
        });
        const an = await analyze(pack, s, "update");
        expect(of(an, P).violations).toEqual([]);
        expect(internalErrors(an)).toEqual([]);
    });

    test("preview: documents built from unknown ARNs defer", async () => {
        const s = new TestStack();
        const bucket = s.add("aws:s3/bucket:Bucket", "docs");
        const { fn, role } = fnWithRole(s, "processor");
        s.add("aws:iam/rolePolicy:RolePolicy", "processor-s3", {
            role: ref(role, "name"),
            policy: jsonDoc({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: ref(bucket, "arn", a => `${a}/*`) }] }),
        });
        s.add("aws:s3/bucketNotification:BucketNotification", "docs-n", {
            bucket: ref(bucket, "id"),
            lambdaFunctions: [{ lambdaFunctionArn: ref(fn, "arn"), events: ["s3:ObjectCreated:*"] }],
        });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["processor"]);
    });

    test("malformed notifications and mappings never crash", async () => {
        const s = new TestStack();
        const bucket = s.add("aws:s3/bucket:Bucket", "docs");
        const a = fnWithRole(s, "a", {}, { inlinePolicies: [{ name: "s3", policy: doc([{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }]) }] });
        s.add("aws:s3/bucketNotification:BucketNotification", "n", {
            bucket: ref(bucket, "id"),
            lambdaFunctions: [null, "x", { lambdaFunctionArn: ref(a.fn, "arn"), events: "s3:ObjectCreated:Put", filterPrefix: 5 }],
        });
        s.add("aws:lambda/eventSourceMapping:EventSourceMapping", "m", { eventSourceArn: 12, functionName: { a: 1 } });
        const an = await analyze(pack, s, "update");
        expect(internalErrors(an)).toEqual([]);
        expect(of(an, P).violations.map(v => v.resource)).toEqual(["a"]);
    });
});

describe("lambda-provisioned-concurrency-target", () => {
    const P = "lambda-provisioned-concurrency-target";
    const target = (s: TestStack, name: string, resourceId: unknown) =>
        s.add("aws:appautoscaling/target:Target", name, {
            serviceNamespace: "lambda",
            scalableDimension: "lambda:function:ProvisionedConcurrentExecutions",
            resourceId,
            minCapacity: 1,
            maxCapacity: 5,
        });

    test("fires on a target without a ProvisionedConcurrencyConfig (report 003#5) or without a qualifier", async () => {
        const s = new TestStack();
        const fn = fnWithRole(s, "api", { publish: true }).fn;
        target(
            s,
            "api-scaling",
            ref(fn, "name", n => `function:${n}:provisioned-concurrency`),
        );
        target(
            s,
            "api-bare",
            ref(fn, "name", n => `function:${n}`),
        );
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => `${v.resource} ${v.level}`).sort()).toEqual(["api-bare mandatory", "api-scaling mandatory"]);
        }
    });

    test("passes when the alias has provisioned concurrency", async () => {
        const s = new TestStack();
        const fn = fnWithRole(s, "api", { publish: true }).fn;
        const alias = s.add("aws:lambda/alias:Alias", "live", { functionName: ref(fn, "name"), functionVersion: ref(fn, "version"), name: "live" });
        s.add("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "live-pc", {
            functionName: ref(fn, "name"),
            qualifier: ref(alias, "name"),
            provisionedConcurrentExecutions: 2,
        });
        target(
            s,
            "live-scaling",
            ref(fn, "name", n => `function:${n}:live`),
        );
        s.add("aws:appautoscaling/target:Target", "table-scaling", {
            serviceNamespace: "dynamodb",
            scalableDimension: "dynamodb:table:ReadCapacityUnits",
            resourceId: "table/x",
            minCapacity: 1,
            maxCapacity: 5,
        });
        for (const mode of ["update", "preview"] as const) {
            const an = await analyze(pack, s, mode);
            expect(of(an, P).violations).toEqual([]);
            expect(of(an, P).deferred).toEqual([]);
        }
    });

    test("preview: an unknown resourceId or qualifier defers", async () => {
        const s = new TestStack();
        fnWithRole(s, "api");
        target(s, "t", UNKNOWN_IN_PREVIEW);
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["t"]);
    });

    test("malformed resourceIds are reported, odd configs never crash", async () => {
        const s = new TestStack();
        target(s, "t1", 42);
        target(s, "t2", "lambda/api:live");
        s.add("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc", { functionName: 5, qualifier: { a: 1 } });
        const an = await analyze(pack, s, "update");
        expect(internalErrors(an)).toEqual([]);
        expect(
            of(an, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["t1", "t2"]);
    });
});
