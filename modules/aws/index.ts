/** AWS rendering of a bound policy: security groups and their rule resources. */
export { AwsSecurityGroups } from "./security-groups";
export type { AwsNetwork, AwsSecurityGroupsProps } from "./security-groups";
export type { EgressDefaultRealisation, RuleRealisation } from "../realisation";
