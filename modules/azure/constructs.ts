/** The cloud's cdktf classes, which its registry row (./cloud.ts) loads on use: verify and reach never load cdktf. */
export { AzureNetworkSecurityGroups as Firewall } from "./network-security-groups";
export { AzureFirewallStack as Stack } from "./stack";
