import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

/**
 * AWS Lambda runtime deprecation dates (the "Deprecation date" column of
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html: security patches and support
 * end; creating functions is blocked some months later). Update when AWS publishes new dates.
 */
export const RUNTIME_DEPRECATION: Record<string, string> = {
    nodejs: "2016-10-31",
    "nodejs4.3": "2020-03-05",
    "nodejs4.3-edge": "2019-04-30",
    "nodejs6.10": "2019-08-12",
    "nodejs8.10": "2020-03-06",
    "nodejs10.x": "2021-07-30",
    "nodejs12.x": "2023-03-31",
    "nodejs14.x": "2023-12-04",
    "nodejs16.x": "2024-06-12",
    "nodejs18.x": "2025-09-01",
    "nodejs20.x": "2026-04-30",
    "nodejs22.x": "2027-04-30",
    "nodejs24.x": "2028-04-30",
    "python2.7": "2021-07-15",
    "python3.6": "2022-07-18",
    "python3.7": "2023-12-04",
    "python3.8": "2024-10-14",
    "python3.9": "2025-12-15",
    "python3.10": "2026-10-31",
    "python3.11": "2027-06-30",
    "python3.12": "2028-10-31",
    "python3.13": "2029-06-30",
    java8: "2024-01-08",
    "java8.al2": "2026-06-30",
    java11: "2026-06-30",
    java17: "2029-06-30",
    java21: "2029-06-30",
    "dotnetcore1.0": "2019-07-30",
    "dotnetcore2.0": "2019-05-30",
    "dotnetcore2.1": "2022-01-05",
    "dotnetcore3.1": "2023-04-03",
    "dotnet5.0": "2022-05-10",
    dotnet6: "2024-12-20",
    dotnet7: "2024-05-14",
    dotnet8: "2026-11-10",
    "ruby2.5": "2021-07-30",
    "ruby2.7": "2023-12-07",
    "ruby3.2": "2026-03-31",
    "ruby3.3": "2027-03-31",
    "ruby3.4": "2028-03-31",
    "go1.x": "2024-01-08",
    provided: "2024-01-08",
    "provided.al2": "2026-06-30",
    "provided.al2023": "2029-06-30",
};

const DAY = 24 * 3600 * 1000;

interface Config {
    warnDays: number;
    evaluationDate: string;
}

/** Suggested replacement: the newest runtime of the same family in the table. */
function successor(runtime: string): string {
    if (runtime.startsWith("go") || runtime === "provided") return "provided.al2023";
    const family = runtime.replace(/[0-9.]+.*$/, "").replace(/core$/, "");
    const candidates = Object.entries(RUNTIME_DEPRECATION)
        .filter(([r]) => r.replace(/[0-9.]+.*$/, "").replace(/core$/, "") === family && r !== "provided")
        .sort((a, b) => b[1].localeCompare(a[1]));
    return candidates[0]?.[0] ?? "nodejs22.x";
}

export default resourcePolicy<Config>(
    {
        name: "lambda-runtime-supported",
        description:
            "A Lambda function's runtime is not deprecated by AWS on the evaluation date (a dated table of AWS's published deprecation dates, kept in code). Deprecated runtimes get no security patches and AWS later blocks creating and updating functions on them. A runtime within `warnDays` of its deprecation date is reported at advisory level so teams can plan the upgrade.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["002#5", "003#3"],
        resourceTypes: ["aws:lambda/function:Function"],
        config: {
            warnDays: {
                type: "integer",
                minimum: 0,
                default: 180,
                description: "Report runtimes this many days before their deprecation date (at advisory level).",
            },
            evaluationDate: {
                type: "string",
                pattern: "^(\\d{4}-\\d{2}-\\d{2})?$",
                default: "",
                description: "The date to evaluate against (YYYY-MM-DD); empty means today.",
            },
        },
        remediation:
            'Move the function to a supported runtime and test it:\n  new aws.lambda.Function("fn", { runtime: aws.lambda.Runtime.NodeJS22dX, handler: "index.handler", role: role.arn, code });',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
        peers: { checkov: ["CKV_AWS_363"], securityHub: ["Lambda.2"], cdkNag: ["AwsSolutions-L1"] },
    },
    (fn, ctx) => {
        const runtime = fn.props.get("runtime");
        if (runtime === UNKNOWN) return ctx.defer(fn, "runtime is not known until deployment");
        if (typeof runtime !== "string" || runtime === "") return; // container images have no runtime
        const deprecated = RUNTIME_DEPRECATION[runtime.toLowerCase()];
        if (!deprecated) return;
        const pinned = ctx.config.evaluationDate ? Date.parse(`${ctx.config.evaluationDate}T00:00:00Z`) : NaN;
        const now = isNaN(pinned) ? ctx.now.getTime() : pinned;
        const at = Date.parse(`${deprecated}T00:00:00Z`);
        const next = successor(runtime.toLowerCase());
        if (now >= at) {
            ctx.report(fn, `Lambda function ${fn.name} uses runtime ${runtime}, deprecated by AWS since ${deprecated}. Fix: runtime: "${next}".`);
        } else if (now >= at - (ctx.config.warnDays ?? 180) * DAY) {
            const days = Math.ceil((at - now) / DAY);
            ctx.advise(
                fn,
                `Lambda function ${fn.name} uses runtime ${runtime}, which AWS deprecates on ${deprecated} (in ${days} days). Fix: runtime: "${next}".`,
            );
        }
    },
);
