import { TestStack, UNKNOWN_IN_PREVIEW, analyze, jsonDoc, of, ref, secret, usePack } from "../helpers/harness";

const pack = usePack();

const noInternalErrors = (a: { raw: { message: string }[] }) => expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);
const trust = (service: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });

describe("rds-master-password-managed", () => {
    const P = "rds-master-password-managed";
    const PASSWORD = "TempPassword123!";
    test("fires on a literal and on a secret password, and no diagnostic ever contains the value", async () => {
        for (const pw of [PASSWORD, secret(PASSWORD)]) {
            const s = new TestStack();
            s.add("aws:rds/instance:Instance", "db", { engine: "mysql", instanceClass: "db.t3.micro", username: "admin", password: pw });
            s.add("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-mysql", masterUsername: "admin", masterPassword: pw });
            for (const mode of ["update", "preview"] as const) {
                const a = await analyze(pack, s, mode);
                const r = of(a, P);
                expect(r.violations.map(v => [v.resource, v.level])).toEqual([
                    ["aurora", "mandatory"],
                    ["db", "mandatory"],
                ]);
                expect(r.violations[0].message).toMatch(/manageMasterUserPassword: true/);
                for (const d of a.raw) expect(d.message).not.toContain(PASSWORD);
                expect(JSON.stringify(a.raw)).not.toContain(PASSWORD);
            }
        }
    });
    test("passes with manageMasterUserPassword", async () => {
        const s = new TestStack();
        s.add("aws:rds/instance:Instance", "db", { engine: "mysql", username: "admin", manageMasterUserPassword: true });
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
    });
    test("a generated password (random.RandomPassword) or any value not known yet is still a program password, in both modes", async () => {
        const s = new TestStack();
        const generated = s.add("random:index/randomPassword:RandomPassword", "db-password", { length: 24 }, { outputs: { result: secret(PASSWORD) } });
        s.add("aws:rds/instance:Instance", "db", { engine: "mysql", username: "admin", password: ref(generated, "result") });
        s.add("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-mysql", masterUsername: "admin", masterPasswordWo: UNKNOWN_IN_PREVIEW });
        for (const mode of ["preview", "update"] as const) {
            const a = await analyze(pack, s, mode);
            const r = of(a, P);
            expect(r.violations.map(v => v.resource).sort()).toEqual(["aurora", "db"]);
            expect(r.deferred).toEqual([]);
            expect(r.violations.find(v => v.resource === "db")?.message).toMatch(/\(password\).*manageMasterUserPassword: true/);
            expect(JSON.stringify(a.raw)).not.toContain(PASSWORD);
        }
    });
    test("an empty password is no password", async () => {
        const s = new TestStack();
        s.add("aws:rds/instance:Instance", "db", { engine: "mysql", username: "admin", password: "", manageMasterUserPassword: true });
        for (const mode of ["preview", "update"] as const) expect(of(await analyze(pack, s, mode), P).violations).toEqual([]);
    });
    test("malformed password values are still a finding, never a crash or an echo", async () => {
        const s = new TestStack();
        s.add("aws:rds/instance:Instance", "db", { password: { nested: "Sup3rSecretValue" } });
        s.add("aws:rds/cluster:Cluster", "c", { masterPasswordWo: 12345678 });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["c", "db"]);
        expect(JSON.stringify(a.raw)).not.toContain("Sup3rSecretValue");
        expect(JSON.stringify(a.raw)).not.toContain("12345678");
    });
});

describe("rds-enhanced-monitoring", () => {
    const P = "rds-enhanced-monitoring";
    test("fires on an interval without a role (report 001#7), on no interval, and on a role that trusts the wrong service", async () => {
        const s = new TestStack();
        const wrong = s.add("aws:iam/role:Role", "wrong-role", { assumeRolePolicy: trust("ec2.amazonaws.com") });
        s.add("aws:rds/instance:Instance", "no-role", { monitoringInterval: 60 });
        s.add("aws:rds/instance:Instance", "no-interval", {});
        s.add("aws:rds/clusterInstance:ClusterInstance", "wrong-trust", {
            clusterIdentifier: "c",
            monitoringInterval: 30,
            monitoringRoleArn: ref(wrong, "arn"),
        });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => [v.resource, v.level])).toEqual([
                ["wrong-trust", "advisory"],
                ["no-interval", "advisory"],
                ["no-role", "advisory"],
            ]);
        }
    });
    test("passes with a role trusting monitoring.rds.amazonaws.com (JSON string or object), or an external role ARN", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "mon", { assumeRolePolicy: trust("monitoring.rds.amazonaws.com") });
        const role2 = s.add("aws:iam/role:Role", "mon2", { assumeRolePolicy: JSON.parse(trust("monitoring.rds.amazonaws.com")) });
        s.add("aws:rds/instance:Instance", "db", { monitoringInterval: 60, monitoringRoleArn: ref(role, "arn") });
        s.add("aws:rds/instance:Instance", "db2", { monitoringInterval: 60, monitoringRoleArn: ref(role2, "arn") });
        s.add("aws:rds/instance:Instance", "db3", { monitoringInterval: 60, monitoringRoleArn: "arn:aws:iam::123456789012:role/rds-monitoring" });
        s.add("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-postgresql" });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });
    test("defers when the interval or the trust policy is unknown", async () => {
        const s = new TestStack();
        const other = s.add("aws:iam/role:Role", "x", { assumeRolePolicy: trust("lambda.amazonaws.com") });
        const role = s.add("aws:iam/role:Role", "mon", {
            assumeRolePolicy: jsonDoc({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "monitoring.rds.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceArn": ref(other, "arn") } },
                    },
                ],
            }),
        });
        s.add("aws:rds/instance:Instance", "db", { monitoringInterval: 60, monitoringRoleArn: ref(role, "arn") });
        s.add("aws:rds/instance:Instance", "db2", { monitoringInterval: UNKNOWN_IN_PREVIEW });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource).sort()).toEqual(["db", "db2"]);
        expect(of(await analyze(pack, s, "update"), P).violations.map(v => v.resource)).toEqual(["db2"]);
    });
    test("malformed trust policy and role ARN are findings, not crashes", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "mon", { assumeRolePolicy: "{ not json" });
        s.add("aws:rds/instance:Instance", "db", { monitoringInterval: "60", monitoringRoleArn: ref(role, "arn") });
        s.add("aws:rds/instance:Instance", "db2", { monitoringInterval: 60, monitoringRoleArn: "not-an-arn" });
        s.add("aws:rds/instance:Instance", "db3", { monitoringInterval: { a: 1 } });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations.map(v => v.resource)).toEqual(["db", "db2", "db3"]);
        expect(r.violations[0].message).toMatch(/unreadable trust policy/);
    });
});

describe("rds-storage-encrypted", () => {
    const P = "rds-storage-encrypted";
    test("fires on unencrypted instances and clusters, Aurora Serverless v2 included", async () => {
        const s = new TestStack();
        s.add("aws:rds/instance:Instance", "db", { engine: "postgres" });
        s.add("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-postgresql", storageEncrypted: false });
        s.add("aws:rds/cluster:Cluster", "sv2", {
            engine: "aurora-postgresql",
            engineMode: "provisioned",
            serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 2 },
        });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([
            ["aurora", "mandatory"],
            ["sv2", "mandatory"],
            ["db", "mandatory"],
        ]);
    });
    test("passes when encrypted, for a serverless v1 default, and for a replica", async () => {
        const s = new TestStack();
        const src = s.add("aws:rds/instance:Instance", "db", { engine: "postgres", storageEncrypted: true });
        s.add("aws:rds/instance:Instance", "replica", { replicateSourceDb: ref(src, "arn") });
        s.add("aws:rds/cluster:Cluster", "v1", { engine: "aurora-mysql", engineMode: "serverless" });
        s.add("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-mysql", storageEncrypted: true });
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
    });
    test("defers on unknown storageEncrypted", async () => {
        const s = new TestStack();
        s.add("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-mysql", storageEncrypted: UNKNOWN_IN_PREVIEW });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["aurora"]);
    });
    test("a malformed value is a finding", async () => {
        const s = new TestStack();
        s.add("aws:rds/instance:Instance", "db", { storageEncrypted: { yes: true } });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["db"]);
        expect(of(a, P).violations[0].message).toMatch(/not a boolean/);
    });
});

describe("secrets-rotation-wired", () => {
    const P = "secrets-rotation-wired";
    const base = (perm: boolean) => {
        const s = new TestStack();
        const secretR = s.add("aws:secretsmanager/secret:Secret", "db-secret", {});
        const fn = s.add("aws:lambda/function:Function", "rotator", { runtime: "python3.12", handler: "index.handler" });
        if (perm)
            s.add("aws:lambda/permission:Permission", "rotator-perm", {
                action: "lambda:InvokeFunction",
                function: ref(fn, "name"),
                principal: "secretsmanager.amazonaws.com",
            });
        return { s, secretR, fn };
    };
    test("fires on a hand-built ARN naming no function of the stack (report 001#4)", async () => {
        const { s, secretR } = base(true);
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "rotation", {
            secretId: ref(secretR, "id"),
            rotationLambdaArn: "arn:aws:lambda:us-west-2:123456789012:function:SecretsManagerRotation",
        });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => [v.resource, v.level])).toEqual([["rotation", "mandatory"]]);
            expect(r.violations[0].message).toMatch(/hand-built ARN/);
        }
    });
    test("fires when the function has no permission for secretsmanager.amazonaws.com", async () => {
        const { s, secretR, fn } = base(false);
        s.add("aws:lambda/permission:Permission", "other-perm", { action: "lambda:InvokeFunction", function: ref(fn, "name"), principal: "s3.amazonaws.com" });
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "rotation", { secretId: ref(secretR, "id"), rotationLambdaArn: ref(fn, "arn") });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => v.resource)).toEqual(["rotation"]);
            expect(r.violations[0].message).toMatch(/no lambda.Permission/);
        }
    });
    test("passes when wired by reference, by a matching hand-built ARN, or to an external function", async () => {
        const { s, secretR, fn } = base(true);
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "rotation", { secretId: ref(secretR, "id"), rotationLambdaArn: ref(fn, "arn") });
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "by-name", {
            secretId: ref(secretR, "id"),
            rotationLambdaArn: ref(fn, "name", n => `arn:aws:lambda:us-west-2:123456789012:function:${n}`),
        });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
        const ext = new TestStack();
        ext.add("aws:secretsmanager/secretRotation:SecretRotation", "rotation", {
            secretId: "x",
            rotationLambdaArn: "arn:aws:lambda:us-west-2:123456789012:function:shared-rotator",
        });
        expect(of(await analyze(pack, ext, "update"), P).violations).toEqual([]);
    });
    test("defers when the rotation ARN or the permission principal is unknown", async () => {
        const { s, secretR, fn } = base(false);
        s.add("aws:lambda/permission:Permission", "perm", { action: "lambda:InvokeFunction", function: ref(fn, "name"), principal: UNKNOWN_IN_PREVIEW });
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "rotation", { secretId: ref(secretR, "id"), rotationLambdaArn: ref(fn, "arn") });
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "unknown-arn", { secretId: ref(secretR, "id"), rotationLambdaArn: UNKNOWN_IN_PREVIEW });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource).sort()).toEqual(["rotation", "unknown-arn"]);
    });
    test("malformed ARNs are findings, not crashes", async () => {
        const { s } = base(true);
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "bad", { secretId: "x", rotationLambdaArn: "rotator" + "!" });
        s.add("aws:secretsmanager/secretRotation:SecretRotation", "bad2", { secretId: "x", rotationLambdaArn: 42 });
        s.add("aws:lambda/permission:Permission", "odd-perm", { function: { x: 1 }, principal: ["secretsmanager.amazonaws.com"] });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["bad", "bad2"]);
    });
});

describe("dynamodb-table-protection", () => {
    const P = "dynamodb-table-protection";
    test("fires without PITR (report 002#14) and with encryption switched off", async () => {
        const s = new TestStack();
        s.add("aws:dynamodb/table:Table", "docs", { hashKey: "id", attributes: [{ name: "id", type: "S" }] });
        s.add("aws:dynamodb/table:Table", "nokms", { pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: false } });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([
            ["docs", "advisory"],
            ["nokms", "advisory"],
        ]);
        expect(r.violations[0].message).toMatch(/pointInTimeRecovery: \{ enabled: true \}/);
    });
    test("passes with PITR on", async () => {
        const s = new TestStack();
        s.add("aws:dynamodb/table:Table", "docs", { pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true } });
        s.add("aws:dynamodb/table:Table", "docs2", { pointInTimeRecovery: { enabled: true } });
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
    });
    test("defers when PITR is unknown", async () => {
        const s = new TestStack();
        s.add("aws:dynamodb/table:Table", "docs", { pointInTimeRecovery: { enabled: UNKNOWN_IN_PREVIEW } });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["docs"]);
    });
    test("malformed blocks are findings", async () => {
        const s = new TestStack();
        s.add("aws:dynamodb/table:Table", "docs", { pointInTimeRecovery: "on", serverSideEncryption: [1, 2] });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["docs"]);
    });
});
