import { UNKNOWN, field } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "elb-access-logging",
        description:
            "Application and network load balancers (`aws.lb.LoadBalancer`, `aws.alb.LoadBalancer`; no `loadBalancerType` means application) must have `accessLogs` with `enabled: true` and a bucket. Access logs are the only record of who called the load balancer and what it answered (report 003). Gateway load balancers have no access logs and are skipped.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["003#8"],
        resourceTypes: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
        remediation:
            'Send access logs to a log bucket (its bucket policy must allow the regional ELB log delivery):\n  new aws.lb.LoadBalancer("app-lb", { ..., accessLogs: { bucket: logBucket.bucket, prefix: "alb", enabled: true } });',
        url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
        peers: { checkov: ["CKV_AWS_91"], securityHub: ["ELB.5"], cdkNag: ["AwsSolutions-ELB2"] },
    },
    (lb, ctx) => {
        const type = lb.props.get("loadBalancerType");
        if (type === UNKNOWN) return ctx.defer(lb, "loadBalancerType is not known until deployment");
        if (typeof type === "string" && type.toLowerCase() === "gateway") return;
        const kind = typeof type === "string" && type.toLowerCase() === "network" ? "Network" : "Application";
        const ctor = lb.type.startsWith("aws:alb/") ? "aws.alb.LoadBalancer" : "aws.lb.LoadBalancer";
        const fix = `Fix: new ${ctor}("${lb.name}", { ..., accessLogs: { bucket: logBucket.bucket, enabled: true } }).`;
        const logs = lb.props.get("accessLogs");
        if (logs === UNKNOWN) return ctx.defer(lb, "accessLogs is not known until deployment");
        const block = Array.isArray(logs) ? logs[0] : logs;
        if (block === UNKNOWN) return ctx.defer(lb, "accessLogs is not known until deployment");
        if (!block || typeof block !== "object") return ctx.report(lb, `${kind} load balancer ${lb.name} has no access logs. ${fix}`);
        const enabled = field(block, "enabled");
        const bucket = field(block, "bucket");
        if (enabled === UNKNOWN) return ctx.defer(lb, "accessLogs.enabled is not known until deployment");
        if (enabled !== true && enabled !== "true")
            return ctx.report(lb, `${kind} load balancer ${lb.name} has accessLogs but enabled is not true (it defaults to false). ${fix}`);
        if (bucket === UNKNOWN) return ctx.defer(lb, "the log bucket is not known until deployment");
        if (typeof bucket !== "string" || bucket.trim() === "")
            return ctx.report(lb, `${kind} load balancer ${lb.name} enables access logs without a bucket. ${fix}`);
    },
);
