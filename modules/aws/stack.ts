/** One AWS stack per environment: provider, state backend, security groups, outputs. */
import { Construct } from "constructs";
import { judgeInvariantsBelow } from "../construct-checks";
import { bindings, core } from "../runtime";
import { CloudStack, CloudStackInput, localStatePath, OWN_STACK_OPTIONS, requireProvider } from "../cloud";
import { EgressDefaultRealisation, RuleRealisation } from "../realisation";
import { terraformLiteralMap } from "../terraform-literal";
import { DEFAULT_AWS_PROVIDER_VERSION, AwsEnvironment, s3StateKey } from "./environment";
import { AwsSecurityGroups } from "./security-groups";
import { networkIdOfRole } from "../networks";
import { SECURITY_GROUP_IDS_OUTPUT, VPC_IDS_OUTPUT } from "./vocabulary";

// This module is loaded only when a stack is made (the registry requires it on use), so the core is the app's.
const { LocalBackend, S3Backend, TerraformOutput, TerraformStack } = core();
export type AwsFirewallStackProps = CloudStackInput<AwsEnvironment>;

export class AwsFirewallStack extends TerraformStack implements CloudStack {
  readonly securityGroups: AwsSecurityGroups;
  readonly firewall: AwsSecurityGroups;
  readonly realisations: readonly RuleRealisation[];
  readonly egressDefaults: readonly EgressDefaultRealisation[];

  constructor(scope: Construct, name: string, props: AwsFirewallStackProps) {
    super(scope, name);
    judgeInvariantsBelow(this); // synthesis judges each cloud's JSON itself (synth/synthesize.ts)
    const aws = props.section;

    const provider = new (bindings("aws").AwsProvider)(this, "aws", {
      region: aws.region,
      defaultTags: aws.tags ? [{ tags: terraformLiteralMap(aws.tags) }] : undefined,
    });
    provider.overrideLogicalId("aws");
    // S3 native locking (use_lockfile) needs Terraform 1.10.
    requireProvider(this, "aws", aws.providerVersion ?? DEFAULT_AWS_PROVIDER_VERSION, ">= 1.10.0");

    if ("s3" in aws.backend) {
      const s3 = aws.backend.s3;
      new S3Backend(this, {
        bucket: s3.bucket,
        key: s3StateKey(s3.keyPrefix, name),
        region: s3.region,
        encrypt: true,
      });
      // S3 native state locking; cdktf 0.21's S3BackendConfig predates the option.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    } else {
      new LocalBackend(this, { path: localStatePath(aws.backend.local.path) });
    }

    // With several VPCs (aws.networks), every group's VPC is the one its role is placed in.
    const vpcIdOfRole = networkIdOfRole(props.placed);
    this.securityGroups = new AwsSecurityGroups(this, "security-groups", {
      ...OWN_STACK_OPTIONS,
      policy: props.bound,
      vpcId: aws.vpcId ?? Object.values(vpcIdOfRole ?? {})[0] ?? "",
      vpcIdOfRole,
      namePrefix: props.namePrefix,
      tags: { catalog: props.bound.policy.name },
      rulesPerGroupQuota: aws.rulesPerGroupQuota,
    });
    this.firewall = this.securityGroups;
    this.realisations = this.securityGroups.realisations;
    this.egressDefaults = this.securityGroups.egressDefaults;

    const output = new TerraformOutput(this, SECURITY_GROUP_IDS_OUTPUT, {
      value: this.securityGroups.securityGroupIds,
      description: "Security group id per catalog role: attach these to the role's instances.",
    });
    output.overrideLogicalId(SECURITY_GROUP_IDS_OUTPUT);
    if (vpcIdOfRole) {
      const vpcs = new TerraformOutput(this, VPC_IDS_OUTPUT, { value: vpcIdOfRole, description: "VPC id per catalog role, as aws.placement places it: launch the role's instances there." });
      vpcs.overrideLogicalId(VPC_IDS_OUTPUT);
    }
  }
}
