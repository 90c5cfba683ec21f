/**
 * API Gateway access logging: REST (`aws.apigateway.Stage`) and HTTP/WebSocket
 * (`aws.apigatewayv2.Stage`) stages, their `accessLogSettings`, and which log groups they use.
 */
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN, asString, field } from "../graph/values";
import { LOG_GROUP_TYPE, isFirehoseArn, isLogGroupArn } from "./logs";

export const REST_STAGE_TYPE = "aws:apigateway/stage:Stage";
export const V2_STAGE_TYPE = "aws:apigatewayv2/stage:Stage";
export const STAGE_TYPES = [REST_STAGE_TYPE, V2_STAGE_TYPE];
export const REST_API_TYPE = "aws:apigateway/restApi:RestApi";
export const V2_API_TYPE = "aws:apigatewayv2/api:Api";
export const METHOD_SETTINGS_TYPE = "aws:apigateway/methodSettings:MethodSettings";
export const ACCOUNT_TYPE = "aws:apigateway/account:Account";

export type AccessLogReading =
    /** Configured: destination resolves (to `logGroup` when in the stack) and format is set. */
    | { status: "ok"; logGroup?: ResourceView }
    | { status: "absent" }
    | { status: "unknown"; reason: string }
    /** Present but unusable: what is wrong, in words. */
    | { status: "bad"; problem: string };

/** Reads a stage's access log settings and resolves its destination. */
export function readAccessLog(graph: StackGraph, stage: ResourceView): AccessLogReading {
    const settings = stage.props.get("accessLogSettings");
    if (settings === UNKNOWN) return { status: "unknown", reason: "accessLogSettings is not known until deployment" };
    if (settings === undefined) return { status: "absent" };
    const block = Array.isArray(settings) ? settings[0] : settings;
    if (block === UNKNOWN) return { status: "unknown", reason: "accessLogSettings is not known until deployment" };
    if (!block || typeof block !== "object") return { status: "bad", problem: "accessLogSettings is not an object" };

    const format = field(block, "format");
    let formatProblem: string | undefined;
    if (format !== UNKNOWN && (typeof format !== "string" || format.trim() === "")) formatProblem = "an empty access log format";

    const dest = field(block, "destinationArn");
    if (dest === undefined || dest === "") return { status: "bad", problem: "no destinationArn" };
    if (dest !== UNKNOWN && typeof dest !== "string") return { status: "bad", problem: "a destinationArn that is not a string" };
    const res = graph.resolve(stage, Array.isArray(settings) ? "accessLogSettings[0].destinationArn" : "accessLogSettings.destinationArn", [LOG_GROUP_TYPE]);
    let logGroup: ResourceView | undefined;
    if (res.status === "undecided") return { status: "unknown", reason: `the access log destination is not known until deployment (${res.reason})` };
    if (res.status === "found") logGroup = res.targets[0];
    else {
        const value = asString(dest);
        const ok = typeof value === "string" && (isLogGroupArn(value) || (stage.type === REST_STAGE_TYPE && isFirehoseArn(value)));
        if (!ok) return { status: "bad", problem: "a destinationArn that is neither a log group of this stack nor a well-formed log group ARN" };
    }
    if (formatProblem) return { status: "bad", problem: formatProblem };
    if (format === UNKNOWN) return { status: "unknown", reason: "the access log format is not known until deployment" };
    return { status: "ok", logGroup };
}
