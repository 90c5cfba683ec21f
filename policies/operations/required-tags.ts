import { missingTags, taggableResources } from "../../lib/facts/tags";
import { classOf } from "../../lib/facts/types";
import { stackPolicy } from "../../lib/policy";

interface Config {
    tags: string[];
}

export default stackPolicy<Config>(
    {
        name: "required-tags",
        description:
            "Every taggable AWS resource carries the tag keys in config `tags` (default Project, Environment, ManagedBy), counting the tags its provider adds through `defaultTags`. Which resource types are taggable is derived at build time from @pulumi/aws's own type definitions (resources whose arguments take `tags`). Without the tags, cost allocation, ownership and clean-up by environment break (reports 003#9, 001#9). Tags that are not known until deployment defer.",
        severity: "low",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["003#9", "001#9"],
        config: {
            tags: {
                type: "array",
                items: { type: "string" },
                default: ["Project", "Environment", "ManagedBy"],
                description: "Tag keys every taggable resource must carry.",
            },
        },
        remediation:
            'Tag everything once, through the provider (or the stack config aws:defaultTags):\n  const provider = new aws.Provider("aws", { region: "us-west-2", defaultTags: { tags: { Project: "orders", Environment: pulumi.getStack(), ManagedBy: "Pulumi" } } });\n  new aws.s3.Bucket("data", {}, { provider });\nor in Pulumi.<stack>.yaml: config: { aws:defaultTags: { tags: { Project: orders, Environment: dev, ManagedBy: Pulumi } } }.',
        url: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html",
        peers: {},
    },
    (graph, ctx) => {
        const required = (Array.isArray(ctx.config.tags) ? ctx.config.tags : []).filter(t => typeof t === "string" && t);
        if (!required.length) return;
        for (const r of taggableResources(graph)) {
            ctx.decide(r, missingTags(r, required), found => {
                if (!found?.missing.length) return undefined;
                const { missing } = found;
                const example = missing.map(k => `${k}: "..."`).join(", ");
                const why = found.malformed ? " (its tags value is not a map of key to value)" : "";
                return `${classOf(r.type)} ${r.name} lacks the required tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}${why}. Fix: tags: { ${example} } on the resource, or defaultTags: { tags: { ${example} } } on its provider.`;
            });
        }
    },
);
