/**
 * What hashicorp/aws (5.x) cannot change in place, for reviewing a change
 * without a plan: a security group's name, description and VPC are ForceNew;
 * a rule's group is RequiresReplace, and ModifySecurityGroupRules keeps a
 * rule's kind of peer (CIDR, IPv6 CIDR, prefix list or group).
 */
import { attributesReplace, CloudChangeRules, ReplacementRule } from "../cloud";
import { referencedId } from "../effective";
import { RULE_TYPES, SECURITY_GROUP_TYPE } from "./vocabulary";

const PEER_ATTRIBUTES = ["cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"];

const rule: ReplacementRule = (before, after, isReplaced) => {
  const kind = (r: Readonly<Record<string, unknown>>) => PEER_ATTRIBUTES.find((a) => r[a] !== undefined && r[a] !== null);
  const reasons = attributesReplace("security_group_id")(before, after, isReplaced);
  if (kind(before) !== kind(after)) reasons.push(`its peer changes kind (${kind(before)} → ${kind(after)})`);
  // A replaced group's id is unknown until apply, and the group id of a rule forces a new rule.
  const group = referencedId(after.security_group_id, SECURITY_GROUP_TYPE);
  if (reasons.length === 0 && group && isReplaced(`${SECURITY_GROUP_TYPE}.${group}`)) reasons.push(`its group \`${SECURITY_GROUP_TYPE}.${group}\` is replaced`);
  return reasons;
};

export const AWS_CHANGE_RULES: CloudChangeRules = {
  replacedWhen: {
    [SECURITY_GROUP_TYPE]: attributesReplace("name", "name_prefix", "description", "vpc_id"),
    [RULE_TYPES.ingress]: rule,
    [RULE_TYPES.egress]: rule,
  },
  attachedGroups: [{ type: SECURITY_GROUP_TYPE, noun: "security group" }],
};
