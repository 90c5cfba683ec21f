import { types } from "../../lib/aws/types";
import { accessLogs } from "../../lib/facts/elb";
import { classOf } from "../../lib/facts/types";
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
        resourceTypes: [types.lb.LoadBalancer, types.alb.LoadBalancer],
        remediation:
            'Send access logs to a log bucket (its bucket policy must allow the regional ELB log delivery):\n  new aws.lb.LoadBalancer("app-lb", { ..., accessLogs: { bucket: logBucket.bucket, prefix: "alb", enabled: true } });',
        url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
        peers: { checkov: ["CKV_AWS_91"], securityHub: ["ELB.5"], cdkNag: ["AwsSolutions-ELB2"] },
    },
    (lb, ctx) => {
        ctx.decide(lb, accessLogs(lb), a => {
            if (!a || a.kind === "gateway" || a.logs === "on") return undefined; // gateway load balancers have no access logs
            const kind = a.kind === "network" ? "Network" : "Application";
            const fix = `Fix: new ${classOf(lb.type)}(${JSON.stringify(lb.name)}, { ..., accessLogs: { bucket: logBucket.bucket, enabled: true } }).`;
            if (a.logs === "none") return `${kind} load balancer ${lb.name} has no access logs. ${fix}`;
            if (a.logs === "disabled") return `${kind} load balancer ${lb.name} has accessLogs but enabled is not true (it defaults to false). ${fix}`;
            return `${kind} load balancer ${lb.name} enables access logs without a bucket. ${fix}`;
        });
    },
);
