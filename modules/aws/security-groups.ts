/**
 * Renders a bound policy as AWS security groups: one group per managed role and
 * one ingress or egress rule resource per (allow rule, peer entry,
 * port range), with catalog denies cut out of the allows below them.
 */
import { Construct } from "constructs";
import { BoundPolicy, Problem, SynthesisError } from "../../policy";
import { CloudFirewall } from "../cloud";
import { EgressDefaultRealisation, RuleRealisation } from "../realisation";
import { terraformLiteral, terraformLiteralMap } from "../terraform-literal";
import { awsProtocolFields, checkAwsText, checkGroupName, DEFAULT_RULES_PER_GROUP, MAX_RULES_PER_GROUP } from "./aws-limits";
import { groupLogicalId } from "./naming";
import { planRules, RuleEntry } from "./plan";
import { bindings } from "../runtime";
import { claimNames, LogicalIdScope, logicalIdPrefix } from "../addresses";
import { addInvariantValidation, addLintValidation, checkConstructProps, gatherProblems, LintSkip } from "../construct-checks";
import { boundForCloud } from "../platform";
import { awsCloud } from "./cloud";
import { placeConstructPolicy } from "../construct-networks";
import type { PlacedPolicy } from "../networks";
import { VPC_ID_SHAPE } from "./vocabulary";

/** Tag that carries the catalog's role description (the group's own description never changes, see below). */
export const ROLE_DESCRIPTION_TAG = "catalog-role-description";

/** A group's description: from the role id only, so editing the catalog's text never replaces a group. */
export function groupDescription(roleId: string): string {
  return `Firewall catalog role ${roleId}`;
}

/** One VPC of AwsSecurityGroups' `networks`. */
export interface AwsNetwork {
  /** The VPC's id (may be a token, such as vpc.id of your own Vpc). */
  readonly vpcId: string;
  /** The VPC's address ranges, literal: a rule names them where it cannot reference a group of this VPC. */
  readonly cidrs?: readonly string[];
  /** Names of the other networks this VPC is peered with, in the same region (one side is enough). */
  readonly peeredWith?: readonly string[];
}

/** Props of AwsSecurityGroups. */
export interface AwsSecurityGroupsProps {
  /** The policy bound to one environment. */
  readonly policy: BoundPolicy;
  /** VPC the groups belong to; required unless `networks` places the roles in several VPCs. */
  readonly vpcId?: string;
  /**
   * The VPCs the roles sit in, by a name of your choosing, as an environment
   * file's `aws.networks` (docs/environments.md, "Several networks per cloud"):
   * each with its `vpcId`, its `cidrs` and the VPCs it is `peeredWith`. With
   * `placement`, each role's group goes to its VPC, and a rule names a role of
   * another VPC by its group across a peering, by that VPC's CIDRs otherwise
   * (a widened peer, listed in `placed.widened`). Instead of `vpcId`.
   * @default every group in vpcId
   */
  readonly networks?: Readonly<Record<string, AwsNetwork>>;
  /** With `networks`: each role's VPC, role id to network name, `"*"` for every role not listed. */
  readonly placement?: Readonly<Record<string, string>>;
  /**
   * The VPC of each role's group, for a policy already placed elsewhere (our
   * own stacks place it from the environment file); `networks` with
   * `placement` place it here instead. @default every group in vpcId
   */
  readonly vpcIdOfRole?: Readonly<Record<string, string>>;
  /** Prefix of group names; groups are named `${namePrefix}-${environment}-${roleId}`. */
  readonly namePrefix: string;
  /** Tags on every group and rule. @default {} */
  readonly tags?: Record<string, string>;
  /**
   * Rule entries allowed per group, direction and address family; raise it only
   * after raising the AWS quota "Inbound or outbound rules per security group"
   * (1-1000; AWS keeps it times "Security groups per network interface" at most 1000).
   * @default 60
   */
  readonly rulesPerGroupQuota?: number;
  /** How the resources' logical ids are scoped (see LogicalIdScope). @default "construct" */
  readonly logicalIdScope?: LogicalIdScope;
  /** Turns the security lint off for this construct; the reason is required and kept in the construct's metadata. @default the lint runs */
  readonly skipLint?: LintSkip;
}

/**
 * A bound catalog as AWS security groups: one group per managed role, one rule
 * resource per (rule, peer, port range), denies cut out of the allows below them.
 *
 * @example
 *   new AwsSecurityGroups(stack, "groups", { policy: bindPolicy(policy, { environment: "prod" }), vpcId: vpc.id, namePrefix: "shop" });
 */
export class AwsSecurityGroups extends Construct implements CloudFirewall {
  /** Security group id (a Terraform reference token) per managed role id. */
  readonly securityGroupIds: Record<string, string> = {};
  /** How each catalog rule is realised on AWS, in catalog order. */
  readonly realisations: RuleRealisation[];
  /** How each managed role's egress default (not a catalog rule) is realised, in catalog order. */
  readonly egressDefaults: EgressDefaultRealisation[];

  /** The cloud contract's role handles: the security group id of each managed role. */
  get roleHandles(): Readonly<Record<string, string>> {
    return this.securityGroupIds;
  }

  /** The outputs the AWS effective view reads: security_group_ids, as AwsFirewallStack writes it. */
  get checkedOutputs(): Readonly<Record<string, unknown>> {
    return { security_group_ids: this.securityGroupIds };
  }

  /** The policy as placed in `networks` (each role's VPC, the widened peers), when the props give networks. */
  readonly placed?: PlacedPolicy;
  /** The VPC id of each managed role's group, when the roles sit in several VPCs. */
  readonly vpcIdOfRole?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AwsSecurityGroupsProps) {
    super(scope, id);
    const inNetworks = props !== null && typeof props === "object" && (props.networks !== undefined || props.placement !== undefined);
    checkConstructProps("AwsSecurityGroups", props, {
      strings: inNetworks ? ["namePrefix"] : ["namePrefix", "vpcId"],
      patterns: { vpcId: { pattern: VPC_ID_SHAPE, what: "a VPC id (vpc- and lower-case letters or digits, such as vpc-0a1b2c3d)" } },
    });
    const placement = placeConstructPolicy("AwsSecurityGroups", awsCloud, props, { key: "vpcId", value: props.vpcId }, { key: "vpcIdOfRole", value: props.vpcIdOfRole });
    this.placed = placement.placed;
    const vpcIdOfRole = placement.networkIdOfRole ?? props.vpcIdOfRole;
    this.vpcIdOfRole = vpcIdOfRole;
    const vpcId = props.vpcId ?? Object.values(vpcIdOfRole ?? {})[0];
    // Every problem of the catalog and environment is gathered, and refused at once below.
    const problems: Problem[] = [];
    const bound = boundForCloud(this.placed?.bound ?? props.policy, awsCloud, problems);
    const aws = bindings("aws");
    const prefix = logicalIdPrefix(this, props.logicalIdScope);
    const groupNames: Record<string, string> = {};

    for (const role of bound.managedRoles) {
      const name = `${props.namePrefix}-${bound.environment}-${role.id}`;
      gatherProblems(problems, () => checkGroupName(name, role.id, role.location));
      gatherProblems(problems, () => checkAwsText(role.description, "description", `role "${role.id}"`, role.location));
      const logicalId = prefix + groupLogicalId(role.id);
      // No inline ingress/egress: the rules are their own resources, and mixing both makes them fight.
      // revoke_rules_on_delete stays off: every rule of ours is a resource Terraform deletes first,
      // and revoking would also remove rules other teams attach to the group.
      // AWS cannot change a group's description: Terraform would replace the group, which
      // fails (DependencyViolation) while instances use it. So the description is derived
      // from the role id, which the name already holds (renaming a role replaces the group
      // anyway), and the catalog's role description goes into a tag, which updates in place.
      const group = new aws.SecurityGroup(this, logicalId, {
        name,
        description: groupDescription(role.id),
        vpcId: vpcIdOfRole?.[role.id] ?? vpcId,
        tags: terraformLiteralMap({
          ...props.tags,
          Name: name,
          catalog: bound.policy.name,
          "catalog-role": role.id,
          [ROLE_DESCRIPTION_TAG]: role.description,
        }),
      });
      group.overrideLogicalId(logicalId);
      groupNames[role.id] = name;
      this.securityGroupIds[role.id] = group.id;
    }

    const given = props.rulesPerGroupQuota ?? DEFAULT_RULES_PER_GROUP;
    const quotaValid = Number.isInteger(given) && given >= 1 && given <= MAX_RULES_PER_GROUP;
    if (!quotaValid) {
      problems.push({
        code: "AWS_QUOTA_INVALID",
        subject: `environment "${bound.environment}"`,
        message: `rulesPerGroupQuota ${given} is outside 1-${MAX_RULES_PER_GROUP}, the quota AWS allows`,
        hint: `Set it to the account's "Inbound or outbound rules per security group" quota.`,
      });
    }
    // With a quota out of range the rules are still planned (against the most AWS allows) for their own problems.
    const quota = quotaValid ? given : MAX_RULES_PER_GROUP;
    const plan = gatherProblems(problems, () => planRules(bound, { groupNames, rulesPerGroupQuota: quota }));
    if (problems.length > 0 || !plan) throw SynthesisError.of(problems);
    const scoped = (address: string) => address.replace(/^([^.]+)\./, `$1.${prefix}`);
    for (const entry of plan.entries) this.renderEntry({ ...entry, logicalId: prefix + entry.logicalId }, props.tags ?? {});
    this.realisations = plan.realisations.map((r) => ({ ...r, resources: r.resources.map(scoped) }));
    this.egressDefaults = plan.egressDefaults.map((r) => ({ ...r, resources: r.resources.map(scoped) }));
    claimNames(
      this,
      Object.entries(groupNames).map(([role, name]) => ({ what: `AWS security group name in VPC ${vpcIdOfRole?.[role] ?? vpcId}`, name })),
    );
    addLintValidation(this, bound, props.skipLint);
    addInvariantValidation(this, [{ bound: props.policy }, ...(this.placed ? [{ bound: this.placed.bound, as: "as placed in its networks" }] : [])]);
  }

  private renderEntry(entry: RuleEntry, tags: Record<string, string>): void {
    const peer = entry.peer;
    // Each group's id token, made once: every reading of `group.id` makes a new reference token (100,000 at 5,000 rules).
    const ids = this.securityGroupIds;
    const config = {
      securityGroupId: ids[entry.role],
      description: terraformLiteral(entry.description),
      ...awsProtocolFields(entry.protocol, entry.range),
      // bindPolicy turns roles bound to addresses into CIDRs, so a role peer is always one of our groups.
      referencedSecurityGroupId: peer.kind === "role" ? ids[peer.role] : undefined,
      cidrIpv4: peer.kind === "cidr" && peer.family === 4 ? peer.cidr : undefined,
      cidrIpv6: peer.kind === "cidr" && peer.family === 6 ? peer.cidr : undefined,
      tags: terraformLiteralMap({ ...tags, ...entry.tags }),
    };
    const resource =
      entry.direction === "ingress"
        ? new (bindings("aws").VpcSecurityGroupIngressRule)(this, entry.logicalId, config)
        : new (bindings("aws").VpcSecurityGroupEgressRule)(this, entry.logicalId, config);
    resource.overrideLogicalId(entry.logicalId);
  }
}
