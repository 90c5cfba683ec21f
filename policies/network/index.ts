import { PackPolicy } from "../../lib/policy";
import awsRegionAllowed from "./aws-region-allowed";
import lambdaEdgeUsEast1 from "./lambda-edge-us-east-1";
import lambdaVpcEgress from "./lambda-vpc-egress";
import lbInternetFacingPublicSubnets from "./lb-internet-facing-public-subnets";
import lbSubnetAzSpread from "./lb-subnet-az-spread";
import noDefaultVpc from "./no-default-vpc";
import publicSubnetRouting from "./public-subnet-routing";
import rdsSubnetGroupAzSpread from "./rds-subnet-group-az-spread";
import subnetAzSpread from "./subnet-az-spread";
import vpcEndpointPolicyScope from "./vpc-endpoint-policy-scope";

export const networkPolicies: PackPolicy[] = [
    subnetAzSpread, lbSubnetAzSpread, lbInternetFacingPublicSubnets, publicSubnetRouting, rdsSubnetGroupAzSpread,
    lambdaVpcEgress, vpcEndpointPolicyScope, awsRegionAllowed, lambdaEdgeUsEast1, noDefaultVpc,
];
