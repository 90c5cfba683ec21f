import { TestStack, UNKNOWN_IN_PREVIEW, analyze, jsonDoc, of, ref, secret, usePack } from "../helpers/harness";

const pack = usePack();

const internalErrors = (a: { raw: { message: string }[] }) => a.raw.filter(d => /internal error/.test(d.message));
const trust = (service: string | string[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("iam-policy-least-privilege", () => {
    const P = "iam-policy-least-privilege";

    test("fires on dynamodb:* on * (RolePolicy), Action * (Policy, user policy), and managed *FullAccess / AdministratorAccess attachments", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "app", {
            assumeRolePolicy: trust("lambda.amazonaws.com"),
            managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
        });
        s.add("aws:iam/rolePolicy:RolePolicy", "app-table", {
            role: ref(role, "name"),
            policy: doc([{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }]),
        });
        s.add("aws:iam/policy:Policy", "admin", { policy: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } } });
        const user = s.add("aws:iam/user:User", "ops");
        s.add("aws:iam/userPolicy:UserPolicy", "ops-inline", {
            user: ref(user, "name"),
            policy: doc([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]),
        });
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-s3", {
            role: ref(role, "name"),
            policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        });
        const group = s.add("aws:iam/group:Group", "admins");
        s.add("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "admins-admin", {
            group: ref(group, "name"),
            policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
        });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => `${v.resource} ${v.level}`).sort()).toEqual([
            "admin mandatory",
            "admins-admin mandatory",
            "app mandatory",
            "app-s3 mandatory",
            "app-table mandatory",
            "ops-inline mandatory",
        ]);
        expect(r.violations.find(v => v.resource === "app-table")!.message).toMatch(/"dynamodb:\*" on Resource "\*".*Fix:/);
        expect(r.violations.find(v => v.resource === "app")!.message).toMatch(/PowerUserAccess/);
    });

    test("an AWS managed policy the name rule misses is judged by its document (CloudWatchFullAccessV2)", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "app", { assumeRolePolicy: trust("lambda.amazonaws.com") });
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-cw", {
            role: ref(role, "name"),
            policyArn: "arn:aws:iam::aws:policy/CloudWatchFullAccessV2",
        });
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-read", {
            role: ref(role, "name"),
            policyArn: "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
        });
        const a = await analyze(pack, s, "update");
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["app-cw"]);
        expect(internalErrors(a)).toEqual([]);
    });

    test("passes on scoped statements, Resource-scoped wildcards and narrow managed policies", async () => {
        const s = new TestStack();
        const table = s.add("aws:dynamodb/table:Table", "items", { hashKey: "id", attributes: [{ name: "id", type: "S" }] });
        const role = s.add("aws:iam/role:Role", "app", {
            assumeRolePolicy: trust("lambda.amazonaws.com"),
            inlinePolicies: [
                {
                    name: "table",
                    policy: jsonDoc({
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: ref(table, "arn") }],
                    }),
                },
            ],
        });
        s.add("aws:iam/rolePolicy:RolePolicy", "app-s3", {
            role: ref(role, "name"),
            policy: doc([
                { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::my-bucket/*" },
                { Effect: "Deny", Action: "*", Resource: "*" },
            ]),
        });
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-logs", {
            role: ref(role, "name"),
            policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        });
        const a = await analyze(pack, s, "update");
        expect(of(a, P).violations).toEqual([]);
        expect(internalErrors(a)).toEqual([]);
    });

    test("preview: unknown documents and policy ARNs are deferred, never reported", async () => {
        const s = new TestStack();
        const table = s.add("aws:dynamodb/table:Table", "items", {});
        const role = s.add("aws:iam/role:Role", "app", { assumeRolePolicy: trust("lambda.amazonaws.com") });
        s.add("aws:iam/rolePolicy:RolePolicy", "app-table", {
            role: ref(role, "name"),
            policy: jsonDoc({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: ref(table, "arn") }] }),
        });
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-x", { role: ref(role, "name"), policyArn: UNKNOWN_IN_PREVIEW });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(
            of(a, P)
                .deferred.map(d => d.resource)
                .sort(),
        ).toEqual(["app-table", "app-x"]);
        expect(internalErrors(a)).toEqual([]);
    });

    test("malformed documents are reported clearly, odd shapes never crash", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "app", {
            assumeRolePolicy: trust("lambda.amazonaws.com"),
            inlinePolicies: [42, { name: "x", policy: 7 }],
            managedPolicyArns: "not-a-list",
        });
        s.add("aws:iam/rolePolicy:RolePolicy", "broken", { role: ref(role, "name"), policy: "{not json" });
        s.add("aws:iam/policy:Policy", "odd", { policy: doc([{ Effect: "Allow", Action: { a: 1 }, Resource: "*" }]) });
        s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "no-arn", { role: ref(role, "name"), policyArn: 12 });
        const a = await analyze(pack, s, "update");
        expect(internalErrors(a)).toEqual([]);
        const r = of(a, P);
        expect(r.violations.map(v => v.resource).sort()).toEqual(["app", "broken", "odd"]);
        expect(r.violations.find(v => v.resource === "broken")!.message).toMatch(/not valid JSON/);
    });

    test("a secret document is read but its text never echoed", async () => {
        const s = new TestStack();
        s.add("aws:iam/policy:Policy", "p", { policy: secret(doc([{ Sid: "TopSecretSid", Effect: "Allow", Action: "*", Resource: "*" }])) });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).not.toMatch(/TopSecretSid/);
    });
});

describe("iam-role-trust-matches-use", () => {
    const P = "iam-role-trust-matches-use";

    test("fires on a role trusting only EC2 used by a Lambda (report 004#5), EC2 profile roles, RDS monitoring roles and open trust", async () => {
        const s = new TestStack();
        const r1 = s.add("aws:iam/role:Role", "app-role", { assumeRolePolicy: trust("ec2.amazonaws.com") });
        s.add("aws:lambda/function:Function", "fn", { runtime: "nodejs22.x", handler: "index.handler", role: ref(r1, "arn") });
        const r2 = s.add("aws:iam/role:Role", "ec2-role", { assumeRolePolicy: trust("lambda.amazonaws.com") });
        s.add("aws:iam/instanceProfile:InstanceProfile", "profile", { role: ref(r2, "name") });
        const r3 = s.add("aws:iam/role:Role", "mon-role", { assumeRolePolicy: trust("rds.amazonaws.com") });
        s.add("aws:rds/instance:Instance", "db", {
            engine: "postgres",
            instanceClass: "db.t3.micro",
            monitoringInterval: 60,
            monitoringRoleArn: ref(r3, "arn"),
        });
        s.add("aws:iam/role:Role", "open", { assumeRolePolicy: doc([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]) });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => `${v.resource} ${v.level}`).sort()).toEqual([
            "app-role mandatory",
            "ec2-role mandatory",
            "mon-role mandatory",
            "open mandatory",
        ]);
        expect(r.violations.find(v => v.resource === "app-role")!.message).toMatch(/lambda\.amazonaws\.com.*Lambda function fn/);
    });

    test("Lambda@Edge needs edgelambda.amazonaws.com too", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "edge-role", { assumeRolePolicy: trust("lambda.amazonaws.com") });
        const fn = s.add("aws:lambda/function:Function", "edge", { runtime: "nodejs22.x", handler: "index.handler", role: ref(role, "arn"), publish: true });
        s.add("aws:cloudfront/distribution:Distribution", "cdn", {
            enabled: true,
            defaultCacheBehavior: { lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn: ref(fn, "qualifiedArn") }] },
        });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => v.resource)).toEqual(["edge-role"]);
            expect(r.violations[0].message).toMatch(/edgelambda/);
        }
    });

    test("passes when every role trusts what uses it (object, string and getPolicyDocument-style JSON)", async () => {
        const s = new TestStack();
        const r1 = s.add("aws:iam/role:Role", "fn-role", {
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
            },
        });
        s.add("aws:lambda/function:Function", "fn", { runtime: "nodejs22.x", handler: "index.handler", role: ref(r1, "arn") });
        const r2 = s.add("aws:iam/role:Role", "ec2-role", {
            assumeRolePolicy: JSON.stringify(
                { Version: "2012-10-17", Statement: [{ Sid: "", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] }] },
                null,
                2,
            ),
        });
        s.add("aws:iam/instanceProfile:InstanceProfile", "profile", { role: ref(r2, "name") });
        s.add("aws:iam/role:Role", "cross", {
            assumeRolePolicy: doc([
                { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } },
            ]),
        });
        const a = await analyze(pack, s, "update");
        expect(of(a, P).violations).toEqual([]);
        expect(internalErrors(a)).toEqual([]);
    });

    test("preview: an unknown trust policy or role reference is deferred", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "fn-role", { assumeRolePolicy: UNKNOWN_IN_PREVIEW });
        s.add("aws:lambda/function:Function", "fn", { runtime: "nodejs22.x", handler: "index.handler", role: ref(role, "arn") });
        s.add("aws:lambda/function:Function", "fn2", { runtime: "nodejs22.x", handler: "index.handler", role: UNKNOWN_IN_PREVIEW });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(
            of(a, P)
                .deferred.map(d => d.resource)
                .sort(),
        ).toEqual(["fn-role", "fn2"]);
        expect(internalErrors(a)).toEqual([]);
    });

    test("malformed trust policies are reported, never crash", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "bad", { assumeRolePolicy: "{oops" });
        s.add("aws:lambda/function:Function", "fn", { runtime: "nodejs22.x", handler: "index.handler", role: ref(role, "arn") });
        s.add("aws:iam/role:Role", "odd", { assumeRolePolicy: doc([{ Effect: "Allow", Principal: 5, Action: "sts:AssumeRole" }]) });
        s.add("aws:iam/instanceProfile:InstanceProfile", "p", { role: 42 });
        const a = await analyze(pack, s, "update");
        expect(internalErrors(a)).toEqual([]);
        expect(
            of(a, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["bad", "odd"]);
    });
});
