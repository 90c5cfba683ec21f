import { Analysis, TestResource, TestStack, analyze, of, ref, secret, usePack } from "../helpers/harness";

const pack = usePack();

const noInternalErrors = (a: Analysis) => expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);
const param = (s: TestStack, name: string) => s.add("aws:ssm/parameter:Parameter", name, { type: "String", value: "x" });
const FORMAT = JSON.stringify({ requestId: "$context.requestId" });

describe("cloudwatch-log-group-retention", () => {
    const P = "cloudwatch-log-group-retention";

    test("fires on 7 days (report 003) and on no retention", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "short", { retentionInDays: 7 });
        s.add("aws:cloudwatch/logGroup:LogGroup", "forever-unset", {});
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["forever-unset", "mandatory"],
            ["short", "mandatory"],
        ]);
        expect(r.violations.find(v => v.resource === "short")!.message).toMatch(/7 days.*retentionInDays: 90/);
    });

    test("passes at 90 and 365; 0 and unset (never expire) fail unless allowNeverExpire; config minimumDays lowers the bar", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "a", { retentionInDays: 90 });
        s.add("aws:cloudwatch/logGroup:LogGroup", "b", { retentionInDays: 365 });
        s.add("aws:cloudwatch/logGroup:LogGroup", "c", { retentionInDays: 0 });
        s.add("aws:cloudwatch/logGroup:LogGroup", "d", {});
        for (const mode of ["preview", "update"] as const) {
            expect(
                of(await analyze(pack, s, mode), P)
                    .violations.map(v => v.resource)
                    .sort(),
            ).toEqual(["c", "d"]);
            expect(of(await analyze(pack, s, mode, { config: { [P]: { allowNeverExpire: true } } }), P).violations).toEqual([]);
        }
        const s2 = new TestStack();
        s2.add("aws:cloudwatch/logGroup:LogGroup", "d", { retentionInDays: 30 });
        s2.add("aws:cloudwatch/logGroup:LogGroup", "e", { retentionInDays: 14 });
        const r = of(await analyze(pack, s2, "update", { config: { [P]: { minimumDays: 30 } } }), P);
        expect(r.violations.map(v => v.resource)).toEqual(["e"]);
    });

    test("a secret retention is honoured but never echoed", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: secret(7) });
        const a = await analyze(pack, s, "update");
        const r = of(a, P);
        expect(r.violations.map(v => v.resource)).toEqual(["lg"]);
        expect(r.violations[0].message).not.toMatch(/\b7\b/);
    });

    test("defers when retentionInDays is unknown", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: ref(param(s, "days"), "insecureValue") });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(of(a, P).deferred.map(d => d.resource)).toEqual(["lg"]);
        noInternalErrors(a);
    });

    test("a malformed retention is a violation; a bad config is reported, not a crash", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "text", { retentionInDays: "ninety" });
        s.add("aws:cloudwatch/logGroup:LogGroup", "obj", { retentionInDays: { days: 90 } });
        s.add("aws:cloudwatch/logGroup:LogGroup", "numeric-string", { retentionInDays: "90" });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations.map(v => v.resource).sort()).toEqual(["obj", "text"]);
        expect(r.violations[0].message).toMatch(/not a number/);
        const bad = await analyze(pack, s, "update", { config: { [P]: { minimumDays: "lots" } }, skipConfigValidation: true });
        noInternalErrors(bad);
        expect(of(bad, P).violations.some(v => /Invalid configuration/.test(v.message))).toBe(true);
    });
});

/** A REST API with a deployment and a stage; `stageInputs` merged into the stage. */
function restApi(s: TestStack, stageInputs: Record<string, unknown> = {}, name = "api"): { api: TestResource; stage: TestResource } {
    const api = s.add("aws:apigateway/restApi:RestApi", name, {});
    const dep = s.add("aws:apigateway/deployment:Deployment", `${name}-deployment`, { restApi: ref(api, "id") });
    const stage = s.add("aws:apigateway/stage:Stage", `${name}-stage`, {
        restApi: ref(api, "id"),
        deployment: ref(dep, "id"),
        stageName: "prod",
        ...stageInputs,
    });
    return { api, stage };
}

describe("apigateway-stage-access-logging", () => {
    const P = "apigateway-stage-access-logging";

    test("fires on a REST stage without access logs and an API log group no stage uses (report 000 #4 #5)", async () => {
        const s = new TestStack();
        const { api } = restApi(s);
        s.add("aws:cloudwatch/logGroup:LogGroup", "api-logs", { name: ref(api, "name", n => `/aws/apigateway/${n}`), retentionInDays: 90 });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lambda-logs", { name: "/aws/lambda/processor", retentionInDays: 90 });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
                ["api-logs", "mandatory"],
                ["api-stage", "mandatory"],
            ]);
            expect(r.violations.find(v => v.resource === "api-logs")!.message).toMatch(/created for API api/);
        }
    });

    test("fires on an HTTP API stage without access logs and on unusable settings", async () => {
        const s = new TestStack();
        const http = s.add("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
        s.add("aws:apigatewayv2/stage:Stage", "http-default", { apiId: ref(http, "id"), name: "$default", autoDeploy: true });
        const lg = s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90 });
        s.add("aws:apigatewayv2/stage:Stage", "empty-format", { apiId: ref(http, "id"), accessLogSettings: { destinationArn: ref(lg, "arn"), format: "" } });
        s.add("aws:apigatewayv2/stage:Stage", "bad-arn", { apiId: ref(http, "id"), accessLogSettings: { destinationArn: "my-log-group", format: FORMAT } });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => v.resource).sort()).toEqual(["bad-arn", "empty-format", "http-default"]);
    });

    test("passes when stages log to the stack's group or to a well-formed ARN", async () => {
        const s = new TestStack();
        const api = s.add("aws:apigateway/restApi:RestApi", "api", {});
        const lg = s.add("aws:cloudwatch/logGroup:LogGroup", "api-logs", { name: ref(api, "name", n => `/aws/apigateway/${n}`), retentionInDays: 90 });
        const dep = s.add("aws:apigateway/deployment:Deployment", "dep", { restApi: ref(api, "id") });
        s.add("aws:apigateway/stage:Stage", "prod", {
            restApi: ref(api, "id"),
            deployment: ref(dep, "id"),
            stageName: "prod",
            accessLogSettings: { destinationArn: ref(lg, "arn"), format: FORMAT },
        });
        const http = s.add("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
        s.add("aws:apigatewayv2/stage:Stage", "http-stage", {
            apiId: ref(http, "id"),
            accessLogSettings: { destinationArn: "arn:aws:logs:us-west-2:123456789012:log-group:/shared/api-logs", format: FORMAT },
        });
        // An execution-log group named after the API is not an access-log group.
        s.add("aws:cloudwatch/logGroup:LogGroup", "exec-logs", { name: ref(api, "id", id => `API-Gateway-Execution-Logs_${id}/prod`), retentionInDays: 90 });
        const u = of(await analyze(pack, s, "update"), P);
        expect(u.violations).toEqual([]);
        const p = of(await analyze(pack, s, "preview"), P);
        expect(p.violations).toEqual([]);
        expect(p.deferred.map(d => d.resource)).toEqual(["exec-logs"]);
    });

    test("defers when the destination or settings are unknown", async () => {
        const s = new TestStack();
        const http = s.add("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
        s.add("aws:apigatewayv2/stage:Stage", "st", {
            apiId: ref(http, "id"),
            accessLogSettings: { destinationArn: ref(param(s, "dest"), "insecureValue"), format: FORMAT },
        });
        s.add("aws:cloudwatch/logGroup:LogGroup", "orphan-maybe", { name: "/aws/apigateway/http", retentionInDays: 90 });
        const a = await analyze(pack, s, "preview");
        const r = of(a, P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource).sort()).toEqual(["orphan-maybe", "st"]);
        noInternalErrors(a);
    });

    test("a log group's name as the destination is a violation: API Gateway takes only an ARN (issue 13)", async () => {
        const s = new TestStack();
        const named = s.add("aws:cloudwatch/logGroup:LogGroup", "named", { name: "/aws/apigateway/orders", retentionInDays: 90 });
        const auto = s.add("aws:cloudwatch/logGroup:LogGroup", "auto", { retentionInDays: 90 });
        const { stage } = restApi(s, { accessLogSettings: { destinationArn: ref(named, "name"), format: FORMAT } });
        const http = s.add("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
        s.add("aws:apigatewayv2/stage:Stage", "http-stage", {
            apiId: ref(http, "id"),
            accessLogSettings: { destinationArn: ref(auto, "name"), format: FORMAT },
        });
        s.add("aws:apigatewayv2/stage:Stage", "by-arn", { apiId: ref(http, "id"), accessLogSettings: { destinationArn: ref(auto, "arn"), format: FORMAT } });
        for (const mode of ["preview", "update"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => v.resource).sort()).toEqual([stage.name, "http-stage"].sort());
            expect(r.violations.find(v => v.resource === "http-stage")?.message).toMatch(/name of log group auto, not its ARN/);
            expect(r.deferred).toEqual([]);
        }
    });

    test("malformed settings are violations, not crashes", async () => {
        const s = new TestStack();
        const http = s.add("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
        s.add("aws:apigatewayv2/stage:Stage", "str", { apiId: ref(http, "id"), accessLogSettings: "on" });
        s.add("aws:apigatewayv2/stage:Stage", "num-arn", { apiId: ref(http, "id"), accessLogSettings: { destinationArn: 42, format: FORMAT } });
        s.add("aws:apigatewayv2/stage:Stage", "no-arn", { apiId: ref(http, "id"), accessLogSettings: { format: 7 } });
        s.add("aws:cloudwatch/logGroup:LogGroup", "odd-name", { name: 42 });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(
            of(a, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["no-arn", "num-arn", "str"]);
    });
});

describe("apigateway-account-logging-role", () => {
    const P = "apigateway-account-logging-role";

    test("fires (advisory) when a REST stage logs or method settings turn on execution logs, with no Account role", async () => {
        const s = new TestStack();
        const lg = s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90 });
        const { api } = restApi(s, { accessLogSettings: { destinationArn: ref(lg, "arn"), format: FORMAT } });
        s.add("aws:apigateway/methodSettings:MethodSettings", "all-methods", {
            restApi: ref(api, "id"),
            stageName: "prod",
            methodPath: "*/*",
            settings: { loggingLevel: "INFO", metricsEnabled: true },
        });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
                ["all-methods", "advisory"],
                ["api-stage", "advisory"],
            ]);
            expect(r.violations[0].message).toMatch(/CloudWatch Logs role ARN must be set in account settings/);
        }
    });

    test("passes with an Account role, with config accountRoleManagedElsewhere, and when nothing logs", async () => {
        const s = new TestStack();
        const lg = s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90 });
        restApi(s, { accessLogSettings: { destinationArn: ref(lg, "arn"), format: FORMAT } });
        const role = s.add("aws:iam/role:Role", "apigw-logs", {});
        s.add("aws:apigateway/account:Account", "account", { cloudwatchRoleArn: ref(role, "arn") });
        for (const mode of ["update", "preview"] as const) expect(of(await analyze(pack, s, mode), P).violations).toEqual([]);

        const s2 = new TestStack();
        restApi(s2, { accessLogSettings: { destinationArn: "arn:aws:logs:us-west-2:123456789012:log-group:x", format: FORMAT } });
        expect(of(await analyze(pack, s2, "update", { config: { [P]: { accountRoleManagedElsewhere: true } } }), P).violations).toEqual([]);

        const s3 = new TestStack();
        const { api } = restApi(s3);
        s3.add("aws:apigateway/methodSettings:MethodSettings", "metrics-only", {
            restApi: ref(api, "id"),
            stageName: "prod",
            methodPath: "*/*",
            settings: { loggingLevel: "OFF", metricsEnabled: true },
        });
        expect(of(await analyze(pack, s3, "update"), P).violations).toEqual([]);
    });

    test("an Account in another region does not cover the stage", async () => {
        const s = new TestStack();
        restApi(s, { accessLogSettings: { destinationArn: "arn:aws:logs:us-west-2:123456789012:log-group:x", format: FORMAT } });
        const east = s.provider("east", { region: "us-east-1" });
        s.add("aws:apigateway/account:Account", "account", { cloudwatchRoleArn: "arn:aws:iam::123456789012:role/apigw" }, { provider: east });
        expect(of(await analyze(pack, s, "update"), P).violations.map(v => v.resource)).toEqual(["api-stage"]);
    });

    test("defers when the settings are unknown", async () => {
        const s = new TestStack();
        const { api } = restApi(s, { accessLogSettings: ref(param(s, "settings"), "insecureValue") });
        s.add("aws:apigateway/methodSettings:MethodSettings", "ms", {
            restApi: ref(api, "id"),
            stageName: "prod",
            methodPath: "*/*",
            settings: { loggingLevel: ref(param(s, "level"), "insecureValue") },
        });
        const a = await analyze(pack, s, "preview");
        const r = of(a, P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource).sort()).toEqual(["api-stage", "ms"]);
        noInternalErrors(a);
    });

    test("malformed settings do not crash", async () => {
        const s = new TestStack();
        const { api } = restApi(s);
        s.add("aws:apigateway/methodSettings:MethodSettings", "str", { restApi: ref(api, "id"), stageName: "prod", methodPath: "*/*", settings: "INFO" });
        s.add("aws:apigateway/methodSettings:MethodSettings", "num", {
            restApi: ref(api, "id"),
            stageName: "prod",
            methodPath: "*/*",
            settings: { loggingLevel: 3 },
        });
        s.add("aws:apigateway/methodSettings:MethodSettings", "trace", {
            restApi: ref(api, "id"),
            stageName: "prod",
            methodPath: "*/*",
            settings: { dataTraceEnabled: true },
        });
        s.add("aws:apigateway/account:Account", "account", { cloudwatchRoleArn: 42 });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["trace"]);
    });
});

describe("elb-access-logging", () => {
    const P = "elb-access-logging";

    test("fires on application (default type, lb and alb modules) and network load balancers without logs", async () => {
        const s = new TestStack();
        s.add("aws:lb/loadBalancer:LoadBalancer", "app-lb", { subnets: ["subnet-1", "subnet-2"] });
        s.add("aws:alb/loadBalancer:LoadBalancer", "legacy-alb", {});
        s.add("aws:lb/loadBalancer:LoadBalancer", "nlb", { loadBalancerType: "network" });
        s.add("aws:lb/loadBalancer:LoadBalancer", "disabled", { accessLogs: { bucket: "logs", enabled: false } });
        s.add("aws:lb/loadBalancer:LoadBalancer", "default-off", { accessLogs: { bucket: "logs" } });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["app-lb", "mandatory"],
            ["default-off", "mandatory"],
            ["disabled", "mandatory"],
            ["legacy-alb", "mandatory"],
            ["nlb", "mandatory"],
        ]);
        expect(r.violations.find(v => v.resource === "nlb")!.message).toMatch(/^Network load balancer nlb/);
    });

    test("passes with logs enabled to a bucket; gateway load balancers are skipped", async () => {
        const s = new TestStack();
        const bucket = s.add("aws:s3/bucket:Bucket", "lb-logs", {});
        s.add("aws:lb/loadBalancer:LoadBalancer", "app-lb", { accessLogs: { bucket: ref(bucket, "bucket"), enabled: true, prefix: "alb" } });
        s.add("aws:lb/loadBalancer:LoadBalancer", "gwlb", { loadBalancerType: "gateway" });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });

    test("defers when enabled or the type is unknown", async () => {
        const s = new TestStack();
        s.add("aws:lb/loadBalancer:LoadBalancer", "a", { accessLogs: { bucket: "logs", enabled: ref(param(s, "on"), "insecureValue") } });
        s.add("aws:lb/loadBalancer:LoadBalancer", "b", { loadBalancerType: ref(param(s, "type"), "insecureValue") });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(
            of(a, P)
                .deferred.map(d => d.resource)
                .sort(),
        ).toEqual(["a", "b"]);
        noInternalErrors(a);
    });

    test("malformed accessLogs are violations", async () => {
        const s = new TestStack();
        s.add("aws:lb/loadBalancer:LoadBalancer", "str", { accessLogs: "on" });
        s.add("aws:lb/loadBalancer:LoadBalancer", "no-bucket", { accessLogs: { enabled: true, bucket: "" } });
        s.add("aws:lb/loadBalancer:LoadBalancer", "num-bucket", { accessLogs: { enabled: true, bucket: 5 } });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(
            of(a, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["no-bucket", "num-bucket", "str"]);
    });
});

describe("cloudfront-access-logging", () => {
    const P = "cloudfront-access-logging";
    const dist = (extra: Record<string, unknown>) => ({ enabled: true, origins: [], defaultCacheBehavior: {}, ...extra });

    test("fires (advisory) on a distribution without logging", async () => {
        const s = new TestStack();
        s.add("aws:cloudfront/distribution:Distribution", "cdn", dist({}));
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["cdn", "advisory"]]);
        expect(r.violations[0].message).toMatch(/loggingConfig/);
    });

    test("passes with loggingConfig to a bucket", async () => {
        const s = new TestStack();
        s.add("aws:cloudfront/distribution:Distribution", "cdn", dist({ loggingConfig: { bucket: "logs.s3.amazonaws.com", prefix: "cdn/" } }));
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
    });

    test("defers when the logging bucket is unknown", async () => {
        const s = new TestStack();
        s.add("aws:cloudfront/distribution:Distribution", "cdn", dist({ loggingConfig: { bucket: ref(param(s, "b"), "insecureValue") } }));
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(of(a, P).deferred.map(d => d.resource)).toEqual(["cdn"]);
    });

    test("malformed loggingConfig is a violation", async () => {
        const s = new TestStack();
        s.add("aws:cloudfront/distribution:Distribution", "a", dist({ loggingConfig: "yes" }));
        s.add("aws:cloudfront/distribution:Distribution", "b", dist({ loggingConfig: { prefix: "x" } }));
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(
            of(a, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["a", "b"]);
    });
});

describe("vpc-flow-logs", () => {
    const P = "vpc-flow-logs";

    test("fires on a VPC without a flow log (a subnet flow log does not count)", async () => {
        const s = new TestStack();
        const vpc = s.add("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" });
        const subnet = s.add("aws:ec2/subnet:Subnet", "sn", { vpcId: ref(vpc, "id"), cidrBlock: "10.0.1.0/24" });
        s.add("aws:ec2/flowLog:FlowLog", "subnet-fl", { subnetId: ref(subnet, "id"), trafficType: "ALL", logDestination: "arn:aws:s3:::logs" });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => [v.resource, v.level])).toEqual([["main", "mandatory"]]);
        }
    });

    test("passes with a FlowLog whose vpcId references the VPC", async () => {
        const s = new TestStack();
        const vpc = s.add("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" });
        s.add("aws:ec2/flowLog:FlowLog", "fl", { vpcId: ref(vpc, "id"), trafficType: "ALL", logDestination: "arn:aws:s3:::logs" });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });

    test("defers while a flow log names a VPC not known yet", async () => {
        const s = new TestStack();
        s.add("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" });
        s.add("aws:ec2/flowLog:FlowLog", "fl", { vpcId: ref(param(s, "vpc-id"), "insecureValue"), trafficType: "ALL" });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(of(a, P).deferred.map(d => d.resource)).toEqual(["main"]);
        noInternalErrors(a);
    });

    test("a malformed vpcId names nothing: the VPC still fires", async () => {
        const s = new TestStack();
        s.add("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" });
        s.add("aws:ec2/flowLog:FlowLog", "fl", { vpcId: 42 });
        s.add("aws:ec2/flowLog:FlowLog", "fl2", { vpcId: { id: "x" } });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["main"]);
    });
});

describe("cloudtrail-enabled", () => {
    const P = "cloudtrail-enabled";

    test("fires (advisory) on a trail without multi-region, validation or a key", async () => {
        const s = new TestStack();
        s.add("aws:cloudtrail/trail:Trail", "audit", { s3BucketName: "trail-logs" });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["audit", "advisory"]]);
        expect(r.violations[0].message).toMatch(/isMultiRegionTrail, enableLogFileValidation, kmsKeyId/);
    });

    test("config required: true fires on a stack without a trail; the default does not", async () => {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "b", {});
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
        const r = of(await analyze(pack, s, "update", { config: { [P]: { required: true } } }), P);
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].urn).toBe("");
        expect(r.violations[0].message).toMatch(/no CloudTrail trail/);
    });

    test("passes with a complete trail in both modes", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "trail-key", { enableKeyRotation: true });
        s.add("aws:cloudtrail/trail:Trail", "audit", {
            s3BucketName: "trail-logs",
            isMultiRegionTrail: true,
            enableLogFileValidation: true,
            kmsKeyId: ref(key, "arn"),
        });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode, { config: { [P]: { required: true } } }), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });

    test("defers when a setting is unknown", async () => {
        const s = new TestStack();
        s.add("aws:cloudtrail/trail:Trail", "audit", {
            s3BucketName: "b",
            isMultiRegionTrail: ref(param(s, "mr"), "insecureValue"),
            enableLogFileValidation: true,
            kmsKeyId: ref(param(s, "k"), "insecureValue"),
        });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(of(a, P).deferred.map(d => d.resource)).toEqual(["audit"]);
        noInternalErrors(a);
    });

    test("malformed settings are violations", async () => {
        const s = new TestStack();
        s.add("aws:cloudtrail/trail:Trail", "audit", {
            s3BucketName: "b",
            isMultiRegionTrail: "yes",
            enableLogFileValidation: 1,
            kmsKeyId: { arn: "x" },
            enableLogging: false,
        });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations.map(v => v.resource)).toEqual(["audit"]);
        expect(r.violations[0].message).toMatch(/enableLogging/);
    });
});
