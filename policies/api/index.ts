import { PackPolicy } from "../../lib/policy";
import apigatewayAuthorizerConfig from "./apigateway-authorizer-config";
import apigatewayDeploymentStage from "./apigateway-deployment-stage";
import apigatewayMethodAuthorization from "./apigateway-method-authorization";
import apigatewayRequiredApiType from "./apigateway-required-api-type";

export const apiPolicies: PackPolicy[] = [apigatewayDeploymentStage, apigatewayMethodAuthorization, apigatewayAuthorizerConfig, apigatewayRequiredApiType];
