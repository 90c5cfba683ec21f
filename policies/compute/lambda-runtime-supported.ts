import { types } from "../../lib/aws/types";
import { runtime } from "../../lib/facts/lambda";
import { resourcePolicy } from "../../lib/policy";

const DAY = 24 * 3600 * 1000;

interface Config {
    warnDays: number;
    evaluationDate: string;
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
        resourceTypes: [types.lambda.Function],
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
        const pinned = ctx.config.evaluationDate ? Date.parse(`${ctx.config.evaluationDate}T00:00:00Z`) : NaN;
        const now = isNaN(pinned) ? ctx.now.getTime() : pinned;
        ctx.decide(fn, runtime(fn), rt => {
            if (!rt?.deprecatedAt) return undefined;
            const { date, time } = rt.deprecatedAt;
            if (now >= time) return `Lambda function ${fn.name} uses runtime ${rt.name}, deprecated by AWS since ${date}. Fix: runtime: "${rt.successor}".`;
            if (now >= time - (ctx.config.warnDays ?? 180) * DAY) {
                const days = Math.ceil((time - now) / DAY);
                ctx.advise(
                    fn,
                    `Lambda function ${fn.name} uses runtime ${rt.name}, which AWS deprecates on ${date} (in ${days} days). Fix: runtime: "${rt.successor}".`,
                );
            }
            return undefined;
        });
    },
);
