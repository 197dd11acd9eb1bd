/**
 * What hashicorp/azurerm (4.x) cannot change in place, for reviewing a change
 * without a plan: every resource's name and resource group are ForceNew, and
 * so are a group's location and a rule's network security group; a rule's
 * priority, access, direction, protocol, ports, prefixes, ASGs and description,
 * and every resource's tags, are updated in place.
 */
import { attributesReplace, CloudChangeRules, ReplacementRule } from "../cloud";
import { ASG_TYPE, NSG_TYPE, RULE_TYPE } from "./vocabulary";

const GROUP = attributesReplace("name", "location", "resource_group_name");

/** `${<NSG_TYPE>.<id>.name}` → `<id>`. */
function nsgOf(ref: unknown): string | undefined {
  return new RegExp(`^\\$\\{${NSG_TYPE}\\.([\\w-]+)\\.name\\}$`).exec(String(ref ?? ""))?.[1];
}

const rule: ReplacementRule = (before, after, isReplaced) => {
  const reasons = attributesReplace("name", "resource_group_name", "network_security_group_name")(before, after, isReplaced);
  // Azure deletes a group's rules with it: a rule of a replaced group is gone until it is created again.
  const group = nsgOf(after.network_security_group_name);
  if (reasons.length === 0 && group && isReplaced(`${NSG_TYPE}.${group}`)) reasons.push(`its group \`${NSG_TYPE}.${group}\` is replaced`);
  return reasons;
};

export const AZURE_CHANGE_RULES: CloudChangeRules = {
  replacedWhen: {
    [ASG_TYPE]: GROUP,
    [NSG_TYPE]: GROUP,
    [RULE_TYPE]: rule,
  },
  // Subnets and network interfaces are associated with the NSG, and network interfaces' IP
  // configurations with the ASG (the role handle): either blocks the group's deletion.
  attachedGroups: [
    { type: NSG_TYPE, noun: "network security group" },
    { type: ASG_TYPE, noun: "application security group" },
  ],
};
