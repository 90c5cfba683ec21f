import { PackPolicy } from "../../lib/policy";
import lambdaAsyncFailureDestination from "./lambda-async-failure-destination";
import lambdaFunctionUrlAuth from "./lambda-function-url-auth";
import lambdaLoggingPermissions from "./lambda-logging-permissions";
import lambdaProvisionedConcurrencyTarget from "./lambda-provisioned-concurrency-target";
import lambdaRecursiveTrigger from "./lambda-recursive-trigger";
import lambdaRuntimeSupported from "./lambda-runtime-supported";
import lambdaVpcPermissions from "./lambda-vpc-permissions";

export const computePolicies: PackPolicy[] = [
    lambdaLoggingPermissions,
    lambdaVpcPermissions,
    lambdaFunctionUrlAuth,
    lambdaRuntimeSupported,
    lambdaAsyncFailureDestination,
    lambdaRecursiveTrigger,
    lambdaProvisionedConcurrencyTarget,
];
