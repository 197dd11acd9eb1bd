/** Azure rendering of a bound policy: application and network security groups and their rule resources. */
export { AzureNetworkSecurityGroups, ruleLogicalId, RULE_TYPE } from "./network-security-groups";
export type { AzureNetwork, AzureNetworkSecurityGroupsProps } from "./network-security-groups";
export { AZURE_LIMITS } from "./azure-limits";
export { planAzure, azureProtocol, OVERRIDE_PRIORITY } from "./plan";
export type { AzurePlan, NsgPlan, NsgRulePlan, AzureSide } from "./plan";
export type { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "../realisation";
