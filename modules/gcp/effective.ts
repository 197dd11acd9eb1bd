/**
 * What GCP would decide, read from any Terraform configuration: among the
 * firewall rules of the environment's network that apply, the lowest priority
 * number wins and at equal priority a deny beats an allow; if none applies,
 * the implied rules deny ingress and allow egress. Every field of
 * google_compute_firewall is read; a tag or service account no role carries,
 * or a range on the target's own side (an ingress rule's destination_ranges),
 * makes a decision that depends on machines the catalog does not describe:
 * uncertain, never guessed. Fails closed (modules/engine/configuration.ts).
 */
import { coversAddressSpace, Direction, Flow } from "../../policy";
import type { EffectiveView } from "../cloud";
import type { PlacedNetwork } from "../networks";
import { canonicalCidr, CidrCut, cidrHolds, CloudDecision, Footprint, hasPorts, portSpecHolds, portSpecRange, protocolOf } from "../effective";
import { FIREWALL_TYPE, NETWORK_TAGS_OUTPUT } from "./vocabulary";
import type { CloudTypes, ReadContext, Reading } from "../engine/configuration";
import { checkArguments, checkBlockArguments, conventionalName, isExpression, listOf, literal, outputValue, readCloudResources, referencedName } from "../engine/configuration";
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
  /** Role id → network tag. */
  readonly tagOfRole: Record<string, string>;
  /** Role id → service account, when roles are identified by service accounts. */
  readonly serviceAccountOfRole: Record<string, string>;
  /** The firewalls of the environment's network (those of another network apply to none of its machines). */
  readonly rules: readonly GcpFirewallRule[];
  readonly findings: readonly string[];
}

export interface GcpReadOptions extends ReadContext {
  /** The environment's network: firewalls elsewhere apply to none of its machines. */
  readonly network?: string;
  /** Where the environment places roles in several networks: the network (of gcp.networks) each role's machines are in. */
  readonly networkOf?: (role: string) => PlacedNetwork | undefined;
  readonly serviceAccounts?: Record<string, string>;
  readonly source?: string;
}

export const GCP_RESOURCE_PREFIXES = ["google_"] as const;
const FIREWALL = FIREWALL_TYPE;
const NETWORK = "google_compute_network";
const GCP_TYPES: CloudTypes = {
  cloud: "GCP",
  prefixes: GCP_RESOURCE_PREFIXES,
  understood: new Set([FIREWALL]),
  neutral: new Set([NETWORK, "google_compute_subnetwork", "google_compute_instance", "google_service_account", "google_project_service", "google_compute_address"]),
};
const FIREWALL_ARGS = new Set([
  "name",
  "network",
  "project",
  "description",
  "priority",
  "direction",
  "allow",
  "deny",
  "source_ranges",
  "destination_ranges",
  "source_tags",
  "source_service_accounts",
  "target_tags",
  "target_service_accounts",
  "disabled",
  "log_config",
  "enable_logging",
]);

/** Reads the firewalls of a Terraform configuration; throws a ConfigError (codes VERIFY_…) on what it cannot interpret. */
export function loadGcpView(json: any, options: GcpReadOptions | Record<string, string> = {}): GcpView {
  // Older callers passed the service accounts alone.
  const o: GcpReadOptions =
    Object.values(options).every((v) => typeof v === "string") && !("network" in options) && !("namePrefix" in options)
      ? { serviceAccounts: options as Record<string, string> }
      : (options as GcpReadOptions);
  const { reading, of } = readCloudResources(json, GCP_TYPES, o.source);
  const networks = new Map(of(NETWORK).map((r) => [r.name, r.body.name]));
  const findings: string[] = [];
  const rules: GcpFirewallRule[] = [];
  const networkOfRule = new Map<string, string>();
  for (const f of of(FIREWALL)) {
    const { address, body } = f;
    checkArguments(f, FIREWALL_ARGS, reading);
    const lit = <T>(name: string): T | undefined => literal(body[name], `${address}.${name}`, reading) as T | undefined;
    if (body.allow !== undefined && body.deny !== undefined) {
      reading.fail("VERIFY_BAD_VALUE", address, "has both allow and deny blocks; GCP rejects that");
      continue;
    }
    if (body.allow === undefined && body.deny === undefined) {
      reading.fail("VERIFY_BAD_VALUE", address, "has neither allow nor deny blocks; GCP rejects that");
      continue;
    }
    const blocks = listOf(body.allow ?? body.deny).flatMap((b: any, i: number) => {
      const where = `${address}.${body.allow ? "allow" : "deny"}[${i}]`;
      checkBlockArguments(where, b ?? {}, new Set(["protocol", "ports"]), reading);
      const proto = literal(b?.protocol, `${where}.protocol`, reading);
      if (proto === undefined) return [];
      let protocol: number | "all";
      try {
        protocol = protocolOf(proto as string);
      } catch {
        reading.fail("VERIFY_BAD_VALUE", `${where}.protocol`, `is ${JSON.stringify(proto)}, not a protocol GCP knows`);
        return [];
      }
      const ports = b.ports === undefined ? undefined : listOf(literal(b.ports, `${where}.ports`, reading)).flatMap((p) => portSpec(p, where, reading));
      if (ports?.length && (protocol === "all" || !hasPorts(protocol))) reading.fail("VERIFY_BAD_VALUE", `${where}.ports`, "ports are allowed only with tcp, udp and sctp; GCP rejects them");
      return [{ protocol, ports }];
    });
    const direction = lit<string>("direction") ?? "INGRESS";
    if (direction !== "INGRESS" && direction !== "EGRESS") reading.fail("VERIFY_BAD_VALUE", `${address}.direction`, `is ${JSON.stringify(direction)}; GCP accepts INGRESS or EGRESS`);
    const priority = Number(lit("priority") ?? 1000);
    if (!Number.isInteger(priority) || priority < 0 || priority > 65535) reading.fail("VERIFY_BAD_VALUE", `${address}.priority`, `is ${JSON.stringify(body.priority)}; GCP accepts 0-65535`);
    const ranges = (attribute: string) => {
      const v = lit<unknown>(attribute);
      return v === undefined
        ? undefined
        : listOf(v).flatMap((c) => {
            try {
              return [canonicalCidr(c, `${address}.${attribute}`)];
            } catch (e) {
              reading.fail("VERIFY_BAD_VALUE", `${address}.${attribute}`, (e as Error).message);
              return [];
            }
          });
    };
    const strings = (attribute: string) => (body[attribute] === undefined ? undefined : listOf(lit(attribute)).map(String));
    const rule: GcpFirewallRule = {
      address,
      direction: direction === "EGRESS" ? "egress" : "ingress",
      priority,
      action: body.allow !== undefined ? "allow" : "deny",
      blocks,
      targetTags: strings("target_tags"),
      targetServiceAccounts: strings("target_service_accounts"),
      sourceRanges: ranges("source_ranges"),
      sourceTags: strings("source_tags"),
      sourceServiceAccounts: strings("source_service_accounts"),
      destinationRanges: ranges("destination_ranges"),
      disabled: [true, "true"].includes(lit("disabled") as any),
    };
    if (rule.direction === "egress" && (rule.sourceTags?.length || rule.sourceServiceAccounts?.length))
      reading.fail("VERIFY_BAD_VALUE", address, "is an egress rule with source tags or service accounts; GCP rejects that");
    if (rule.targetTags?.length && rule.targetServiceAccounts?.length) reading.fail("VERIFY_BAD_VALUE", address, "names both target tags and target service accounts; GCP rejects that");
    // The network: by name, self link, or a google_compute_network of the configuration.
    const networkRef = referencedName(body.network, NETWORK, ["name", "id", "self_link"]);
    const network = networkRef !== undefined ? networks.get(networkRef) : literal(body.network, `${address}.network`, reading);
    if (o.network !== undefined && network !== undefined && !isExpression(network) && String(network) !== o.network && !String(network).endsWith(`/networks/${o.network}`)) {
      findings.push(`${address} is in network ${network}, not the environment's ${o.network}: it applies to none of the roles' machines (and to whatever carries its tags there)`);
      continue;
    }
    if (network !== undefined && !isExpression(network)) networkOfRule.set(address, String(network));
    rules.push(rule);
  }
  const tagOfRole = tagsOfRoles(json, o, reading);
  const serviceAccountOfRole = { ...(o.serviceAccounts ?? {}) };
  if (o.networkOf) rules.splice(0, rules.length, ...rulesOfTheirNetworks(rules, networkOfRule, tagOfRole, serviceAccountOfRole, o.networkOf, findings));
  const view: GcpView = { tagOfRole, serviceAccountOfRole, rules, findings };
  // A rule on machines no catalog role describes: every VM of the network, or tags / service accounts no role carries.
  const knownTags = new Set(Object.values(tagOfRole));
  const knownAccounts = new Set(Object.values(serviceAccountOfRole));
  for (const r of rules) {
    if (r.disabled || r.action === "deny") continue;
    const strays = [...(r.targetTags ?? []).filter((t) => !knownTags.has(t)), ...(r.targetServiceAccounts ?? []).filter((a) => !knownAccounts.has(a))];
    if (!r.targetTags?.length && !r.targetServiceAccounts?.length) findings.push(`${r.address} has no target: it allows traffic to every VM of the network, not only the catalog's roles`);
    else if (strays.length > 0) findings.push(`${r.address} targets ${strays.join(", ")}, which no catalog role carries: it allows traffic to machines the catalog does not describe`);
  }
  reading.finish();
  return view;
}

/** Which tag stands for which role: a role map, else the network_tags output, else our naming convention. */
function tagsOfRoles(json: any, o: GcpReadOptions, reading: Reading): Record<string, string> {
  if (o.roleMap) return { ...o.roleMap };
  const value = outputValue(json, NETWORK_TAGS_OUTPUT);
  if (value !== undefined) {
    const out: Record<string, string> = {};
    for (const [role, tag] of Object.entries(value)) {
      if (typeof tag !== "string" || isExpression(tag)) reading.fail("VERIFY_UNRESOLVED_EXPRESSION", `output network_tags["${role}"]`, `is ${JSON.stringify(tag)}, not a tag`);
      else out[role] = tag;
    }
    return out;
  }
  // By convention: every tag the firewalls name that reads <namePrefix>-<environment>-<role>.
  const out: Record<string, string> = {};
  const prefix = conventionalName(o, "");
  if (prefix === undefined) return out;
  for (const f of Object.values<any>(json?.resource?.[FIREWALL] ?? {})) {
    for (const tag of [...listOf(f?.target_tags), ...listOf(f?.source_tags)]) if (typeof tag === "string" && tag.startsWith(prefix) && tag.length > prefix.length) out[tag.slice(prefix.length)] = tag;
  }
  return out;
}

function portSpec(value: unknown, address: string, reading: Reading): string[] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(String(value));
  if (!m || Number(m[1]) > 65535 || Number(m[2] ?? m[1]) > 65535 || Number(m[2] ?? m[1]) < Number(m[1])) {
    reading.fail("VERIFY_BAD_VALUE", `${address}.ports`, `port "${value}" is not a port or range within 0-65535`);
    return [];
  }
  return [String(value)];
}

function appliesToTarget(view: GcpView, rule: GcpFirewallRule, role: string): boolean {
  if (rule.targetTags?.length) return rule.targetTags.includes(view.tagOfRole[role]);
  if (rule.targetServiceAccounts?.length) return rule.targetServiceAccounts.includes(view.serviceAccountOfRole[role]);
  return true; // no target: every instance of the network
}

type Match = "yes" | "no" | "maybe";

/** A range list on the member's own side (an ingress rule's destination, an egress rule's source): the member's address is not known, only the whole space holds it surely. */
function ownSide(ranges: readonly string[] | undefined, flow: Flow): Match {
  if (!ranges?.length) return "yes";
  return ranges.some((r) => coversAddressSpace(r, flow.peer.family)) ? "yes" : "maybe";
}

function matchesPeer(view: GcpView, rule: GcpFirewallRule, flow: Flow): Match {
  const peer = flow.peer;
  if (rule.direction === "egress") {
    const ranges = rule.destinationRanges?.length ? rule.destinationRanges : ["0.0.0.0/0"];
    return ranges.some((r) => cidrHolds(r, peer)) ? ownSide(rule.sourceRanges, flow) : "no";
  }
  const own = ownSide(rule.destinationRanges, flow);
  const hasSource = Boolean(rule.sourceRanges?.length || rule.sourceTags?.length || rule.sourceServiceAccounts?.length);
  if (!hasSource) return cidrHolds("0.0.0.0/0", peer) ? own : "no";
  if (rule.sourceRanges?.some((r) => cidrHolds(r, peer))) return own;
  if (peer.kind === "role") {
    if (rule.sourceTags?.includes(view.tagOfRole[peer.role]) || rule.sourceServiceAccounts?.includes(view.serviceAccountOfRole[peer.role])) return own;
    return "no";
  }
  // A tag or service account no role carries: some VM at this address may carry it.
  const knownTags = new Set(Object.values(view.tagOfRole));
  const knownAccounts = new Set(Object.values(view.serviceAccountOfRole));
  if (rule.sourceTags?.some((t) => !knownTags.has(t)) || rule.sourceServiceAccounts?.some((a) => !knownAccounts.has(a))) return "maybe";
  return "no";
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
  return view.rules.flatMap((r) => ruleFootprints(r, [])).flatMap((f) => f.cidrs.map((cidr) => ({ direction: f.direction, protocol: f.protocol, ports: f.ports, cidr })));
}
export function gcpProtocols(view: GcpView): number[] {
  return view.rules.flatMap((r) => r.blocks.flatMap((b) => (b.protocol === "all" ? [] : [b.protocol])));
}

export function gcpRuleApplies(view: GcpView, rule: GcpFirewallRule, flow: Flow): boolean {
  return ruleMatch(view, rule, flow) === "yes";
}

function ruleMatch(view: GcpView, rule: GcpFirewallRule, flow: Flow): Match {
  return appliesToTarget(view, rule, flow.target) ? ruleMatchOnTarget(view, rule, flow) : "no";
}

/** ruleMatch for a rule known to apply to the flow's target (one of rulesFor's). */
function ruleMatchOnTarget(view: GcpView, rule: GcpFirewallRule, flow: Flow): Match {
  if (rule.disabled || rule.direction !== flow.direction || !matchesTraffic(rule, flow)) return "no";
  return matchesPeer(view, rule, flow);
}

export function gcpDecide(view: GcpView, flow: Flow): CloudDecision {
  let maybe: GcpFirewallRule | undefined;
  for (const r of rulesFor(view, flow.target)) {
    const m = ruleMatchOnTarget(view, r, flow);
    if (m === "no") continue;
    if (m === "maybe") {
      maybe ??= r;
      continue;
    }
    const decision: CloudDecision = { action: r.action, resources: [r.address] };
    return maybe && maybe.action !== r.action ? { ...decision, uncertain: uncertainty(maybe) } : decision;
  }
  const implied: CloudDecision = { action: flow.direction === "ingress" ? "deny" : "allow", resources: [] };
  return maybe && maybe.action !== implied.action ? { ...implied, uncertain: uncertainty(maybe) } : implied;
}

function uncertainty(rule: GcpFirewallRule): string {
  return `${rule.address} decides it only for some machines (its destination or source ranges on the role's own side, or tags and service accounts no role carries, depend on machines the configuration does not describe)`;
}

/** What each firewall that applies to the role's machines matches (the probes of the role's flows). */
export function gcpFootprints(view: GcpView, role: string): Footprint[] {
  return rulesFor(view, role).flatMap((r) =>
    ruleFootprints(
      r,
      Object.keys(view.tagOfRole)
        .filter((other) => r.sourceTags?.includes(view.tagOfRole[other]))
        .concat(Object.keys(view.serviceAccountOfRole).filter((other) => r.sourceServiceAccounts?.includes(view.serviceAccountOfRole[other]))),
    ),
  );
}

/** What one firewall matches: per block its traffic, with the firewall's ranges and the roles its source tags or service accounts name. */
function ruleFootprints(r: GcpFirewallRule, roles: readonly string[]): Footprint[] {
  const cidrs = [...(r.sourceRanges ?? []), ...(r.destinationRanges ?? [])];
  return r.blocks.map((b) => ({
    direction: r.direction,
    protocol: b.protocol,
    ports: b.protocol !== "all" && hasPorts(b.protocol) && b.ports?.length ? b.ports.map(portSpecRange) : undefined,
    cidrs,
    roles,
  }));
}

// The firewalls that apply to a role's machines, in evaluation order (lowest priority number first, deny first at a tie), once per view and role.
const rulesForRole = new WeakMap<GcpView, Map<string, readonly GcpFirewallRule[]>>();

function rulesFor(view: GcpView, role: string): readonly GcpFirewallRule[] {
  let byRole = rulesForRole.get(view);
  if (!byRole) rulesForRole.set(view, (byRole = new Map()));
  let rules = byRole.get(role);
  if (!rules) {
    rules = view.rules.filter((r) => appliesToTarget(view, r, role)).sort((a, b) => a.priority - b.priority || (a.action === b.action ? 0 : a.action === "deny" ? -1 : 1));
    byRole.set(role, rules);
  }
  return rules;
}

/** The engine's view (modules/cloud.ts EffectiveView) of a GCP view. */
export function gcpEffective(view: GcpView): EffectiveView {
  return {
    decide: (flow) => gcpDecide(view, flow),
    ports: () => gcpPorts(view),
    cuts: () => gcpCuts(view),
    protocols: () => gcpProtocols(view),
    icmpTypes: () => [],
    footprints: (role) => gcpFootprints(view, role),
    findings: () => view.findings,
    roles: () => [...new Set([...Object.keys(view.tagOfRole), ...Object.keys(view.serviceAccountOfRole)])].sort(),
    defaultOf: (role) => `the network's implied rules (${view.tagOfRole[role] ? `tag ${view.tagOfRole[role]}` : `role ${role}`})`,
  };
}

/**
 * Where roles sit in several networks: a firewall applies to the instances of
 * its own network only, and its source tags or service accounts name instances
 * of that network only. A firewall targeting a role of another network applies
 * to none of the role's machines (left out, with a finding); one whose source
 * names a role of another network matches none of them (a finding: the catalog
 * meant that role).
 */
function rulesOfTheirNetworks(
  rules: readonly GcpFirewallRule[],
  networkOfRule: ReadonlyMap<string, string>,
  tagOfRole: Readonly<Record<string, string>>,
  serviceAccountOfRole: Readonly<Record<string, string>>,
  networkOf: (role: string) => PlacedNetwork | undefined,
  findings: string[],
): GcpFirewallRule[] {
  const roleOf = (tags: readonly string[] | undefined, accounts: readonly string[] | undefined) =>
    Object.keys(tagOfRole).filter((role) => tags?.includes(tagOfRole[role]) || accounts?.includes(serviceAccountOfRole[role]));
  const inNetwork = (network: string, placed: PlacedNetwork) => network === placed.id || network.endsWith(`/networks/${placed.id}`);
  return rules.filter((r) => {
    const network = networkOfRule.get(r.address);
    if (network === undefined) return true;
    const elsewhere = roleOf(r.targetTags, r.targetServiceAccounts).filter((role) => {
      const placed = networkOf(role);
      return placed !== undefined && !inNetwork(network, placed);
    });
    for (const role of elsewhere) findings.push(`${r.address} is in network ${network}, but gcp.placement puts role ${role} in ${networkOf(role)!.id}: it applies to none of the role's machines`);
    for (const role of roleOf(r.sourceTags, r.sourceServiceAccounts)) {
      const placed = networkOf(role);
      if (placed !== undefined && !inNetwork(network, placed))
        findings.push(
          `${r.address} is in network ${network} and names role ${role} of network ${placed.id} by its tag or service account, which match instances of the firewall's own network only: it admits none of the role's machines`,
        );
    }
    return elsewhere.length === 0;
  });
}
