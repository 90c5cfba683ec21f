/** SARIF 2.1.0 output: rules from the policies' metadata, results located in the program. */
import * as path from "path";
import { ScanResult } from "./scan";

const LEVEL = { mandatory: "error", advisory: "warning" } as const;

export function toSarif(r: ScanResult): string {
    // The rules are the pack's policies as it describes them over the protocol (GetAnalyzerInfo).
    const rules = r.policies.map(p => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description.split(". ")[0].replace(/\.$/, "") + "." },
        fullDescription: { text: p.description },
        ...(p.url ? { helpUri: p.url } : {}),
        help: { text: p.remediationSteps ?? "" },
        defaultConfiguration: { level: p.enforcementLevel === "mandatory" ? "error" : "warning" },
        properties: { severity: p.severity, tags: (p.tags ?? []).filter(t => t.startsWith("section-")) },
    }));
    const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
    const location = (urn: string) => {
        const loc = r.program.locations[urn];
        const file = loc?.file ?? "index.ts";
        const physical: Record<string, unknown> = { artifactLocation: { uri: file.split(path.sep).join("/"), uriBaseId: "PROGRAM" } };
        if (loc) physical.region = { startLine: loc.line };
        return [{ physicalLocation: physical, logicalLocations: urn ? [{ name: urn.split("::").pop(), fullyQualifiedName: urn, kind: "resource" }] : [] }];
    };
    const results = [
        ...r.violations.map(v => ({
            ruleId: v.policy,
            ...(ruleIndex.has(v.policy) ? { ruleIndex: ruleIndex.get(v.policy) } : {}),
            level: LEVEL[v.level],
            message: { text: v.message },
            locations: location(v.urn),
        })),
        ...r.waived.map(w => ({
            ruleId: w.policy,
            ...(ruleIndex.has(w.policy) ? { ruleIndex: ruleIndex.get(w.policy) } : {}),
            level: "note",
            message: { text: w.message },
            locations: location(w.urn),
            suppressions: [{ kind: "external", justification: w.message }],
        })),
    ];
    const sarif = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "aws-requirement-gaps",
                        informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
                        version: packVersion(),
                        rules,
                    },
                },
                // What the scan could not see (remote components) and other warnings, as tool notifications.
                invocations: [
                    {
                        executionSuccessful: true,
                        toolExecutionNotifications: [
                            ...(r.program.incomplete ?? []).map(i => ({ level: "warning", message: { text: `${i.urn}: ${i.reason}` } })),
                            ...r.program.warnings.map(w => ({ level: "warning", message: { text: w } })),
                        ],
                    },
                ],
                originalUriBaseIds: { PROGRAM: { uri: "file://" + r.programDir.split(path.sep).join("/") + "/" } },
                results,
            },
        ],
    };
    return JSON.stringify(sarif, null, 2);
}

function packVersion(): string {
    return require(path.join(__dirname, "..", "..", "package.json")).version;
}
