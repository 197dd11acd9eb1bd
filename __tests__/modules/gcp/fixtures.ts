/** Shared by the GCP module tests: one firewall construct in a stack, synthesized. */
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GcpFirewall, GcpFirewallProps } from "../../../modules/gcp";
import { BoundPolicy } from "../../../policy";
// Rendering tests read the bare ids our own stacks use, and leave the lint to its own tests.
import { OWN_STACK_OPTIONS as FLAT } from "../../../modules/cloud";

/**
 * `fw`: the firewall resources of the catalog's rules and egress defaults; `ipv6Off`: the IPv6
 * denies an environment without IPv6 adds for every role (kept apart so each test sees what it is about).
 */
export function synth(policy: BoundPolicy, props: Partial<GcpFirewallProps> = {}): { fw: Record<string, any>; ipv6Off: Record<string, any>; module: GcpFirewall } {
  const stack = new TerraformStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "p-123456" });
  const module = new GcpFirewall(stack, "fw", { policy, network: "vpc", namePrefix: "st", ...FLAT, ...props });
  const json = JSON.parse(Testing.synth(stack));
  const all: Record<string, any> = json.resource?.google_compute_firewall ?? {};
  const isIpv6Off = (f: any) => String(f.description).includes("IPv6 is off");
  return {
    fw: Object.fromEntries(Object.entries(all).filter(([, f]) => !isIpv6Off(f))),
    ipv6Off: Object.fromEntries(Object.entries(all).filter(([, f]) => isIpv6Off(f))),
    module,
  };
}

export const byPriority = (fw: Record<string, any>) => Object.values(fw).sort((a: any, b: any) => a.priority - b.priority);
/** The ingress resources only (test catalogs deny egress by default, which adds deny-all egress rules). */
export const inOnly = (fw: Record<string, any>) => Object.fromEntries(Object.entries(fw).filter(([, f]) => f.direction === "INGRESS"));
