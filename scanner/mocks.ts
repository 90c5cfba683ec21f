/**
 * What the offline scanner answers in place of AWS: deterministic computed outputs for resources
 * (ids and ARNs built from type, region, account 123456789012 and name) and the common invokes.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const ACCOUNT_ID = "123456789012";

export function shortHash(text: string, length = 8): string {
    return createHash("sha1").update(text).digest("hex").slice(0, length);
}

/** Type token -> the input that holds its physical name and is auto-named when absent. */
const AUTONAMED: Record<string, string> = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
};
const AUTONAMED_BY_NAME = new Set([
    "aws:lambda/function:Function",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:iam/user:User",
    "aws:iam/group:Group",
    "aws:iam/instanceProfile:InstanceProfile",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:alb/targetGroup:TargetGroup",
    "aws:elb/loadBalancer:LoadBalancer",
    "aws:sns/topic:Topic",
    "aws:sqs/queue:Queue",
    "aws:secretsmanager/secret:Secret",
    "aws:apigateway/restApi:RestApi",
    "aws:apigatewayv2/api:Api",
    "aws:ecr/repository:Repository",
    "aws:dynamodb/table:Table",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:kms/alias:Alias",
    "aws:cloudtrail/trail:Trail",
    "aws:cloudwatch/dashboard:Dashboard",
    "aws:ecs/cluster:Cluster",
]);

/** The auto-name the provider's Check gives (known already during preview). */
export function autoName(type: string, logicalName: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const prop = AUTONAMED[type] ?? (AUTONAMED_BY_NAME.has(type) ? "name" : undefined);
    if (!prop || inputs[prop] !== undefined) return {};
    const prefix = typeof inputs[`${prop}Prefix`] === "string" ? (inputs[`${prop}Prefix`] as string) : `${logicalName}-`;
    let value = `${prefix}${shortHash(type + logicalName, 7)}`;
    if (type.startsWith("aws:s3/")) value = value.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
    if (type === "aws:kms/alias:Alias") value = `alias/${value}`;
    return { [prop]: value };
}

interface OutputContext {
    region: string;
    urn: string;
}

/** Computed outputs of a created resource, as `pulumi up` would show them. */
export function computedOutputs(
    type: string,
    logicalName: string,
    state: Record<string, unknown>,
    ctx: OutputContext,
): { id: string; outputs: Record<string, unknown> } {
    const [pkg, mod = "", res = ""] = type.split(":");
    if (pkg !== "aws") return { id: `${logicalName}-id`, outputs: {} };
    const service = mod.split("/")[0];
    const h = shortHash(ctx.urn, 17);
    const region = typeof state.region === "string" ? (state.region as string) : ctx.region;
    const name = typeof state.name === "string" ? (state.name as string) : logicalName;
    const arnBase = `arn:aws:${service}:${region}:${ACCOUNT_ID}`;
    const out: Record<string, unknown> = {};
    let id = `${name}`;
    switch (type) {
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2": {
            const bucket = String(state.bucket ?? logicalName);
            id = bucket;
            Object.assign(out, {
                arn: `arn:aws:s3:::${bucket}`,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
                region,
            });
            break;
        }
        case "aws:kms/key:Key": {
            const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-8${h.slice(15, 17)}0-${shortHash(h, 12)}`;
            id = keyId;
            Object.assign(out, { keyId, arn: `${arnBase}:key/${keyId}` });
            break;
        }
        case "aws:kms/alias:Alias":
            Object.assign(out, { arn: `${arnBase}:${name}`, targetKeyArn: `${arnBase}:key/${state.targetKeyId ?? ""}` });
            break;
        case "aws:lambda/function:Function":
            Object.assign(out, {
                arn: `${arnBase}:function:${name}`,
                invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arnBase}:function:${name}/invocations`,
                qualifiedArn: `${arnBase}:function:${name}:${state.publish ? "1" : "$LATEST"}`,
                version: state.publish ? "1" : "$LATEST",
            });
            break;
        case "aws:lambda/alias:Alias":
            Object.assign(out, { arn: `${arnBase}:function:${state.functionName ?? ""}:${name}` });
            break;
        case "aws:iam/role:Role":
        case "aws:iam/policy:Policy":
        case "aws:iam/user:User":
        case "aws:iam/group:Group":
        case "aws:iam/instanceProfile:InstanceProfile": {
            const kind = { Role: "role", Policy: "policy", User: "user", Group: "group", InstanceProfile: "instance-profile" }[res] ?? "role";
            Object.assign(out, {
                arn: `arn:aws:iam::${ACCOUNT_ID}:${kind}/${String(state.path ?? "/").replace(/^\/|\/$/g, "")}${state.path && state.path !== "/" ? "/" : ""}${name}`,
                uniqueId: `AROA${h.toUpperCase()}`,
            });
            id = type === "aws:iam/policy:Policy" ? (out.arn as string) : name;
            break;
        }
        case "aws:cloudwatch/logGroup:LogGroup":
            Object.assign(out, { arn: `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${name}` });
            break;
        case "aws:sns/topic:Topic":
            Object.assign(out, { arn: `${arnBase}:${name}` });
            id = out.arn as string;
            break;
        case "aws:sqs/queue:Queue":
            Object.assign(out, { arn: `${arnBase}:${name}`, url: `https://sqs.${region}.amazonaws.com/${ACCOUNT_ID}/${name}` });
            id = out.url as string;
            break;
        case "aws:secretsmanager/secret:Secret":
            Object.assign(out, { arn: `${arnBase}:secret:${name}-${h.slice(0, 6)}` });
            id = out.arn as string;
            break;
        case "aws:apigateway/restApi:RestApi":
            id = h.slice(0, 10);
            Object.assign(out, {
                arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
                rootResourceId: h.slice(10, 16),
                executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${id}`,
            });
            break;
        case "aws:apigatewayv2/api:Api":
            id = h.slice(0, 10);
            Object.assign(out, {
                arn: `arn:aws:apigateway:${region}::/apis/${id}`,
                executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${id}`,
                apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
            });
            break;
        case "aws:ecr/repository:Repository":
            Object.assign(out, {
                arn: `${arnBase}:repository/${name}`,
                repositoryUrl: `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${name}`,
                registryId: ACCOUNT_ID,
            });
            break;
        case "aws:dynamodb/table:Table":
            Object.assign(out, { arn: `${arnBase}:table/${name}` });
            if (state.streamEnabled) out.streamArn = `${arnBase}:table/${name}/stream/2026-01-01T00:00:00.000`;
            break;
        case "aws:cloudtrail/trail:Trail":
            Object.assign(out, { arn: `${arnBase}:trail/${name}` });
            break;
        default: {
            // EC2-style resources get ids like vpc-0123abcd..., the rest an ARN with the name.
            const ec2Prefix: Record<string, string> = {
                Vpc: "vpc",
                Subnet: "subnet",
                RouteTable: "rtb",
                InternetGateway: "igw",
                NatGateway: "nat",
                Eip: "eipalloc",
                SecurityGroup: "sg",
                VpcEndpoint: "vpce",
                FlowLog: "fl",
                NetworkAcl: "acl",
                Instance: "i",
                LaunchTemplate: "lt",
                DefaultVpc: "vpc",
                DefaultSubnet: "subnet",
                DefaultSecurityGroup: "sg",
                DefaultRouteTable: "rtb",
            };
            if (service === "ec2" && ec2Prefix[res]) {
                id = `${ec2Prefix[res]}-0${h}`;
                out.arn = `arn:aws:ec2:${region}:${ACCOUNT_ID}:${ec2Prefix[res] === "i" ? "instance" : res.replace(/^Default/, "").replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}/${id}`;
            } else if (type.startsWith("aws:lb/") || type.startsWith("aws:alb/")) {
                const kind = res === "TargetGroup" ? "targetgroup" : res === "Listener" ? "listener/app" : "loadbalancer/app";
                out.arn = `arn:aws:elasticloadbalancing:${region}:${ACCOUNT_ID}:${kind}/${name}/${h.slice(0, 16)}`;
                id = out.arn as string;
                if (res === "LoadBalancer") out.dnsName = `${name}-${h.slice(0, 8)}.${region}.elb.amazonaws.com`;
            } else if (type.startsWith("aws:rds/")) {
                out.arn = `arn:aws:rds:${region}:${ACCOUNT_ID}:${res === "Cluster" ? "cluster" : res === "SubnetGroup" ? "subgrp" : "db"}:${String(state.identifier ?? state.clusterIdentifier ?? name)}`;
                id = String(state.identifier ?? state.clusterIdentifier ?? name);
            } else {
                id = `${logicalName}-${h.slice(0, 8)}`;
                out.arn = `${arnBase}:${res.charAt(0).toLowerCase()}${res.slice(1)}/${name}`;
            }
            if (res === "Vpc" || res === "DefaultVpc") out.mainRouteTableId = `rtb-0${shortHash(ctx.urn + "main", 17)}`;
        }
    }
    if (out.arn && type.startsWith("aws:") && !("tagsAll" in state) && state.tags) out.tagsAll = state.tags;
    return { id, outputs: out };
}

// ---- invokes ---------------------------------------------------------------------------------

export interface InvokeContext {
    region: string;
    warn(message: string): void;
}

export function answerInvoke(token: string, inputs: Record<string, any>, ctx: InvokeContext): Record<string, unknown> {
    const region = typeof inputs.region === "string" ? inputs.region : ctx.region;
    switch (token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const letters = ["a", "b", "c"];
            return {
                id: region,
                names: letters.map(l => `${region}${l}`),
                zoneIds: letters.map((_, i) => `${region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
                groupNames: [region],
                state: "available",
            };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { id: ACCOUNT_ID, accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/scanner`, userId: "AIDASCANNER0000000000" };
        case "aws:index/getRegion:getRegion":
            return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument": {
            const json = renderPolicyDocument(inputs);
            const text = JSON.stringify(json, null, 2);
            return { id: shortHash(text, 10), json: text, minifiedJson: JSON.stringify(json) };
        }
        case "aws:ec2/getVpc:getVpc":
            return {
                id: "vpc-0default0000000",
                arn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:vpc/vpc-0default0000000`,
                cidrBlock: "172.31.0.0/16",
                default: true,
                mainRouteTableId: "rtb-0default000000",
                ownerId: ACCOUNT_ID,
                state: "available",
                tags: {},
            };
        case "aws:ec2/getSubnets:getSubnets":
            return { id: region, ids: ["a", "b", "c"].map(l => `subnet-0default${l}00000`), filters: inputs.filters ?? [] };
        case "aws:ec2/getSubnet:getSubnet":
            return {
                id: inputs.id ?? "subnet-0defaulta00000",
                availabilityZone: `${region}a`,
                vpcId: "vpc-0default0000000",
                cidrBlock: "172.31.0.0/20",
                mapPublicIpOnLaunch: true,
            };
        default:
            ctx.warn(`invoke ${token} is not emulated offline; it returned an empty result`);
            return {};
    }
}

/** Renders `aws.iam.getPolicyDocument` inputs to the JSON the provider produces. */
export function renderPolicyDocument(inputs: Record<string, any>): Record<string, unknown> {
    const one = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
    const doc: Record<string, unknown> = { Version: inputs.version ?? "2012-10-17" };
    if (inputs.policyId) doc.Id = inputs.policyId;
    const statements: Record<string, unknown>[] = [];
    for (const src of inputs.sourcePolicyDocuments ?? []) {
        try {
            const parsed = JSON.parse(src);
            statements.push(...(Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]));
        } catch {
            /* the provider would reject it; the pack reads what remains */
        }
    }
    for (const s of inputs.statements ?? []) {
        const st: Record<string, unknown> = {};
        if (s.sid) st.Sid = s.sid;
        st.Effect = s.effect ?? "Allow";
        if (s.actions?.length) st.Action = one([...s.actions].sort());
        if (s.notActions?.length) st.NotAction = one([...s.notActions].sort());
        if (s.resources?.length) st.Resource = one([...s.resources].sort());
        if (s.notResources?.length) st.NotResource = one([...s.notResources].sort());
        for (const [key, out] of [
            ["principals", "Principal"],
            ["notPrincipals", "NotPrincipal"],
        ] as const) {
            if (!s[key]?.length) continue;
            const list: { type: string; identifiers: string[] }[] = s[key];
            if (list.length === 1 && list[0].type === "*" && list[0].identifiers?.length === 1 && list[0].identifiers[0] === "*") {
                st[out] = "*";
                continue;
            }
            const p: Record<string, unknown> = {};
            for (const { type, identifiers } of list) {
                const existing = p[type] === undefined ? [] : ([] as string[]).concat(p[type] as string[]);
                p[type] = one([...existing, ...(identifiers ?? [])].sort());
            }
            st[out] = p;
        }
        if (s.conditions?.length) {
            const c: Record<string, Record<string, unknown>> = {};
            for (const { test, variable, values } of s.conditions) {
                c[test] ??= {};
                c[test][variable] = one(values ?? []);
            }
            st.Condition = c;
        }
        const idx = st.Sid ? statements.findIndex(e => e.Sid === st.Sid) : -1;
        if (idx >= 0) statements[idx] = st;
        else statements.push(st);
    }
    doc.Statement = statements;
    return doc;
}

// ---- what a program reads in update mode -----------------------------------------------------

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A value the SDK deserializes as secret. */
export function secretValue(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** An output value with no value: the SDK deserializes it as unknown, in update mode too. */
export const UNKNOWN_OUTPUT: Readonly<Record<string, unknown>> = Object.freeze({ [SIG_KEY]: OUTPUT_VALUE_SIG });

/** A declared output shape (tools/generate-data.ts). */
type OutputShape = "s" | "n" | "b" | "m" | ["l", OutputShape] | { [field: string]: OutputShape };

let shapesByType: Record<string, Record<string, OutputShape>> | undefined;

function outputShapes(type: string): Record<string, OutputShape> | undefined {
    if (!shapesByType) {
        const file = [path.join(__dirname, "..", "data", "output-shapes.json"), path.join(__dirname, "..", "bin", "data", "output-shapes.json")].find(f =>
            fs.existsSync(f),
        );
        try {
            shapesByType = file ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
        } catch {
            shapesByType = {};
        }
    }
    return shapesByType![type];
}

interface PlausibleContext {
    type: string;
    logicalName: string;
    name: string;
    region: string;
    hash: string;
}

/** A plausible string for an output named `key`, from its name (an ARN for `...Arn`, a URL for `...Url`, ...). */
function plausibleString(key: string, ctx: PlausibleContext): string {
    const [, mod = "", res = ""] = ctx.type.split(":");
    const service = mod.split("/")[0];
    const k = key.toLowerCase();
    const h = ctx.hash;
    if (k === "arn" || k.endsWith("arn")) {
        const stem = k === "arn" ? res.charAt(0).toLowerCase() + res.slice(1) : key.slice(0, -3);
        return `arn:aws:${service}:${ctx.region}:${ACCOUNT_ID}:${stem}/${ctx.name}`;
    }
    if (k.endsWith("url") || k.endsWith("uri") || k === "issuer") return `https://${h.slice(0, 10)}.${service}.${ctx.region}.on.aws/`;
    if (/(endpoint|dnsname|domainname|hostname|address|fqdn)$/.test(k)) return `${ctx.name}-${h.slice(0, 8)}.${service}.${ctx.region}.amazonaws.com`;
    if (k === "region") return ctx.region;
    if (/(accountid|ownerid|registryid)$/.test(k)) return ACCOUNT_ID;
    if (k === "name" || k.endsWith("name")) return ctx.name;
    if (k.endsWith("id")) return `${key.slice(0, -2) || "id"}-${h.slice(0, 12)}`;
    if (/(date|time|at)$/.test(k)) return "2026-01-01T00:00:00Z";
    if (k.endsWith("version")) return "1";
    if (k.endsWith("status") || k.endsWith("state")) return "ACTIVE";
    return `${ctx.logicalName}-${key}-${h.slice(0, 6)}`;
}

function plausible(shape: OutputShape, key: string, ctx: PlausibleContext): unknown {
    if (shape === "s") return plausibleString(key, ctx);
    if (shape === "n") return /port$/i.test(key) ? 443 : 1;
    if (shape === "b") return false;
    if (shape === "m") return {};
    if (Array.isArray(shape)) return [plausible(shape[1], key.replace(/ies$/, "y").replace(/s$/, ""), ctx)];
    const out: Record<string, unknown> = {};
    for (const [field, s] of Object.entries(shape)) out[field] = plausible(s, field, ctx);
    return out;
}

/**
 * Every output a program may read after `pulumi up`, as the mock runtime answers it: the modelled
 * outputs (computedOutputs), then a plausible value for each other output @pulumi/aws declares
 * as computed or output-only (FunctionUrl.functionUrl, an EKS cluster's certificateAuthority.data),
 * and the outputs of the non-AWS providers programs commonly use (random, tls, command). `unknown`
 * lists the outputs no offline answer exists for (they are given as unknown, not invented).
 */
export function programOutputs(
    type: string,
    logicalName: string,
    state: Record<string, unknown>,
    ctx: OutputContext,
): { id: string; outputs: Record<string, unknown>; unknown: string[]; note?: string } {
    const pkg = type.split(":")[0];
    if (pkg === "random") return { ...randomOutputs(type, logicalName, state, ctx), unknown: [] };
    if (pkg === "tls") return { ...tlsOutputs(type, logicalName, state, ctx), unknown: [] };
    if (pkg === "command")
        return {
            id: `${logicalName}-${shortHash(ctx.urn, 8)}`,
            outputs: {},
            unknown: ["stdout", "stderr"],
            note: `${type} ${logicalName}: the command is not run offline; its stdout and stderr are unknown`,
        };
    const computed = computedOutputs(type, logicalName, state, ctx);
    if (pkg !== "aws") return { ...computed, unknown: ["*"] };
    const shapes = outputShapes(type) ?? {};
    const name = typeof state.name === "string" ? (state.name as string) : logicalName;
    const region = typeof state.region === "string" ? (state.region as string) : ctx.region;
    const pctx: PlausibleContext = { type, logicalName, name, region, hash: shortHash(ctx.urn + "/outputs", 20) };
    const outputs = { ...computed.outputs };
    for (const [key, shape] of Object.entries(shapes)) {
        if (key in outputs || state[key] !== undefined) continue;
        outputs[key] = key === "tagsAll" ? (state.tags ?? {}) : plausible(shape, key, pctx);
    }
    return { id: computed.id, outputs, unknown: [] };
}

function hexOf(seed: string, bytes: number): string {
    let out = "";
    for (let i = 0; out.length < bytes * 2; i++) out += shortHash(`${seed}/${i}`, 40);
    return out.slice(0, bytes * 2);
}

function randomOutputs(
    type: string,
    logicalName: string,
    state: Record<string, unknown>,
    ctx: OutputContext,
): { id: string; outputs: Record<string, unknown> } {
    const seed = ctx.urn;
    const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) ? v : d);
    const res = type.split(":")[2] ?? "";
    switch (res) {
        case "RandomPassword":
        case "RandomString": {
            const length = Math.max(1, Math.min(num(state.length, 16), 512));
            const special = state.special !== false;
            const alphabet = [
                state.lower !== false ? "abcdefghijklmnopqrstuvwxyz" : "",
                state.upper !== false ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ" : "",
                state.numeric !== false && state.number !== false ? "0123456789" : "",
                special ? (typeof state.overrideSpecial === "string" && state.overrideSpecial ? state.overrideSpecial : "!#$%&*()-_=+[]{}<>:?") : "",
            ].filter(Boolean);
            const all = alphabet.join("") || "abcdefghijklmnopqrstuvwxyz";
            const hex = hexOf(seed, length * 2);
            let value = "";
            for (let i = 0; i < length; i++) {
                const set = i < alphabet.length ? alphabet[i] : all; // one of each class first
                value += set[parseInt(hex.slice(i * 4, i * 4 + 4), 16) % set.length];
            }
            if (res === "RandomString") return { id: value, outputs: { result: value } };
            // The provider marks a password's result and bcrypt hash secret (additionalSecretOutputs).
            return { id: "none", outputs: { result: secretValue(value), bcryptHash: secretValue(`$2a$10$${hexOf(seed + "bcrypt", 26)}`) } };
        }
        case "RandomId": {
            const bytes = Math.max(1, Math.min(num(state.byteLength, 8), 256));
            const hex = hexOf(seed, bytes);
            const buf = Buffer.from(hex, "hex");
            const prefix = typeof state.prefix === "string" ? state.prefix : "";
            const b64Url = buf.toString("base64url");
            return {
                id: b64Url,
                outputs: { hex: prefix + hex, b64Std: prefix + buf.toString("base64"), b64Url: prefix + b64Url, dec: prefix + BigInt("0x" + hex).toString() },
            };
        }
        case "RandomPet": {
            const words = ["brave", "calm", "eager", "gentle", "jolly", "kind", "lively", "proud", "otter", "lynx", "heron", "badger"];
            const hex = hexOf(seed, 8);
            const n = Math.max(1, Math.min(num(state.length, 2), 8));
            const sep = typeof state.separator === "string" ? state.separator : "-";
            const parts = Array.from({ length: n }, (_, i) => words[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % words.length]);
            const id = [typeof state.prefix === "string" ? state.prefix : undefined, ...parts].filter(Boolean).join(sep);
            return { id, outputs: {} };
        }
        case "RandomInteger": {
            const min = num(state.min, 0);
            const max = Math.max(min, num(state.max, min + 100));
            const result = min + (parseInt(hexOf(seed, 4), 16) % (max - min + 1));
            return { id: String(result), outputs: { result } };
        }
        case "RandomUuid": {
            const h = hexOf(seed, 16);
            const result = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
            return { id: result, outputs: { result } };
        }
        case "RandomShuffle": {
            const list = Array.isArray(state.inputs) ? [...state.inputs] : [];
            const count = typeof state.resultCount === "number" ? state.resultCount : list.length;
            return { id: "-", outputs: { results: list.slice(0, count) } };
        }
        case "RandomBytes": {
            const hex = hexOf(seed, Math.max(1, Math.min(num(state.length, 32), 1024)));
            return { id: "-", outputs: { hex: secretValue(hex), base64: secretValue(Buffer.from(hex, "hex").toString("base64")) } };
        }
        default:
            return { id: `${logicalName}-${shortHash(seed, 8)}`, outputs: {} };
    }
}

function tlsOutputs(type: string, logicalName: string, state: Record<string, unknown>, ctx: OutputContext): { id: string; outputs: Record<string, unknown> } {
    const h = hexOf(ctx.urn, 48);
    const pem = (label: string) => `-----BEGIN ${label}-----\n${Buffer.from(h, "hex").toString("base64")}\n-----END ${label}-----\n`;
    const res = type.split(":")[2] ?? "";
    if (res === "PrivateKey") {
        const algorithm = typeof state.algorithm === "string" ? state.algorithm : "RSA";
        const fp = h.slice(0, 32).replace(/(..)(?!$)/g, "$1:");
        return {
            id: shortHash(h, 40),
            outputs: {
                privateKeyPem: secretValue(pem(algorithm === "RSA" ? "RSA PRIVATE KEY" : "PRIVATE KEY")),
                privateKeyPemPkcs8: secretValue(pem("PRIVATE KEY")),
                privateKeyOpenssh: secretValue(pem("OPENSSH PRIVATE KEY")),
                publicKeyPem: pem("PUBLIC KEY"),
                publicKeyOpenssh: `ssh-${algorithm === "ED25519" ? "ed25519" : "rsa"} ${Buffer.from(h, "hex").toString("base64")}\n`,
                publicKeyFingerprintMd5: fp,
                publicKeyFingerprintSha256: `SHA256:${Buffer.from(h.slice(0, 64), "hex").toString("base64")}`,
            },
        };
    }
    const certificate = {
        certPem: pem("CERTIFICATE"),
        validityStartTime: "2026-01-01T00:00:00Z",
        validityEndTime: "2027-01-01T00:00:00Z",
        readyForRenewal: false,
    };
    if (res === "SelfSignedCert" || res === "LocallySignedCert") return { id: BigInt("0x" + h.slice(0, 30)).toString(), outputs: certificate };
    if (res === "CertRequest") return { id: shortHash(h, 40), outputs: { certRequestPem: pem("CERTIFICATE REQUEST") } };
    return { id: `${logicalName}-${shortHash(ctx.urn, 8)}`, outputs: {} };
}
