/**
 * Renders a bound policy as Azure network security groups: an application
 * security group (ASG) per managed role, a network security group (NSG) per
 * managed role, and one NSG rule resource (RULE_TYPE) per planned rule (never
 * inline security_rule blocks, which would fight the rule resources).
 */
import { ApplicationSecurityGroup } from "@cdktf/provider-azurerm/lib/application-security-group";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule, NetworkSecurityRuleConfig } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Construct } from "constructs";
import { CloudFirewall } from "../cloud";
import { BoundPolicy, formatProblem, Problem, SynthesisError } from "../../policy";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "../realisation";
import { terraformLiteral, terraformLiteralMap } from "../terraform-literal";
import { AZURE_LIMITS, checkAzureName } from "./azure-limits";
import { AzureSide, NsgRulePlan, planAzure } from "./plan";
import { RULE_TYPE } from "./vocabulary";

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
  /** Priority of the first rule in each direction of each NSG (100-4095, lower wins). @default 100 */
  readonly priorityBase?: number;
  /** Room between consecutive priorities, so teams can slot rules in. @default 10 */
  readonly priorityStep?: number;
}

export { RULE_TYPE };

/** Terraform logical id of a planned rule: role and rule name, so adding a rule renames nothing. */
export function ruleLogicalId(rule: Pick<NsgRulePlan, "role" | "name">): string {
  return `${rule.role}_${rule.name}`.replace(/[^A-Za-z0-9_]+/g, "_");
}

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

  /** What a role's machines carry to be members: their network interfaces join the role's ASG (and get its NSG). */
  get roleHandles(): Readonly<Record<string, string>> {
    return this.applicationSecurityGroupIds;
  }

  constructor(scope: Construct, id: string, props: AzureNetworkSecurityGroupsProps) {
    super(scope, id);
    const bound = props.policy;
    const problems: Problem[] = [];
    const groupName = (role: string) => `${props.namePrefix}-${bound.environment}-${role}`;
    for (const role of bound.managedRoles) {
      const problem = checkAzureName(groupName(role.id), "network and application security group name");
      if (problem) problems.push({ location: role.location, subject: `role "${role.id}" in environment "${bound.environment}"`, message: problem, hint: "Shorten the role id or the environment's namePrefix." });
    }
    if (problems.length > 0) throw new SynthesisError(problems.map(formatProblem).join("\n"));

    const plan = planAzure(bound, { priorityBase: props.priorityBase, priorityStep: props.priorityStep, addressOf: (r) => `${RULE_TYPE}.${ruleLogicalId(r)}` });
    this.realisations = [...plan.realisations];
    this.egressDefaults = [...plan.egressDefaults];
    this.ingressDefaults = [...plan.ingressDefaults];

    const tags = props.tags ? terraformLiteralMap(props.tags) : undefined;
    const asgs: Record<string, ApplicationSecurityGroup> = {};
    for (const role of bound.managedRoles) {
      const logicalId = `asg_${role.id}`.replace(/-/g, "_");
      const asg = new ApplicationSecurityGroup(this, logicalId, { name: groupName(role.id), resourceGroupName: props.resourceGroupName, location: props.location, tags });
      asg.overrideLogicalId(logicalId);
      asgs[role.id] = asg;
      this.applicationSecurityGroupIds[role.id] = asg.id;
    }
    const taken = new Set<string>();
    for (const nsgPlan of plan.nsgs) {
      const role = nsgPlan.role.id;
      const logicalId = `nsg_${role}`.replace(/-/g, "_");
      const nsg = new NetworkSecurityGroup(this, logicalId, { name: groupName(role), resourceGroupName: props.resourceGroupName, location: props.location, tags });
      nsg.overrideLogicalId(logicalId);
      this.networkSecurityGroupIds[role] = nsg.id;
      for (const rule of nsgPlan.rules) {
        if (rule.description.length > AZURE_LIMITS.descriptionLength) {
          throw new SynthesisError(`role "${role}": the description of security rule "${rule.name}" is ${rule.description.length} characters; Azure allows ${AZURE_LIMITS.descriptionLength}. Shorten the role id.`);
        }
        const id = ruleLogicalId(rule);
        if (taken.has(id)) throw new SynthesisError(`two Azure security rules would both have the logical id ${RULE_TYPE}.${id}; rename one of the catalog rules.`);
        taken.add(id);
        const [source, destination] = rule.direction === "ingress" ? [rule.peer, rule.targetSide] : [rule.targetSide, rule.peer];
        const resource = new NetworkSecurityRule(this, id, {
          name: rule.name,
          resourceGroupName: props.resourceGroupName,
          networkSecurityGroupName: nsg.name,
          priority: rule.priority,
          direction: rule.direction === "ingress" ? "Inbound" : "Outbound",
          access: rule.action === "allow" ? "Allow" : "Deny",
          protocol: rule.protocol,
          description: terraformLiteral(rule.description),
          sourcePortRange: "*",
          ...(rule.ports.length === 1 ? { destinationPortRange: rule.ports[0] } : { destinationPortRanges: [...rule.ports] }),
          ...side("source", source, asgs),
          ...side("destination", destination, asgs),
        });
        resource.overrideLogicalId(id);
      }
    }
  }
}

/** One side of a rule: ASG ids, one prefix, or several prefixes (never ASGs and prefixes together). */
function side(which: "source" | "destination", s: AzureSide, asgs: Record<string, ApplicationSecurityGroup>): Partial<NetworkSecurityRuleConfig> {
  if (s.kind === "asg") {
    const ids = s.roles.map((r) => asgs[r].id);
    return which === "source" ? { sourceApplicationSecurityGroupIds: ids } : { destinationApplicationSecurityGroupIds: ids };
  }
  if (s.prefixes.length === 1) return which === "source" ? { sourceAddressPrefix: s.prefixes[0] } : { destinationAddressPrefix: s.prefixes[0] };
  return which === "source" ? { sourceAddressPrefixes: [...s.prefixes] } : { destinationAddressPrefixes: [...s.prefixes] };
}
