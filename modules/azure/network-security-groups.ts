/**
 * Renders a bound policy as Azure network security groups: an application
 * security group (ASG) per managed role, a network security group (NSG) per
 * managed role, and one NSG rule resource (RULE_TYPE) per planned rule (never
 * inline security_rule blocks, which would fight the rule resources).
 */
import type { NetworkSecurityRuleConfig } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Construct } from "constructs";
import { CloudFirewall } from "../cloud";
import { BoundPolicy, Problem, SynthesisError } from "../../policy";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "../realisation";
import { terraformLiteral, terraformLiteralMap } from "../terraform-literal";
import { AZURE_LIMITS, checkAzureName } from "./azure-limits";
import { CloudPriorities } from "../priorities";
import { AzureSide, NsgRulePlan, planAzure } from "./plan";
import { bindings, core } from "../runtime";
import { LogicalIdScope, logicalIdPrefix } from "../addresses";
import { addInvariantValidation, addLintValidation, checkConstructProps, LintSkip } from "../construct-checks";
import { AZURE_MAX_TAGS, AZURE_RESERVED_TAG_PREFIXES, lookUpAzureLocation, unknownLocationHint } from "./regions";
import { RULE_TYPE } from "./vocabulary";
import { boundForCloud } from "../platform";
import { azureCloud } from "./cloud";
import { placeConstructPolicy } from "../construct-networks";
import { networkIdOfRole, PlacedPolicy } from "../networks";

/** Props of AzureNetworkSecurityGroups. */
export interface AzureNetworkSecurityGroupsProps {
  /** The policy bound to one environment. */
  readonly policy: BoundPolicy;
  /** Resource group of the NSGs and ASGs. */
  readonly resourceGroupName: string;
  /** Azure region, such as westeurope. */
  readonly location: string;
  /** Prefix of names: `<namePrefix>-<environment>-<role>`. */
  readonly namePrefix: string;
  /** Tags on every NSG and ASG. @default none */
  readonly tags?: Record<string, string>;
  /** Lowest priority of the catalog's rules in each direction of each NSG (100-4095, lower wins); the first gets base + step. @default 100 */
  readonly priorityBase?: number;
  /** Room between rules in a first allocation and between appended rules, so rules can be inserted without renumbering. @default 100 */
  readonly priorityStep?: number;
  /** How the resources' logical ids are scoped (see LogicalIdScope). @default "construct" */
  readonly logicalIdScope?: LogicalIdScope;
  /** Turns the security lint off for this construct; the reason is required and kept in the construct's metadata. @default the lint runs */
  readonly skipLint?: LintSkip;
  /**
   * The allocation made last time (`priorityAllocation` of the previous
   * synthesis, as the allocation file keeps it): existing rules keep their
   * priorities. @default none (a first allocation)
   */
  readonly priorities?: CloudPriorities;
  /**
   * The VNets the roles' network interfaces sit in, by a name of your choosing,
   * as an environment file's `azure.networks` (docs/environments.md, "Several
   * networks per cloud"): each with its `vnet` and its `cidrs`. With
   * `placement`, a rule names a role of another VNet by that VNet's CIDRs (an
   * ASG holds network interfaces of one VNet; listed in `placed.widened`).
   * @default one VNet for every role
   */
  readonly networks?: Readonly<Record<string, AzureNetwork>>;
  /** With `networks`: each role's VNet, role id to network name, `"*"` for every role not listed. */
  readonly placement?: Readonly<Record<string, string>>;
}

/** One VNet of AzureNetworkSecurityGroups' `networks`. */
export interface AzureNetwork {
  /** The VNet's name (may be a token, such as vnet.name of your own VirtualNetwork). */
  readonly vnet: string;
  /** The VNet's address space, literal: a rule of another VNet names it. */
  readonly cidrs?: readonly string[];
}

export { RULE_TYPE };

/** Terraform logical id of a planned rule: role and rule name, so adding a rule renames nothing. */
export function ruleLogicalId(rule: Pick<NsgRulePlan, "role" | "name">): string {
  return `${rule.role}_${rule.name}`.replace(/[^A-Za-z0-9_]+/g, "_");
}

/**
 * A bound catalog as Azure network and application security groups, one of
 * each per managed role, with one security rule resource per planned rule.
 *
 * @example
 *   new AzureNetworkSecurityGroups(stack, "nsgs", { policy: bindPolicy(policy, { environment: "prod" }), resourceGroupName: rg.name, location: rg.location, namePrefix: "shop" });
 */
export class AzureNetworkSecurityGroups extends Construct implements CloudFirewall {
  /** NSG id (a Terraform reference) per managed role id: associate it with the role's network interfaces. */
  readonly networkSecurityGroupIds: Record<string, string> = {};
  /** ASG id (a Terraform reference) per managed role id: add the role's network interfaces to it. */
  readonly applicationSecurityGroupIds: Record<string, string> = {};
  /** How each catalog rule is realised on Azure. */
  readonly realisations: RuleRealisation[];
  /** How each managed role's egress default is realised. */
  readonly egressDefaults: EgressDefaultRealisation[];
  /** How each managed role's ingress default (deny) is kept against Azure's AllowVnetInBound. */
  readonly ingressDefaults: IngressDefaultRealisation[];
  /** The priorities given, per NSG and direction (the allocation file's `azure` section). */
  readonly priorityAllocation: CloudPriorities;
  /** Security rules (`<role>/<name>`) that had a priority in the previous allocation and got another one. */
  readonly renumbered: readonly string[];

  /** What a role's machines carry to be members: their network interfaces join the role's ASG (and get its NSG). */
  get roleHandles(): Readonly<Record<string, string>> {
    return this.applicationSecurityGroupIds;
  }

  /** The outputs the Azure effective view reads, as AzureFirewallStack writes them. */
  get checkedOutputs(): Readonly<Record<string, unknown>> {
    return { network_security_group_ids: this.networkSecurityGroupIds, application_security_group_ids: this.applicationSecurityGroupIds };
  }

  /** The policy as placed in `networks` (each role's VNet, the widened peers), when the props give networks. */
  readonly placed?: PlacedPolicy;
  /** The VNet of each managed role's network interfaces (and so its ASG's members), when the roles sit in several VNets. */
  readonly vnetOfRole?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AzureNetworkSecurityGroupsProps) {
    super(scope, id);
    checkConstructProps("AzureNetworkSecurityGroups", props, { strings: ["namePrefix", "resourceGroupName", "location"] });
    this.placed = placeConstructPolicy("AzureNetworkSecurityGroups", azureCloud, props, {}).placed;
    this.vnetOfRole = networkIdOfRole(this.placed);
    const problems: Problem[] = [];
    const bound = boundForCloud(this.placed?.bound ?? props.policy, azureCloud, problems);
    const prefix = logicalIdPrefix(this, props.logicalIdScope);
    const groupName = (role: string) => `${props.namePrefix}-${bound.environment}-${role}`;
    for (const role of bound.managedRoles) {
      const problem = checkAzureName(groupName(role.id), "network and application security group name");
      if (problem)
        problems.push({
          code: "AZURE_NAME_INVALID",
          location: role.location,
          subject: `role "${role.id}" in environment "${bound.environment}"`,
          message: problem,
          hint: "Shorten the role id or the environment's namePrefix.",
        });
    }
    if (problems.length > 0) throw SynthesisError.of(problems);
    const location = azureLocation(props.location, bound.environment);
    checkAzureTags(props.tags ?? {}, bound.environment);

    const plan = planAzure(bound, { priorityBase: props.priorityBase, priorityStep: props.priorityStep, priorities: props.priorities, addressOf: (r) => `${RULE_TYPE}.${prefix}${ruleLogicalId(r)}` });
    this.realisations = [...plan.realisations];
    this.egressDefaults = [...plan.egressDefaults];
    this.ingressDefaults = [...plan.ingressDefaults];
    this.priorityAllocation = plan.priorityAllocation;
    this.renumbered = plan.renumbered;

    const { ApplicationSecurityGroup, NetworkSecurityGroup, NetworkSecurityRule } = bindings("azure");
    const tags = props.tags ? terraformLiteralMap(props.tags) : undefined;
    for (const role of bound.managedRoles) {
      const logicalId = prefix + `asg_${role.id}`.replace(/-/g, "_");
      const asg = new ApplicationSecurityGroup(this, logicalId, { name: groupName(role.id), resourceGroupName: props.resourceGroupName, location, tags });
      asg.overrideLogicalId(logicalId);
      this.applicationSecurityGroupIds[role.id] = asg.id;
    }
    const taken = new Set<string>();
    for (const nsgPlan of plan.nsgs) {
      const role = nsgPlan.role.id;
      const logicalId = prefix + `nsg_${role}`.replace(/-/g, "_");
      const nsg = new NetworkSecurityGroup(this, logicalId, { name: groupName(role), resourceGroupName: props.resourceGroupName, location, tags });
      nsg.overrideLogicalId(logicalId);
      this.networkSecurityGroupIds[role] = nsg.id;
      // Read once: every reading of a resource attribute makes a new reference token.
      const nsgName = nsg.name;
      for (const rule of nsgPlan.rules) {
        if (rule.description.length > AZURE_LIMITS.descriptionLength) {
          throw new SynthesisError(
            `role "${role}": the description of security rule "${rule.name}" is ${rule.description.length} characters; Azure allows ${AZURE_LIMITS.descriptionLength}. Shorten the role id.`,
            undefined,
            "AZURE_DESCRIPTION_TOO_LONG",
          );
        }
        const id = prefix + ruleLogicalId(rule);
        if (taken.has(id))
          throw new SynthesisError(`two Azure security rules would both have the logical id ${RULE_TYPE}.${id}; rename one of the catalog rules.`, undefined, "AZURE_LOGICAL_ID_TAKEN");
        taken.add(id);
        const [source, destination] = rule.direction === "ingress" ? [rule.peer, rule.targetSide] : [rule.targetSide, rule.peer];
        const resource = new NetworkSecurityRule(this, id, {
          name: rule.name,
          resourceGroupName: props.resourceGroupName,
          networkSecurityGroupName: nsgName,
          priority: rule.priority,
          direction: rule.direction === "ingress" ? "Inbound" : "Outbound",
          access: rule.action === "allow" ? "Allow" : "Deny",
          protocol: rule.protocol,
          description: terraformLiteral(rule.description),
          sourcePortRange: "*",
          ...(rule.ports.length === 1 ? { destinationPortRange: rule.ports[0] } : { destinationPortRanges: [...rule.ports] }),
          ...side("source", source, this.applicationSecurityGroupIds),
          ...side("destination", destination, this.applicationSecurityGroupIds),
        });
        resource.overrideLogicalId(id);
      }
    }
    addLintValidation(this, bound, props.skipLint);
    addInvariantValidation(this, [{ bound: props.policy }, ...(this.placed ? [{ bound: this.placed.bound, as: "as placed in its networks" }] : [])]);
  }
}

/** One side of a rule: ASG ids, one prefix, or several prefixes (never ASGs and prefixes together). */
function side(which: "source" | "destination", s: AzureSide, asgIds: Readonly<Record<string, string>>): Partial<NetworkSecurityRuleConfig> {
  if (s.kind === "asg") {
    const ids = s.roles.map((r) => asgIds[r]);
    return which === "source" ? { sourceApplicationSecurityGroupIds: ids } : { destinationApplicationSecurityGroupIds: ids };
  }
  if (s.prefixes.length === 1) return which === "source" ? { sourceAddressPrefix: s.prefixes[0] } : { destinationAddressPrefix: s.prefixes[0] };
  return which === "source" ? { sourceAddressPrefixes: [...s.prefixes] } : { destinationAddressPrefixes: [...s.prefixes] };
}

/** A location as Azure's region name ("West Europe" is westeurope); a token passes as it is. Unknown: SynthesisError AZURE_UNKNOWN_LOCATION. */
export function azureLocation(location: string, environment: string): string {
  if (core().Token.isUnresolved(location)) return location;
  const found = lookUpAzureLocation(location);
  if ("name" in found) return found.name;
  throw new SynthesisError(`environment "${environment}": "${location}" is not an Azure region. ${unknownLocationHint(found.nearest)}`, undefined, "AZURE_UNKNOWN_LOCATION");
}

/** Azure's tag rules that the resources' own tags must keep: at most 50, names unique regardless of case, none of Azure's reserved prefixes. */
export function checkAzureTags(tags: Record<string, string>, environment: string): void {
  if (core().Token.isUnresolved(tags)) return;
  const names = Object.keys(tags);
  if (names.length > AZURE_MAX_TAGS) {
    throw new SynthesisError(
      `environment "${environment}": the security groups would carry ${names.length} tags; Azure allows ${AZURE_MAX_TAGS} per resource. Drop some tags.`,
      undefined,
      "AZURE_TOO_MANY_TAGS",
    );
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    const prefix = AZURE_RESERVED_TAG_PREFIXES.find((p) => lower.startsWith(p));
    if (prefix) throw new SynthesisError(`environment "${environment}": tag "${name}" starts with "${prefix}", a prefix Azure keeps for itself. Rename the tag.`, undefined, "AZURE_RESERVED_TAG");
    if (seen.has(lower))
      throw new SynthesisError(
        `environment "${environment}": tags "${seen.get(lower)}" and "${name}" are one tag to Azure (tag names ignore case). Keep one of them.`,
        undefined,
        "AZURE_DUPLICATE_TAG",
      );
    seen.set(lower, name);
  }
}
