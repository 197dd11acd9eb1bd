/** The cloud's cdktf classes, which its registry row (./cloud.ts) loads on use: verify and reach never load cdktf. */
export { GcpFirewall as Firewall } from "./index";
export { GcpFirewallStack as Stack } from "./stack";
