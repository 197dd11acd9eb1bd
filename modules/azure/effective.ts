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
import type { EffectiveView } from "../cloud";
import type { PlacedNetwork } from "../networks";
import { CidrCut, CloudDecision, Footprint, portSpecHolds, portSpecRange } from "../effective";
import { ASG_IDS_OUTPUT, ASG_TYPE, LOAD_BALANCER_ADDRESS, NSG_IDS_OUTPUT, NSG_TYPE, RULE_PROTOCOL_NUMBERS, RULE_TYPE } from "./vocabulary";
import type { CloudTypes, ConfigResource, ReadContext, Reading } from "../engine/configuration";
import { checkArguments, checkBlockArguments, conventionalName, isExpression, listOf, literal, readCloudResources, referencedName, roleMapTarget, rolesOfOutput } from "../engine/configuration";

export interface AzureSideView {
  /** Role ids whose application security groups the side names (unknown ASGs name no role). */
  readonly asgRoles?: readonly string[];
  /** True when the side also names ASGs no role has (machines the catalog does not describe). */
  readonly strays?: boolean;
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
  /** True when the rule matches some source ports only (flows do not carry one): it decides a flow only in part. */
  readonly partialSourcePorts?: boolean;
}

export interface AzureView {
  /** Role id → NSG logical id. */
  readonly nsgOfRole: Record<string, string>;
  /** NSG logical id → its rules, both directions, in priority order, Azure's default rules last. */
  readonly rulesOfNsg: Record<string, readonly AzureRuleView[]>;
  readonly findings?: readonly string[];
  /** Whether some rule names an application security group no role has (its members may sit at any address). */
  readonly strayAsgs?: boolean;
}

export interface AzureReadOptions extends ReadContext {
  readonly source?: string;
  /** Where the environment places roles in several virtual networks: the VNet (of azure.networks) each role's machines are in. */
  readonly networkOf?: (role: string) => PlacedNetwork | undefined;
}

export const AZURE_RESOURCE_PREFIXES = ["azurerm_"] as const;
const NSG = NSG_TYPE;
const ASG = ASG_TYPE;
const RULE = RULE_TYPE;
const AZURE_TYPES: CloudTypes = {
  cloud: "Azure",
  prefixes: AZURE_RESOURCE_PREFIXES,
  understood: new Set([NSG, ASG, RULE]),
  /** Memberships and networks: they place machines, not rules (a subnet's NSG is refused: it filters the role's machines too). */
  neutral: new Set([
    "azurerm_resource_group",
    "azurerm_virtual_network",
    "azurerm_subnet",
    "azurerm_network_interface",
    "azurerm_network_interface_security_group_association",
    "azurerm_network_interface_application_security_group_association",
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
  ]),
};
const NSG_ARGS = new Set(["name", "location", "resource_group_name", "tags", "security_rule"]);
const ASG_ARGS = new Set(["name", "location", "resource_group_name", "tags"]);
const RULE_FIELDS = [
  "name",
  "priority",
  "direction",
  "access",
  "protocol",
  "source_port_range",
  "source_port_ranges",
  "destination_port_range",
  "destination_port_ranges",
  "source_address_prefix",
  "source_address_prefixes",
  "destination_address_prefix",
  "destination_address_prefixes",
  "source_application_security_group_ids",
  "destination_application_security_group_ids",
  "description",
];
const INLINE_ARGS = new Set(RULE_FIELDS);
const RULE_ARGS = new Set([...RULE_FIELDS, "network_security_group_name", "resource_group_name"]);

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
const AZURE_LOAD_BALANCER = LOAD_BALANCER_ADDRESS;

function list(single: unknown, many: unknown): string[] {
  if (Array.isArray(many) && many.length > 0) return many.map(String);
  return single === undefined || single === null ? [] : [String(single)];
}

/** Reads the NSGs, ASGs and rules (inline or separate) of a Terraform configuration. Throws a ConfigError (codes VERIFY_…) on what it cannot interpret or Azure would reject. */
export function loadAzureView(json: any, options: AzureReadOptions = {}): AzureView {
  const { reading, of } = readCloudResources(json, AZURE_TYPES, options.source);
  for (const r of of("azurerm_subnet_network_security_group_association")) {
    reading.fail(
      "VERIFY_AZURE_SUBNET_NSG",
      r.address,
      "puts a network security group on a subnet: Azure filters the role's machines through it too, and which machines sit in the subnet is not in the configuration",
      "Judge the subnet's NSG apart, or associate NSGs with network interfaces only.",
    );
  }
  const nsgs = new Map(of(NSG).map((r) => [r.name, r]));
  const asgs = new Map(of(ASG).map((r) => [r.name, r]));
  for (const r of [...nsgs.values()]) checkArguments(r, NSG_ARGS, reading);
  for (const r of [...asgs.values()]) checkArguments(r, ASG_ARGS, reading);
  const findings: string[] = [];
  const nsgOfRole = rolesOf(json, nsgs, NSG, NSG_IDS_OUTPUT, options, reading);
  const asgOfRole = rolesOf(json, asgs, ASG, ASG_IDS_OUTPUT, options, reading, "asg");
  const roleOfAsg: Record<string, string> = Object.fromEntries(Object.entries(asgOfRole).map(([role, id]) => [id, role]));
  let strayAsgs = false;
  const sideOf = (address: string, body: any, which: "source" | "destination"): AzureSideView | undefined => {
    const ids = listOf(body[`${which}_application_security_group_ids`]);
    const prefixes = list(
      literal(body[`${which}_address_prefix`], `${address}.${which}_address_prefix`, reading),
      literal(body[`${which}_address_prefixes`], `${address}.${which}_address_prefixes`, reading),
    );
    if (ids.length > 0 && prefixes.length > 0) reading.fail("VERIFY_BAD_VALUE", address, `names both application security groups and address prefixes as its ${which}; Azure rejects that`);
    else if (ids.length === 0 && prefixes.length === 0) reading.fail("VERIFY_BAD_VALUE", address, `has no ${which}; Azure rejects that`);
    else if (ids.length > 0) {
      const roles: string[] = [];
      for (const ref of ids) {
        const name = referencedName(ref, ASG);
        if (name === undefined || !asgs.has(name)) {
          reading.fail(
            "VERIFY_UNKNOWN_REFERENCE",
            `${address}.${which}_application_security_group_ids`,
            `names ${JSON.stringify(ref)}, not an application security group of the configuration: the engine cannot tell whose machines it holds`,
          );
          continue;
        }
        if (roleOfAsg[name] !== undefined) roles.push(roleOfAsg[name]);
        else strayAsgs = true;
      }
      return { asgRoles: roles, strays: roles.length < ids.length };
    } else {
      for (const p of prefixes)
        if (!["*", "VirtualNetwork", "Internet", "AzureLoadBalancer"].includes(p) && !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(p))
          reading.fail(
            "VERIFY_UNKNOWN_SERVICE_TAG",
            `${address}.${which}_address_prefix`,
            `is "${p}", a service tag or value the engine does not know the addresses of`,
            "Use address prefixes, *, VirtualNetwork, Internet or AzureLoadBalancer.",
          );
      return { prefixes };
    }
    return undefined;
  };
  const ruleOf = (address: string, body: any): AzureRuleView | undefined => {
    const lit = (name: string) => literal(body[name], `${address}.${name}`, reading);
    const priority = Number(lit("priority"));
    if (!Number.isInteger(priority) || priority < 100 || priority > 4096) {
      reading.fail("VERIFY_BAD_VALUE", `${address}.priority`, `is ${JSON.stringify(body.priority)}; Azure accepts 100-4096`);
      return undefined;
    }
    const direction = lit("direction");
    const access = lit("access");
    if (direction !== "Inbound" && direction !== "Outbound") reading.fail("VERIFY_BAD_VALUE", `${address}.direction`, `is ${JSON.stringify(direction)}; Azure accepts Inbound or Outbound`);
    if (access !== "Allow" && access !== "Deny") reading.fail("VERIFY_BAD_VALUE", `${address}.access`, `is ${JSON.stringify(access)}; Azure accepts Allow or Deny`);
    const protocol = String(lit("protocol"));
    if (!(protocol in PROTOCOLS) && protocol !== "*" && protocol !== "Icmp")
      reading.fail("VERIFY_BAD_VALUE", `${address}.protocol`, `is ${JSON.stringify(protocol)}, not one Azure accepts (Tcp, Udp, Icmp, Esp, Ah, *)`);
    const ports = list(lit("destination_port_range"), lit("destination_port_ranges"));
    for (const p of ports) if (p !== "*" && !/^\d{1,5}(-\d{1,5})?$/.test(p)) reading.fail("VERIFY_BAD_VALUE", `${address}.destination_port_range`, `"${p}" is not a port or range`);
    const sourcePorts = list(lit("source_port_range"), lit("source_port_ranges"));
    const source = sideOf(address, body, "source");
    const destination = sideOf(address, body, "destination");
    if (!source || !destination) return undefined;
    return {
      address,
      direction: direction === "Outbound" ? "egress" : "ingress",
      priority,
      action: access === "Deny" ? "deny" : "allow",
      protocol,
      ports,
      source,
      destination,
      isDefault: String(body.name ?? "").startsWith(OVERRIDE_NAME_PREFIX),
      partialSourcePorts: sourcePorts.length > 0 && !sourcePorts.includes("*"),
    };
  };
  const rulesOfNsg: Record<string, AzureRuleView[]> = {};
  for (const id of nsgs.keys()) rulesOfNsg[id] = [];
  const inline = new Set<string>();
  for (const nsg of nsgs.values()) {
    listOf(nsg.body.security_rule).forEach((block, i) => {
      const address = `${nsg.address}.security_rule[${i}]${block?.name ? ` (${block.name})` : ""}`;
      checkBlockArguments(address, block ?? {}, INLINE_ARGS, reading);
      inline.add(nsg.name);
      const rule = ruleOf(address, block ?? {});
      if (rule) rulesOfNsg[nsg.name].push(rule);
    });
  }
  const nsgByName = new Map([...nsgs].filter(([, r]) => typeof r.body.name === "string" && !isExpression(r.body.name)).map(([id, r]) => [r.body.name as string, id]));
  for (const r of of(RULE)) {
    checkArguments(r, RULE_ARGS, reading);
    const nsg = referencedName(r.body.network_security_group_name, NSG, ["name"]) ?? nsgByName.get(String(r.body.network_security_group_name));
    if (nsg === undefined || !rulesOfNsg[nsg]) {
      reading.fail("VERIFY_UNKNOWN_REFERENCE", `${r.address}.network_security_group_name`, "does not name a network security group of this configuration");
      continue;
    }
    if (inline.has(nsg))
      findings.push(`${NSG}.${nsg} has inline security_rule blocks and ${r.address}: the provider then rewrites the NSG's rules at every apply, so what it allows changes from run to run`);
    const rule = ruleOf(r.address, r.body);
    if (rule) rulesOfNsg[nsg].push(rule);
  }
  const roleOfNsg = new Map(Object.entries(nsgOfRole).map(([role, id]) => [id, role]));
  for (const [nsg, rules] of Object.entries(rulesOfNsg)) {
    if (!roleOfNsg.has(nsg) && rules.some((r) => r.action === "allow")) findings.push(`${NSG}.${nsg} is no catalog role's NSG, yet it has allow rules: they open access the catalog does not describe`);
    for (const direction of ["ingress", "egress"] as const) {
      const seen = new Map<number, string>();
      for (const r of rules.filter((x) => x.direction === direction)) {
        const other = seen.get(r.priority);
        if (other) reading.fail("VERIFY_BAD_VALUE", r.address, `shares priority ${r.priority} with ${other} in the ${direction} rules of network security group ${nsg}; Azure rejects that`);
        seen.set(r.priority, r.address);
      }
    }
    rules.sort((a, b) => a.priority - b.priority || (a.address < b.address ? -1 : 1));
    DEFAULT_RULES.forEach((d, i) => rules.push({ ...d, address: `${DEFAULT_NAMES[i]} (Azure default rule ${d.priority})` }));
  }
  if (options.networkOf) findings.push(...asgsAcrossNetworks(nsgOfRole, rulesOfNsg, options.networkOf));
  reading.finish();
  return { nsgOfRole, rulesOfNsg, findings, strayAsgs };
}

/**
 * Which NSG (or ASG) stands for which role: a role map (NSG addresses; the
 * ASG of a role is then the one named `asg` in the map as `<role>:asg`, else by
 * convention), else our outputs, else the conventional name `<namePrefix>-<environment>-<role>`.
 */
function rolesOf(json: any, resources: ReadonlyMap<string, ConfigResource>, type: string, outputName: string, options: AzureReadOptions, reading: Reading, mapKey?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (options.roleMap) {
    for (const [key, target] of Object.entries(options.roleMap)) {
      const [role, which] = key.split(":");
      if ((which ?? "") !== (mapKey ?? "")) continue;
      const name = roleMapTarget(key, target, type, resources, type, reading);
      if (name !== undefined) out[role] = name;
    }
    if (Object.keys(out).length > 0) return out;
  }
  const fromOutput = rolesOfOutput(json, outputName, type, resources, type, reading);
  if (fromOutput) return fromOutput;
  const prefix = conventionalName(options, "");
  if (prefix === undefined) return out;
  for (const [name, r] of resources) {
    const n = r.body.name;
    if (typeof n === "string" && n.startsWith(prefix) && n.length > prefix.length) {
      const role = n.slice(prefix.length);
      if (out[role] !== undefined) reading.fail("VERIFY_ROLE_AMBIGUOUS", `role "${role}"`, `is claimed by ${type}.${out[role]} and ${type}.${name}`);
      else out[role] = name;
    }
  }
  return out;
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
  if (protocol === "Icmp") return flow.protocol === (flow.peer.family === 4 ? 1 : 58);
  const n = PROTOCOLS[protocol];
  if (n === undefined) throw new Error(`protocol "${protocol}" is not one Azure accepts (Tcp, Udp, Icmp, Esp, Ah, *)`);
  return n === flow.protocol;
}

function portsMatch(ports: readonly string[], flow: Flow): boolean {
  if (ports.includes("*")) return true;
  if (flow.port === undefined) return false;
  return ports.some((spec) => portSpecHolds(spec, flow.port!));
}

export function azureRuleApplies(rule: AzureRuleView, flow: Flow, world: World): boolean {
  if (rule.direction !== flow.direction || !protocolMatches(rule.protocol, flow) || !portsMatch(rule.ports, flow)) return false;
  const [peerSide, targetSide] = flow.direction === "ingress" ? [rule.source, rule.destination] : [rule.destination, rule.source];
  return sideHoldsTarget(targetSide, flow.target, flow.peer.family) && sideHoldsPeer(peerSide, flow.peer, world);
}

/**
 * The rule that decides the flow in each world: the first that applies there.
 * One pass over the rules: what does not depend on the world (direction,
 * protocol, ports, the target's side) is asked once per rule, the peer's side
 * once per world still undecided.
 */
function decideInWorlds(rules: readonly AzureRuleView[], flow: Flow, worlds: readonly World[]): AzureRuleView[] {
  const decided: AzureRuleView[] = [];
  let left = worlds.length;
  for (const r of rules) {
    if (r.direction !== flow.direction || !protocolMatches(r.protocol, flow) || !portsMatch(r.ports, flow)) continue;
    const [peerSide, targetSide] = flow.direction === "ingress" ? [r.source, r.destination] : [r.destination, r.source];
    if (!sideHoldsTarget(targetSide, flow.target, flow.peer.family)) continue;
    for (let i = 0; i < worlds.length; i++)
      if (decided[i] === undefined && sideHoldsPeer(peerSide, flow.peer, worlds[i])) {
        decided[i] = r;
        left--;
      }
    if (left === 0) return decided;
  }
  throw new Error("unreachable: Azure's DenyAll rules match every flow");
}

export function azureDecide(view: AzureView, flow: Flow): AzureDecision {
  const nsg = view.nsgOfRole[flow.target];
  if (!nsg || !view.rulesOfNsg[nsg])
    return { action: "allow", resources: [], decidedBy: "no network security group", byDefault: true, uncertain: `role ${flow.target} has no network security group: Azure lets everything through` };
  const rules = view.rulesOfNsg[nsg];
  const worlds: World[] = flow.peer.kind === "role" ? ["vnet"] : ["vnet", "internet", "neither"];
  const decided = decideInWorlds(rules, flow, worlds);
  const first = decided[0];
  const result: AzureDecision = { action: first.action, resources: first.isDefault ? [] : [first.address], decidedBy: first.address, byDefault: first.isDefault };
  // A rule above that holds the flow only for some source ports, or for machines of an ASG no role has: it may decide instead.
  for (const r of rules) {
    if (r === first) {
      if (r.partialSourcePorts) return { ...result, uncertain: `${r.address} matches some source ports only` };
      break;
    }
    const peerSide = flow.direction === "ingress" ? r.source : r.destination;
    const strayHolds =
      flow.peer.kind === "address" &&
      peerSide.strays === true &&
      azureRuleApplies({ ...r, ...(flow.direction === "ingress" ? { source: { prefixes: ["*"] } } : { destination: { prefixes: ["*"] } }) }, flow, "vnet");
    const partialHolds = r.partialSourcePorts === true && azureRuleApplies(r, flow, "vnet");
    if ((strayHolds || partialHolds) && r.action !== first.action)
      return { ...result, uncertain: `${r.address} ${partialHolds ? "matches some source ports only" : "names an application security group no role has"}: it decides the flow for some machines` };
  }
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
    rules.flatMap((r) => ruleFootprints(r, false)).flatMap((f) => f.cidrs.map((cidr) => ({ direction: f.direction, protocol: f.protocol, ports: f.ports, cidr }))),
  );
}

/** Every protocol number the rules name. */
export function azureProtocols(view: AzureView): number[] {
  return Object.values(view.rulesOfNsg).flatMap((rules) =>
    rules.flatMap((r) => {
      const n = protocolNumbers(r.protocol);
      return n === "all" ? [] : n;
    }),
  );
}

/** Every port edge the security rules mention. */
export function azurePorts(view: AzureView): number[] {
  return Object.values(view.rulesOfNsg).flatMap((rules) => rules.flatMap((r) => r.ports.filter((p) => p !== "*").flatMap((p) => p.split("-").map(Number))));
}

/** What each rule of the role's NSG, Azure's defaults included, matches (the probes of the role's flows). */
export function azureFootprints(view: AzureView, role: string): Footprint[] {
  return (view.rulesOfNsg[view.nsgOfRole[role]] ?? []).flatMap((r) => ruleFootprints(r, true));
}

/**
 * What one security rule matches: per protocol number, its ports, the CIDRs and the roles' ASGs of its peer side;
 * with `loadBalancer`, the load balancer's probe address as a cell of its own (the AzureLoadBalancer tag holds it alone).
 */
function ruleFootprints(r: AzureRuleView, loadBalancer: boolean): Footprint[] {
  const peerSide = r.direction === "ingress" ? r.source : r.destination;
  const cidrs = (peerSide.prefixes ?? []).map((p) => (p === "AzureLoadBalancer" && loadBalancer ? `${AZURE_LOAD_BALANCER}/32` : prefixCidr(p))).filter((c): c is string => c !== undefined);
  const numbers = protocolNumbers(r.protocol);
  const ports = r.ports.includes("*") ? undefined : r.ports.map(portSpecRange);
  return (numbers === "all" ? (["all"] as const) : numbers).map((protocol) => ({
    direction: r.direction,
    protocol,
    ports: protocol === 6 || protocol === 17 ? ports : undefined,
    cidrs,
    roles: peerSide.asgRoles ?? [],
  }));
}

/** The engine's view (modules/cloud.ts EffectiveView) of an Azure view. */
export function azureEffective(view: AzureView): EffectiveView {
  return {
    decide: (flow) => azureDecide(view, flow),
    ports: () => azurePorts(view),
    cuts: () => azureCuts(view),
    protocols: () => azureProtocols(view),
    icmpTypes: () => [],
    footprints: (role) => azureFootprints(view, role),
    findings: () => view.findings ?? [],
    roles: () => Object.keys(view.nsgOfRole).sort(),
    defaultOf: (role) => (view.nsgOfRole[role] ? `${NSG_TYPE}.${view.nsgOfRole[role]}` : `role ${role}, which has no network security group`),
  };
}

/**
 * An application security group holds network interfaces of one virtual
 * network, and a rule's ASGs must share it: a rule of a role's NSG that names
 * the ASG of a role placed in another VNet matches none of its machines
 * (Azure refuses it), so each such rule is a finding.
 */
function asgsAcrossNetworks(
  nsgOfRole: Readonly<Record<string, string>>,
  rulesOfNsg: Readonly<Record<string, readonly AzureRuleView[]>>,
  networkOf: (role: string) => PlacedNetwork | undefined,
): string[] {
  const out = new Set<string>();
  for (const [role, nsg] of Object.entries(nsgOfRole)) {
    const own = networkOf(role);
    if (!own) continue;
    for (const r of rulesOfNsg[nsg] ?? []) {
      for (const peer of [...(r.source.asgRoles ?? []), ...(r.destination.asgRoles ?? [])]) {
        const other = networkOf(peer);
        if (other && other.name !== own.name)
          out.add(
            `${r.address} names the application security group of role ${peer} (virtual network ${other.id}) in the NSG of role ${role} (virtual network ${own.id}): an ASG holds network interfaces of one VNet only, so it matches none of the role's machines`,
          );
      }
    }
  }
  return [...out].sort();
}
