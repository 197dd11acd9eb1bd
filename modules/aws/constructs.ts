/** The cloud's cdktf classes, which its registry row (./cloud.ts) loads on use: verify and reach never load cdktf. */
export { AwsSecurityGroups as Firewall } from "./security-groups";
export { AwsFirewallStack as Stack } from "./stack";
