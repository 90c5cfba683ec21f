import { PackPolicy } from "../../lib/policy";
import apigatewayAccountLoggingRole from "./apigateway-account-logging-role";
import apigatewayStageAccessLogging from "./apigateway-stage-access-logging";
import cloudfrontAccessLogging from "./cloudfront-access-logging";
import cloudtrailEnabled from "./cloudtrail-enabled";
import cloudwatchLogGroupRetention from "./cloudwatch-log-group-retention";
import elbAccessLogging from "./elb-access-logging";
import vpcFlowLogs from "./vpc-flow-logs";

export const loggingPolicies: PackPolicy[] = [
    cloudwatchLogGroupRetention, apigatewayStageAccessLogging, apigatewayAccountLoggingRole, elbAccessLogging, cloudfrontAccessLogging, vpcFlowLogs, cloudtrailEnabled,
];
