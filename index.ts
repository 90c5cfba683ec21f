import * as path from "path";
import { PolicyPack } from "@pulumi/policy";
import { installSdkHooks } from "./lib/graph/sdk-hooks";
import { serveInOnePass } from "./lib/graph/stack-call";
import { allPolicies } from "./policies";

const NAME = "aws-requirement-gaps";

installSdkHooks();

// The same name, version and policies the SDK serves (it reads the version from the pack's package.json).
serveInOnePass({ name: NAME, version: String(require(path.join(process.cwd(), "package.json")).version), enforcementLevel: "advisory", policies: allPolicies });

new PolicyPack(NAME, {
    policies: allPolicies,
});
