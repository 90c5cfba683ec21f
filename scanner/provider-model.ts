/**
 * What the AWS provider does to a resource, as far as this pack's policies read it:
 *   - CHECK_DEFAULTS: the Terraform schema defaults that the provider's Check fills into the
 *     inputs (pulumi-terraform-bridge pkg/tfbridge/schema.go, `MakeTerraformInputs` with schema
 *     defaults). The engine strips the `__defaults` list that marks them, so a policy sees them
 *     exactly like values the program wrote.
 *   - REPORTED: values AWS reports after creation for fields the program did not set (read back
 *     by the provider's Read at the end of Create).
 *
 * Sources: the `Default:` entries of the resource schemas in hashicorp/terraform-provider-aws
 * (internal/service/<service>/<resource>.go, v6, the version @pulumi/aws 7 bridges), and the AWS
 * API references' documented defaults for the reported values. Only properties that a policy of
 * this pack reads are listed; everything else the engine model leaves as the program set it.
 * Paths with a dot are filled in only inside a block the program set (nested defaults).
 */

/** Type token -> property path -> default filled in by Check. */
export const CHECK_DEFAULTS: Record<string, Record<string, unknown>> = {
    // internal/service/logs/group.go
    "aws:cloudwatch/logGroup:LogGroup": { retentionInDays: 0, skipDestroy: false },
    // internal/service/kms/key.go
    "aws:kms/key:Key": {
        enableKeyRotation: false,
        isEnabled: true,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        bypassPolicyLockoutSafetyCheck: false,
    },
    // internal/service/elbv2/load_balancer.go
    "aws:lb/loadBalancer:LoadBalancer": {
        loadBalancerType: "application",
        enableDeletionProtection: false,
        dropInvalidHeaderFields: false,
        desyncMitigationMode: "defensive",
        idleTimeout: 60,
        enableHttp2: true,
        preserveHostHeader: false,
        xffHeaderProcessingMode: "append",
        "accessLogs.enabled": false,
    },
    // internal/service/elbv2/target_group.go
    "aws:lb/targetGroup:TargetGroup": { targetType: "instance", deregistrationDelay: "300", slowStart: 0, proxyProtocolV2: false },
    // internal/service/elb/load_balancer.go (classic)
    "aws:elb/loadBalancer:LoadBalancer": {
        crossZoneLoadBalancing: true,
        idleTimeout: 60,
        connectionDraining: false,
        connectionDrainingTimeout: 300,
        desyncMitigationMode: "defensive",
        "accessLogs.enabled": true,
        "accessLogs.interval": 60,
    },
    // internal/service/lambda/function.go, function_url.go
    "aws:lambda/function:Function": { publish: false, timeout: 3, memorySize: 128, packageType: "Zip", reservedConcurrentExecutions: -1, skipDestroy: false },
    "aws:lambda/functionUrl:FunctionUrl": { invokeMode: "BUFFERED" },
    // internal/service/s3/bucket.go, bucket_public_access_block.go
    "aws:s3/bucket:Bucket": { forceDestroy: false },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        blockPublicAcls: false,
        blockPublicPolicy: false,
        ignorePublicAcls: false,
        restrictPublicBuckets: false,
    },
    // internal/service/rds/instance.go, cluster.go
    "aws:rds/instance:Instance": {
        publiclyAccessible: false,
        monitoringInterval: 0,
        skipFinalSnapshot: false,
        copyTagsToSnapshot: false,
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: false,
        deleteAutomatedBackups: true,
    },
    "aws:rds/cluster:Cluster": { backupRetentionPeriod: 1, skipFinalSnapshot: false, copyTagsToSnapshot: false },
    // internal/service/dynamodb/table.go
    "aws:dynamodb/table:Table": { billingMode: "PROVISIONED" },
    // internal/service/ecr/repository.go
    "aws:ecr/repository:Repository": {
        imageTagMutability: "MUTABLE",
        forceDelete: false,
        "imageScanningConfiguration.scanOnPush": false,
        "encryptionConfigurations[].encryptionType": "AES256",
    },
    // internal/service/ec2/vpc_security_group.go (Pulumi's provider overrides the description default)
    "aws:ec2/securityGroup:SecurityGroup": { description: "Managed by Pulumi", revokeRulesOnDelete: false },
    // internal/service/ec2/vpc_subnet.go, vpc_.go
    "aws:ec2/subnet:Subnet": { mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false },
    "aws:ec2/vpc:Vpc": { enableDnsSupport: true, instanceTenancy: "default" },
    // internal/service/ec2/ec2_instance.go
    "aws:ec2/instance:Instance": { sourceDestCheck: true, getPasswordData: false },
    // internal/service/sqs/queue.go
    "aws:sqs/queue:Queue": {
        delaySeconds: 0,
        messageRetentionSeconds: 345600,
        receiveWaitTimeSeconds: 0,
        visibilityTimeoutSeconds: 30,
        fifoQueue: false,
        contentBasedDeduplication: false,
    },
    // internal/service/cloudtrail/trail.go
    "aws:cloudtrail/trail:Trail": {
        enableLogging: true,
        includeGlobalServiceEvents: true,
        isMultiRegionTrail: false,
        enableLogFileValidation: false,
        isOrganizationTrail: false,
    },
    // internal/service/apigateway/method.go, authorizer.go; apigatewayv2/route.go
    "aws:apigateway/method:Method": { apiKeyRequired: false },
    "aws:apigateway/authorizer:Authorizer": { type: "TOKEN", authorizerResultTtlInSeconds: 300, identitySource: "method.request.header.Authorization" },
    "aws:apigatewayv2/route:Route": { authorizationType: "NONE", apiKeyRequired: false },
    // internal/service/secretsmanager/secret.go
    "aws:secretsmanager/secret:Secret": { recoveryWindowInDays: 30, forceOverwriteReplicaSecret: false },
    // internal/service/iam/role.go
    "aws:iam/role:Role": { forceDetachPolicies: false, maxSessionDuration: 3600, path: "/" },
    // internal/service/redshift/cluster.go
    "aws:redshift/cluster:Cluster": {
        publiclyAccessible: false,
        encrypted: true,
        allowVersionUpgrade: true,
        automatedSnapshotRetentionPeriod: 1,
        port: 5439,
        skipFinalSnapshot: false,
        numberOfNodes: 1,
    },
    // internal/service/cloudfront/distribution.go
    "aws:cloudfront/distribution:Distribution": {
        isIpv6Enabled: false,
        httpVersion: "http2",
        priceClass: "PriceClass_All",
        retainOnDelete: false,
        waitForDeployment: true,
        "viewerCertificate.minimumProtocolVersion": "TLSv1",
        "defaultCacheBehavior.compress": false,
        "origins[].customOriginConfig.originKeepaliveTimeout": 5,
        "origins[].customOriginConfig.originReadTimeout": 30,
    },
};

/** The account's default VPC security group, reported where a load balancer names none. */
const DEFAULT_SG = "sg-0default000000000";

const SSE_S3 = {
    rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256", kmsMasterKeyId: "" }, bucketKeyEnabled: false, blockedEncryptionTypes: [] },
};

/**
 * Type token -> values AWS reports after creation for fields the program left unset. The values
 * are read at the end of the resource's own Create, before any separate settings resource of a
 * later step ran (a bucket reports versioning off even when an aws.s3.BucketVersioning enables it).
 */
export const REPORTED: Record<string, (inputs: Record<string, unknown>, ctx: { accountId: string; region: string }) => Record<string, unknown>> = {
    "aws:s3/bucket:Bucket": () => ({
        versioning: { enabled: false, mfaDelete: false },
        // S3 encrypts every new bucket with SSE-S3 since January 2023.
        serverSideEncryptionConfiguration: SSE_S3,
        acl: "",
        grants: [{ id: "c0ffee0000000000000000000000000000000000000000000000000000000000", permissions: ["FULL_CONTROL"], type: "CanonicalUser", uri: "" }],
        policy: "",
        lifecycleRules: [],
        corsRules: [],
        objectLockEnabled: false,
        requestPayer: "BucketOwner",
        accelerationStatus: "",
    }),
    "aws:lb/loadBalancer:LoadBalancer": inputs => {
        const subnets = Array.isArray(inputs.subnets) ? (inputs.subnets as unknown[]) : undefined;
        const mappings = Array.isArray(inputs.subnetMappings) ? (inputs.subnetMappings as Record<string, unknown>[]) : undefined;
        const out: Record<string, unknown> = { internal: false, ipAddressType: "ipv4" };
        if (subnets && !mappings)
            out.subnetMappings = subnets.map(s => ({ subnetId: s, allocationId: "", ipv6Address: "", outpostId: "", privateIpv4Address: "" }));
        if (mappings && !subnets) out.subnets = mappings.map(m => m?.subnetId);
        out.securityGroups = inputs.loadBalancerType === "network" || inputs.loadBalancerType === "gateway" ? [] : [DEFAULT_SG];
        return out;
    },
    "aws:lb/listener:Listener": inputs => ({
        protocol: "HTTP",
        ...(inputs.protocol === "HTTPS" || inputs.protocol === "TLS" ? { sslPolicy: "ELBSecurityPolicy-2016-08" } : {}),
    }),
    "aws:ec2/routeTable:RouteTable": () => ({ routes: [], propagatingVgws: [] }),
    "aws:ec2/securityGroup:SecurityGroup": () => ({ ingress: [], egress: [] }),
    "aws:lambda/function:Function": () => ({ tracingConfig: { mode: "PassThrough" }, architectures: ["x86_64"], ephemeralStorage: { size: 512 } }),
    "aws:ec2/instance:Instance": () => ({
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
        rootBlockDevice: { encrypted: false, deleteOnTermination: true, volumeSize: 8, volumeType: "gp2" },
        associatePublicIpAddress: false,
        monitoring: false,
        disableApiTermination: false,
    }),
    "aws:sqs/queue:Queue": inputs => ({ sqsManagedSseEnabled: inputs.kmsMasterKeyId === undefined }),
    "aws:dynamodb/table:Table": () => ({ pointInTimeRecovery: { enabled: false } }),
    "aws:rds/instance:Instance": () => ({ backupRetentionPeriod: 1, multiAz: false, storageEncrypted: false, iamDatabaseAuthenticationEnabled: false }),
    "aws:rds/cluster:Cluster": () => ({ storageEncrypted: false, iamDatabaseAuthenticationEnabled: false }),
    "aws:ecr/repository:Repository": () => ({
        imageScanningConfiguration: { scanOnPush: false },
        encryptionConfigurations: [{ encryptionType: "AES256", kmsKey: "" }],
    }),
    "aws:ebs/volume:Volume": () => ({ encrypted: false }),
    "aws:efs/fileSystem:FileSystem": () => ({ encrypted: false }),
    "aws:apigateway/restApi:RestApi": () => ({ endpointConfiguration: { types: ["EDGE"] } }),
    "aws:kms/key:Key": (_inputs, ctx) => ({
        // The key policy AWS writes when none is given: the account may use the key through IAM.
        policy: JSON.stringify({
            Version: "2012-10-17",
            Id: "key-default-1",
            Statement: [
                {
                    Sid: "Enable IAM User Permissions",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` },
                    Action: "kms:*",
                    Resource: "*",
                },
            ],
        }),
    }),
    "aws:iam/role:Role": () => ({ managedPolicyArns: [], inlinePolicies: [] }),
};
