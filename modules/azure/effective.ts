/**
 * What Azure would decide for a flow, read from synthesized Terraform JSON.
 * A flow to (ingress) or from (egress) a member of a role meets that role's
 * network security group: its rules of the flow's direction in priority order,
 * lowest first, then Azure's default rules; the first rule that matches
 * decides (NSGs are stateful: replies are not flows of their own). A role's
 * member is in the role's application security group and in the virtual
 * network; whether an outside address is in the virtual network or on the
 * Internet is not known here, so a decision that depends on it is reported
 * as uncertain rather than guessed.
 */
import { cidrContainsAddress, cidrInterval, Direction, Flow, FlowPeer, IpFamily } from "../../policy";
import { CidrCut, CloudDecision } from "../effective";
import { ASG_IDS_OUTPUT, ASG_TYPE, ICMP_NUMBERS, NSG_IDS_OUTPUT, NSG_TYPE, RULE_PROTOCOL_NUMBERS, RULE_TYPE } from "./vocabulary";

export interface AzureSideView {
  /** Role ids whose application security groups the side names (unknown ASGs name no role). */
  readonly asgRoles?: readonly string[];
  /** Address prefixes, `*` or service tags. */
  readonly prefixes?: readonly string[];
}

export interface AzureRuleView {
  readonly address: string;
  readonly direction: Direction;
  readonly priority: number;
  readonly action: "allow" | "deny";
  readonly protocol: string;
  readonly ports: readonly string[];
  readonly source: AzureSideView;
  readonly destination: AzureSideView;
  /** True for Azure's own default rules and for the rules that stand in for them. */
  readonly isDefault: boolean;
}

export interface AzureView {
  /** Role id → NSG logical id (from the network_security_group_ids output). */
  readonly nsgOfRole: Record<string, string>;
  /** NSG logical id → its rules, both directions, in priority order, Azure's default rules last. */
  readonly rulesOfNsg: Record<string, readonly AzureRuleView[]>;
}

export interface AzureDecision extends CloudDecision {
  /** The rule that decided: a Terraform address, or an Azure default rule's name with its priority. */
  readonly decidedBy: string;
  /** True when a default rule, or our override of the defaults, decided (then `resources` is empty). */
  readonly byDefault: boolean;
}

/** Prefix in our override rules' names: they stand in for Azure's default rules. */
export const OVERRIDE_NAME_PREFIX = "default-";

const DEFAULT_RULES: readonly Omit<AzureRuleView, "address">[] = [
  { direction: "ingress", priority: 65000, action: "allow", protocol: "*", ports: ["*"], source: { prefixes: ["VirtualNetwork"] }, destination: { prefixes: ["VirtualNetwork"] }, isDefault: true },
  { direction: "ingress", priority: 65001, action: "allow", protocol: "*", ports: ["*"], source: { prefixes: ["AzureLoadBalancer"] }, destination: { prefixes: ["*"] }, isDefault: true },
  { direction: "ingress", priority: 65500, action: "deny", protocol: "*", ports: ["*"], source: { prefixes: ["*"] }, destination: { prefixes: ["*"] }, isDefault: true },
  { direction: "egress", priority: 65000, action: "allow", protocol: "*", ports: ["*"], source: { prefixes: ["VirtualNetwork"] }, destination: { prefixes: ["VirtualNetwork"] }, isDefault: true },
  { direction: "egress", priority: 65001, action: "allow", protocol: "*", ports: ["*"], source: { prefixes: ["*"] }, destination: { prefixes: ["Internet"] }, isDefault: true },
  { direction: "egress", priority: 65500, action: "deny", protocol: "*", ports: ["*"], source: { prefixes: ["*"] }, destination: { prefixes: ["*"] }, isDefault: true },
];
const DEFAULT_NAMES = ["AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound", "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound"];

/** The address Azure's load balancer probes come from (the AzureLoadBalancer service tag). */
const AZURE_LOAD_BALANCER = "168.63.129.16";

function referenced(ref: unknown, type: string, attribute: string): string | undefined {
  const m = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.${attribute}\\}$`).exec(String(ref ?? ""));
  return m?.[1];
}

function list(single: unknown, many: unknown): string[] {
  if (Array.isArray(many) && many.length > 0) return many.map(String);
  return single === undefined || single === null ? [] : [String(single)];
}

/** Reads the NSGs, ASGs and rules of a synthesized Azure stack. Throws on what Azure itself would reject. */
export function loadAzureView(json: any): AzureView {
  const nsgOfRole: Record<string, string> = {};
  for (const [role, ref] of Object.entries<string>(json.output?.[NSG_IDS_OUTPUT]?.value ?? {})) {
    const id = referenced(ref, NSG_TYPE, "id");
    if (!id) throw new Error(`output network_security_group_ids["${role}"] is not a network security group reference: ${ref}`);
    nsgOfRole[role] = id;
  }
  const roleOfAsg: Record<string, string> = {};
  for (const [role, ref] of Object.entries<string>(json.output?.[ASG_IDS_OUTPUT]?.value ?? {})) {
    const id = referenced(ref, ASG_TYPE, "id");
    if (!id) throw new Error(`output application_security_group_ids["${role}"] is not an application security group reference: ${ref}`);
    roleOfAsg[id] = role;
  }
  const sideOf = (address: string, body: any, which: "source" | "destination"): AzureSideView => {
    const asgs = (body[`${which}_application_security_group_ids`] ?? []) as string[];
    const prefixes = list(body[`${which}_address_prefix`], body[`${which}_address_prefixes`]);
    if (asgs.length > 0 && prefixes.length > 0) throw new Error(`${address} names both application security groups and address prefixes as its ${which}; Azure rejects that`);
    if (asgs.length === 0 && prefixes.length === 0) throw new Error(`${address} has no ${which}`);
    if (asgs.length > 0) return { asgRoles: asgs.map((ref) => roleOfAsg[referenced(ref, ASG_TYPE, "id") ?? ""]).filter((r): r is string => r !== undefined) };
    return { prefixes };
  };
  const rulesOfNsg: Record<string, AzureRuleView[]> = {};
  for (const id of Object.keys(json.resource?.[NSG_TYPE] ?? {})) rulesOfNsg[id] = [];
  for (const [id, body] of Object.entries<any>(json.resource?.[RULE_TYPE] ?? {})) {
    const address = `${RULE_TYPE}.${id}`;
    const nsg = referenced(body.network_security_group_name, NSG_TYPE, "name");
    if (!nsg || !rulesOfNsg[nsg]) throw new Error(`${address} does not name a network security group of this configuration`);
    const priority = Number(body.priority);
    if (!Number.isInteger(priority) || priority < 100 || priority > 4096) throw new Error(`${address} has priority ${body.priority}; Azure accepts 100-4096`);
    rulesOfNsg[nsg].push({
      address,
      direction: body.direction === "Outbound" ? "egress" : "ingress",
      priority,
      action: body.access === "Deny" ? "deny" : "allow",
      protocol: String(body.protocol),
      ports: list(body.destination_port_range, body.destination_port_ranges),
      source: sideOf(address, body, "source"),
      destination: sideOf(address, body, "destination"),
      isDefault: String(body.name ?? "").startsWith(OVERRIDE_NAME_PREFIX),
    });
  }
  for (const [nsg, rules] of Object.entries(rulesOfNsg)) {
    for (const direction of ["ingress", "egress"] as const) {
      const seen = new Map<number, string>();
      for (const r of rules.filter((x) => x.direction === direction)) {
        const other = seen.get(r.priority);
        if (other) throw new Error(`${other} and ${r.address} share priority ${r.priority} in the ${direction} rules of network security group ${nsg}; Azure rejects that`);
        seen.set(r.priority, r.address);
      }
    }
    rules.sort((a, b) => a.priority - b.priority || (a.address < b.address ? -1 : 1));
    DEFAULT_RULES.forEach((d, i) => rules.push({ ...d, address: `${DEFAULT_NAMES[i]} (Azure default rule ${d.priority})` }));
  }
  return { nsgOfRole, rulesOfNsg };
}

/** Where an outside address might be: the virtual network, the Internet, or neither (private, outside the network). */
type World = "vnet" | "internet" | "neither";

function wholeSpace(cidr: string, family: IpFamily): boolean {
  const net = cidrInterval(cidr);
  return net.family === family && net.first === 0n && net.last === (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
}

/** A prefix as a CIDR (a single address is a /32 or /128), or undefined for `*` and service tags. */
function prefixCidr(p: string): string | undefined {
  if (p === "*" || (!p.includes("/") && !p.includes(".") && !p.includes(":"))) return undefined;
  return p.includes("/") ? p : `${p}/${p.includes(":") ? 128 : 32}`;
}

/**
 * Whether a side holds the flow's peer. A role member is in its role's ASG and
 * in the virtual network; at a probe's address a prefix holds it when it holds
 * the address, and without one only `*` and the whole space of its family do.
 */
function sideHoldsPeer(side: AzureSideView, peer: FlowPeer, world: World): boolean {
  if (side.asgRoles) return peer.kind === "role" && side.asgRoles.includes(peer.role);
  const address = (peer as { address?: string }).address;
  return (side.prefixes ?? []).some((p) => {
    if (p === "*") return true;
    if (p === "VirtualNetwork") return peer.kind === "role" || world === "vnet";
    if (p === "Internet") return peer.kind === "address" && world === "internet";
    if (p === "AzureLoadBalancer") return peer.kind === "address" && peer.address === AZURE_LOAD_BALANCER;
    const cidr = prefixCidr(p);
    if (!cidr) throw new Error(`service tag "${p}" is not known to the Azure evaluator`);
    return address !== undefined ? cidrContainsAddress(cidr, address) : wholeSpace(cidr, peer.family);
  });
}

/** Whether a side holds the target's own member (in the virtual network, same family as the flow). */
function sideHoldsTarget(side: AzureSideView, role: string, family: IpFamily): boolean {
  if (side.asgRoles) return side.asgRoles.includes(role);
  return (side.prefixes ?? []).some((p) => p === "*" || p === "VirtualNetwork" || (p.includes("/") && wholeSpace(p, family)));
}

const PROTOCOLS = RULE_PROTOCOL_NUMBERS;

/** Azure's `Icmp` is the ICMP of the packet's family: ICMP over IPv4, ICMPv6 over IPv6. */
function protocolMatches(protocol: string, flow: Flow): boolean {
  if (protocol === "*") return true;
  if (protocol === "Icmp") return flow.protocol === ICMP_NUMBERS[flow.peer.family === 4 ? 4 : 6];
  const n = PROTOCOLS[protocol];
  if (n === undefined) throw new Error(`protocol "${protocol}" is not one Azure accepts (Tcp, Udp, Icmp, Esp, Ah, *)`);
  return n === flow.protocol;
}

function portsMatch(ports: readonly string[], flow: Flow): boolean {
  if (ports.includes("*")) return true;
  if (flow.port === undefined) return false;
  return ports.some((spec) => {
    const [from, to] = spec.split("-").map(Number);
    return flow.port! >= from && flow.port! <= (to ?? from);
  });
}

export function azureRuleApplies(rule: AzureRuleView, flow: Flow, world: World): boolean {
  if (rule.direction !== flow.direction || !protocolMatches(rule.protocol, flow) || !portsMatch(rule.ports, flow)) return false;
  const [peerSide, targetSide] = flow.direction === "ingress" ? [rule.source, rule.destination] : [rule.destination, rule.source];
  return sideHoldsTarget(targetSide, flow.target, flow.peer.family) && sideHoldsPeer(peerSide, flow.peer, world);
}

function decideIn(rules: readonly AzureRuleView[], flow: Flow, world: World): AzureRuleView {
  for (const r of rules) if (azureRuleApplies(r, flow, world)) return r;
  throw new Error("unreachable: Azure's DenyAll rules match every flow");
}

export function azureDecide(view: AzureView, flow: Flow): AzureDecision {
  const nsg = view.nsgOfRole[flow.target];
  if (!nsg || !view.rulesOfNsg[nsg]) return { action: "allow", resources: [], decidedBy: "no network security group", byDefault: true, uncertain: `role ${flow.target} has no network security group: Azure lets everything through` };
  const rules = view.rulesOfNsg[nsg];
  const worlds: World[] = flow.peer.kind === "role" ? ["vnet"] : ["vnet", "internet", "neither"];
  const decided = worlds.map((w) => decideIn(rules, flow, w));
  const first = decided[0];
  const result: AzureDecision = { action: first.action, resources: first.isDefault ? [] : [first.address], decidedBy: first.address, byDefault: first.isDefault };
  const differing = decided.find((r) => r.action !== first.action || r.isDefault !== first.isDefault);
  if (!differing) return result;
  return { ...result, uncertain: `decided by ${first.address} if ${flow.peer.kind === "address" ? flow.peer.address : "the peer"} is in the virtual network, by ${differing.address} otherwise` };
}

/** IP protocol numbers of an Azure protocol (`Icmp` is ICMP and ICMPv6), or "all". */
function protocolNumbers(protocol: string): number[] | "all" {
  if (protocol === "*") return "all";
  if (protocol === "Icmp") return [1, 58];
  return PROTOCOLS[protocol] === undefined ? [] : [PROTOCOLS[protocol]];
}

/** Every CIDR the rules match a flow's peer against, with the rule's traffic (the verifier cuts the address space there). */
export function azureCuts(view: AzureView): CidrCut[] {
  return Object.values(view.rulesOfNsg).flatMap((rules) =>
    rules.flatMap((r) => {
      const peerSide = r.direction === "ingress" ? r.source : r.destination;
      const cidrs = (peerSide.prefixes ?? []).map(prefixCidr).filter((c): c is string => c !== undefined);
      const numbers = protocolNumbers(r.protocol);
      const ports = r.ports.includes("*") ? undefined : r.ports.map((p) => { const [from, to] = p.split("-").map(Number); return { from, to: to ?? from }; });
      const protocols: (number | "all")[] = numbers === "all" ? ["all"] : numbers;
      return cidrs.flatMap((cidr) => protocols.map((protocol) => ({ direction: r.direction, protocol, ports: protocol === 6 || protocol === 17 ? ports : undefined, cidr })));
    }),
  );
}

/** Every protocol number the rules name. */
export function azureProtocols(view: AzureView): number[] {
  return Object.values(view.rulesOfNsg).flatMap((rules) => rules.flatMap((r) => { const n = protocolNumbers(r.protocol); return n === "all" ? [] : n; }));
}

/** Every port edge the security rules mention. */
export function azurePorts(view: AzureView): number[] {
  return Object.values(view.rulesOfNsg).flatMap((rules) => rules.flatMap((r) => r.ports.filter((p) => p !== "*").flatMap((p) => p.split("-").map(Number))));
}
