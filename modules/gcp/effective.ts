/**
 * What GCP would decide, read from synthesized Terraform JSON: among the
 * firewall rules that apply, the lowest priority number wins and at equal
 * priority a deny beats an allow; if none applies, the implied rules deny
 * ingress and allow egress.
 */
import { Direction, Flow } from "../../policy";
import { canonicalCidr, CidrCut, cidrHolds, CloudDecision, hasPorts, portSpecHolds, protocolOf } from "../effective";
import { FIREWALL_TYPE } from "./vocabulary";

export interface GcpFirewallRule {
  readonly address: string;
  readonly direction: Direction;
  readonly priority: number;
  readonly action: "allow" | "deny";
  readonly blocks: readonly { protocol: number | "all"; ports?: readonly string[] }[];
  readonly targetTags?: readonly string[];
  readonly targetServiceAccounts?: readonly string[];
  readonly sourceRanges?: readonly string[];
  readonly sourceTags?: readonly string[];
  readonly sourceServiceAccounts?: readonly string[];
  readonly destinationRanges?: readonly string[];
  readonly disabled: boolean;
}

export interface GcpView {
  /** Role id → network tag (from the network_tags output). */
  readonly tagOfRole: Record<string, string>;
  /** Role id → service account, when roles are identified by service accounts. */
  readonly serviceAccountOfRole: Record<string, string>;
  readonly rules: readonly GcpFirewallRule[];
}

export function loadGcpView(json: any, serviceAccounts: Record<string, string> = {}): GcpView {
  const rules: GcpFirewallRule[] = Object.entries<any>(json.resource?.[FIREWALL_TYPE] ?? {}).map(([id, f]) => {
    const address = `${FIREWALL_TYPE}.${id}`;
    if (f.allow && f.deny) throw new Error(`${address} has both allow and deny blocks`);
    // A block list, or one block (how a parsed HCL tree reads after one-element lists are unwrapped).
    const blocks = ([] as any[]).concat(f.allow ?? f.deny ?? []).map((b: any) => ({ protocol: protocolOf(b.protocol), ports: b.ports === undefined ? undefined : ([] as unknown[]).concat(b.ports).map((p) => portSpec(p, address)) }));
    const ranges = (list: unknown, attribute: string) => (list === undefined ? undefined : ([] as unknown[]).concat(list).map((c) => canonicalCidr(c, `${address}.${attribute}`)));
    return {
      address,
      direction: f.direction === "EGRESS" ? "egress" : "ingress",
      priority: f.priority ?? 1000,
      action: f.allow ? "allow" : "deny",
      blocks,
      targetTags: f.target_tags,
      targetServiceAccounts: f.target_service_accounts,
      sourceRanges: ranges(f.source_ranges, "source_ranges"),
      sourceTags: f.source_tags,
      sourceServiceAccounts: f.source_service_accounts,
      destinationRanges: ranges(f.destination_ranges, "destination_ranges"),
      disabled: f.disabled === true,
    };
  });
  return { tagOfRole: { ...(json.output?.network_tags?.value ?? {}) }, serviceAccountOfRole: serviceAccounts, rules };
}

function portSpec(value: unknown, address: string): string {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(String(value));
  if (!m || Number(m[1]) > 65535 || Number(m[2] ?? m[1]) > 65535 || Number(m[2] ?? m[1]) < Number(m[1])) throw new Error(`${address}: port "${value}" is not a port or range within 0-65535`);
  return String(value);
}

function appliesToTarget(view: GcpView, rule: GcpFirewallRule, role: string): boolean {
  if (rule.targetTags?.length) return rule.targetTags.includes(view.tagOfRole[role]);
  if (rule.targetServiceAccounts?.length) return rule.targetServiceAccounts.includes(view.serviceAccountOfRole[role]);
  return true; // no target: every instance of the network
}

function matchesPeer(view: GcpView, rule: GcpFirewallRule, flow: Flow): boolean {
  const peer = flow.peer;
  if (rule.direction === "egress") {
    const ranges = rule.destinationRanges?.length ? rule.destinationRanges : ["0.0.0.0/0"];
    return ranges.some((r) => cidrHolds(r, peer));
  }
  const hasSource = Boolean(rule.sourceRanges?.length || rule.sourceTags?.length || rule.sourceServiceAccounts?.length);
  if (!hasSource) return cidrHolds("0.0.0.0/0", peer);
  if (rule.sourceRanges?.some((r) => cidrHolds(r, peer))) return true;
  if (peer.kind !== "role") return false;
  if (rule.sourceTags?.includes(view.tagOfRole[peer.role])) return true;
  return Boolean(rule.sourceServiceAccounts?.includes(view.serviceAccountOfRole[peer.role]));
}

function matchesTraffic(rule: GcpFirewallRule, flow: Flow): boolean {
  return rule.blocks.some((b) => {
    if (b.protocol !== "all" && b.protocol !== flow.protocol) return false;
    if (!b.ports?.length || b.protocol === "all" || !hasPorts(b.protocol)) return true;
    return flow.port !== undefined && b.ports.some((p) => portSpecHolds(p, flow.port!));
  });
}

/** Every port edge the firewalls mention. */
export function gcpPorts(view: GcpView): number[] {
  return view.rules.flatMap((r) => r.blocks.flatMap((b) => (b.ports ?? []).flatMap((p) => p.split("-").map(Number))));
}

/** Every CIDR the firewalls match against, with each block's traffic, and every protocol number they name (the probe flows must cover them). */
export function gcpCuts(view: GcpView): CidrCut[] {
  return view.rules.flatMap((r) =>
    [...(r.sourceRanges ?? []), ...(r.destinationRanges ?? [])].flatMap((cidr) =>
      r.blocks.map((b) => ({
        direction: r.direction,
        protocol: b.protocol,
        ports: b.protocol !== "all" && hasPorts(b.protocol) && b.ports?.length ? b.ports.map((p) => { const [from, to] = p.split("-").map(Number); return { from, to: to ?? from }; }) : undefined,
        cidr,
      })),
    ),
  );
}
export function gcpProtocols(view: GcpView): number[] {
  return view.rules.flatMap((r) => r.blocks.flatMap((b) => (b.protocol === "all" ? [] : [b.protocol])));
}

export function gcpRuleApplies(view: GcpView, rule: GcpFirewallRule, flow: Flow): boolean {
  return !rule.disabled && rule.direction === flow.direction && appliesToTarget(view, rule, flow.target) && matchesPeer(view, rule, flow) && matchesTraffic(rule, flow);
}

// The rules in evaluation order (lowest priority number first, deny first at a tie), sorted once per view.
const evaluationOrder = new WeakMap<GcpView, readonly GcpFirewallRule[]>();

export function gcpDecide(view: GcpView, flow: Flow): CloudDecision {
  let ordered = evaluationOrder.get(view);
  if (!ordered) {
    ordered = [...view.rules].sort((a, b) => a.priority - b.priority || (a.action === b.action ? 0 : a.action === "deny" ? -1 : 1));
    evaluationOrder.set(view, ordered);
  }
  const first = ordered.find((r) => gcpRuleApplies(view, r, flow));
  if (!first) return { action: flow.direction === "ingress" ? "deny" : "allow", resources: [] };
  return { action: first.action, resources: [first.address] };
}
