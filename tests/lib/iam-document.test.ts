/** Unit tests of the IAM document reader and AWS-style action matching. */
import { UNKNOWN } from "../../lib/graph/values";
import { isOpenToAnyone, readDocument, statementCoversAction, wildcardMatch } from "../../lib/iam/document";

test("wildcard actions match as AWS matches them: * and ?, case-insensitive", () => {
    expect(wildcardMatch("s3:Put*", "s3:PutObject")).toBe(true);
    expect(wildcardMatch("S3:put*", "s3:PutObject")).toBe(true);
    expect(wildcardMatch("s3:Get?bject", "s3:GetObject")).toBe(true);
    expect(wildcardMatch("s3:Put*", "s3:GetObject")).toBe(false);
    expect(wildcardMatch("*", "kms:Decrypt")).toBe(true);
});

test("reads JSON strings, objects, single statements and lists", () => {
    const doc = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: "*", Principal: { AWS: "*" } } };
    for (const d of [doc, JSON.stringify(doc)]) {
        const r = readDocument(d);
        expect(r.status).toBe("ok");
        if (r.status === "ok") {
            expect(r.statements).toHaveLength(1);
            expect(r.statements[0].principals?.wildcard).toBe(true);
            expect(statementCoversAction(r.statements[0], "s3:DeleteBucket")).toBe(true);
        }
    }
});

test("NotAction covers everything it does not name", () => {
    const r = readDocument({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] });
    expect(r.status === "ok" && statementCoversAction(r.statements[0], "s3:GetObject")).toBe(true);
    expect(r.status === "ok" && statementCoversAction(r.statements[0], "iam:CreateUser")).toBe(false);
});

test("malformed documents are reported, never thrown", () => {
    expect(readDocument("{not json").status).toBe("malformed");
    expect(readDocument({ Statement: "x" }).status).toBe("malformed");
    expect(readDocument({ Statement: [{ Effect: "Perhaps" }] }).status).toBe("malformed");
    expect(readDocument(42).status).toBe("malformed");
    expect(readDocument(UNKNOWN).status).toBe("unknown");
    expect(readDocument(undefined).status).toBe("absent");
});

test("a narrowing condition closes a wildcard principal; a negated one does not", () => {
    const open = (cond?: object) => {
        const r = readDocument({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: cond }] });
        return r.status === "ok" && isOpenToAnyone(r.statements[0]);
    };
    expect(open()).toBe(true);
    expect(open({ StringEquals: { "aws:SourceVpce": "vpce-1" } })).toBe(false);
    expect(open({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } })).toBe(true);
    expect(open({ StringEquals: { "aws:PrincipalOrgID": "o-1" } })).toBe(false);
});
