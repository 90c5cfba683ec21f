import { PolicyPack } from "@pulumi/policy";
import { installSdkHooks } from "./lib/graph/sdk-hooks";
import { allPolicies } from "./policies";

installSdkHooks();

new PolicyPack("aws-requirement-gaps", {
    policies: allPolicies,
});
