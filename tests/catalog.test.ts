/**
 * The pack matches the specification: ../shared/policy-catalog.md names every policy, its kind
 * (R resource, S stack) and default level (M mandatory, A advisory).
 */
import * as fs from "fs";
import * as path from "path";
import { CATALOG_ORDER, allPolicies, catalogPolicies } from "../policies";

const CATALOG = path.resolve(__dirname, "..", "..", "shared", "policy-catalog.md");

function readCatalog(): Map<string, { kind: string; level: string }> {
    const rows = new Map<string, { kind: string; level: string }>();
    for (const line of fs.readFileSync(CATALOG, "utf8").split("\n")) {
        const m = /^\|\s*`([a-z0-9-]+)`\s*\|\s*([RS])\s*\|\s*([MA])\s*\|/.exec(line);
        if (m) rows.set(m[1], { kind: m[2], level: m[3] });
    }
    return rows;
}

const catalog = fs.existsSync(CATALOG) ? readCatalog() : undefined;

/**
 * Section D rows not built yet (issue 13). The list must only shrink: a built policy must leave
 * it, and every name here must still be a catalog row.
 */
const NOT_YET_BUILT: string[] = [
    "security-group-descriptions",
    "vpc-default-security-group-closed",
    "vpc-nacl-public-ingress",
    "ebs-volume-encryption",
    "ebs-volume-attached",
    "ec2-instance-no-public-ip",
    "ec2-instance-detailed-monitoring",
    "ec2-imdsv2-required",
    "lb-listener-https",
    "lb-listener-tls-policy",
    "lb-drop-invalid-headers",
    "lb-cross-zone-load-balancing",
    "lb-target-health-checks",
    "cloudfront-viewer-tls",
    "cloudfront-viewer-protocol-policy",
    "cloudfront-origin-tls",
    "cloudfront-s3-origin-access-control",
    "cloudfront-geo-restriction",
    "waf-web-acl-attached",
    "apigateway-domain-tls-policy",
    "apigateway-stage-cache",
    "apigateway-stage-execution-logging",
    "apigateway-request-validation",
    "lambda-permission-source-scope",
    "lambda-function-url-cors",
    "xray-tracing-enabled",
    "rds-instance-not-public",
    "rds-backup-retention",
    "rds-multi-az",
    "rds-iam-authentication",
    "rds-log-exports",
    "rds-performance-insights",
    "rds-aurora-backtrack",
    "s3-bucket-acl-not-public",
    "s3-bucket-replication",
    "sqs-queue-policy-scope",
    "sns-topic-policy-scope",
    "ecr-repository-policy-scope",
    "ecr-repository-encryption",
    "deletion-protection",
    "no-management-conflicts",
    "redshift-cluster-audit-logging",
];
const maybe = catalog ? describe : describe.skip;

maybe("policy catalog conformance", () => {
    test("CATALOG_ORDER is the catalog's list", () => {
        expect(CATALOG_ORDER).toEqual([...catalog!.keys()]);
    });

    test("the pack serves every catalog policy built so far, in catalog order", () => {
        expect(catalogPolicies.map(p => p.metadata.name)).toEqual(CATALOG_ORDER.filter(n => !NOT_YET_BUILT.includes(n)));
    });

    test("every name still waiting to be built is a catalog row and is not built", () => {
        const have = new Set(catalogPolicies.map(p => p.metadata.name));
        for (const n of NOT_YET_BUILT) expect({ n, row: catalog!.has(n), built: have.has(n) }).toEqual({ n, row: true, built: false });
    });

    test.each(catalogPolicies.map(p => [p.metadata.name, p] as const))("%s: name, kind and level as the catalog says", (name, p) => {
        const row = catalog!.get(name);
        expect(row).toBeDefined();
        expect(p.kind).toBe(row!.kind === "R" ? "resource" : "stack");
        expect(p.metadata.enforcementLevel).toBe(row!.level === "M" ? "mandatory" : "advisory");
    });

    test("every catalog policy is implemented (but those listed as not built yet)", () => {
        const have = new Set(catalogPolicies.map(p => p.metadata.name));
        expect(CATALOG_ORDER.filter(n => !have.has(n) && !NOT_YET_BUILT.includes(n))).toEqual([]);
    });
});

test("policy names are unique and metadata is complete", () => {
    const names = allPolicies.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of catalogPolicies) {
        expect(p.metadata.description.length).toBeGreaterThan(40);
        expect(p.metadata.remediation).toMatch(/new aws\.|aws\.|pulumi/);
        expect(p.metadata.url).toMatch(/^https:\/\//);
        expect(["low", "medium", "high", "critical"]).toContain(p.metadata.severity);
    }
});

test("every policy's config schema is valid JSON Schema (strict) and every property has a default", () => {
    const Ajv = require("ajv").default;
    for (const p of allPolicies) {
        const properties = (p as any).configSchema?.properties ?? {};
        const ajv = new Ajv({ strict: true, strictTypes: false, useDefaults: true });
        expect(() => ajv.compile({ type: "object", properties })).not.toThrow();
        for (const [field, schema] of Object.entries<any>(properties)) {
            expect({ policy: p.name, field, hasDefault: "default" in schema || schema.type === "string" }).toEqual({ policy: p.name, field, hasDefault: true });
        }
        // Defaults fill in: an empty config validates and yields every default.
        const cfg: Record<string, unknown> = {};
        expect(ajv.validate({ type: "object", properties }, cfg)).toBe(true);
    }
});
