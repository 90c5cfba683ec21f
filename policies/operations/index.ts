import { PackPolicy } from "../../lib/policy";
import cloudwatchMetricDimensions from "./cloudwatch-metric-dimensions";
import ecrRepositoryScanning from "./ecr-repository-scanning";
import noDeprecatedResourceTypes from "./no-deprecated-resource-types";
import requiredTags from "./required-tags";
import uniquePhysicalNames from "./unique-physical-names";

export const operationsPolicies: PackPolicy[] = [ecrRepositoryScanning, cloudwatchMetricDimensions, noDeprecatedResourceTypes, requiredTags, uniquePhysicalNames];
