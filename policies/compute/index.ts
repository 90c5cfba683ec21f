import { PackPolicy } from "../../lib/policy";
import lambdaFunctionUrlAuth from "./lambda-function-url-auth";

export const computePolicies: PackPolicy[] = [lambdaFunctionUrlAuth];
