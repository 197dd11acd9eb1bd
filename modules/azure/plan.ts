/**
 * Plans Azure network security rules for a bound policy: one network security
 * group (NSG) per managed role, rules that can share one NSG rule merged, and
 * priorities that keep every first-match decision of the catalog. Pure data and
 * every check; the construct in network-security-groups.ts only renders it.
 */
import {
  BoundPolicy,
  BoundRule,
  cidrsOverlap,
  Direction,
  formatPortRange,
  intersectPorts,
  isAllPorts,
  IpFamily,
  normalisePorts,
  PeerEntry,
  PortRange,
  Problem,
  Protocol,
  protocolNumber,
  Role,
  SynthesisError,
} from "../../policy";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "../realisation";
import { allocateScope, allocationProblems, CloudPriorities, PriorityRangeFull, ScopeAllocation } from "../priorities";
import { AZURE_LIMITS, checkAzureName, fitDescription } from "./azure-limits";
import { LOAD_BALANCER_ADDRESS, LOAD_BALANCER_TAG } from "./vocabulary";

/** Protocols an Azure security rule can select. */
export type AzureProtocol = "Tcp" | "Udp" | "Icmp" | "Esp" | "Ah" | "*";

/**
 * One side of a rule: application security groups (roles) or address prefixes
 * of one family; `*` is every address of both families. Azure allows either
 * ASGs or prefixes on a side, never both.
 */
export type AzureSide =
  { readonly kind: "asg"; readonly roles: readonly string[] } | { readonly kind: "prefixes"; readonly family: IpFamily | "any"; readonly prefixes: readonly string[]; readonly unresolved?: boolean };

export const ANY_SIDE: AzureSide = { kind: "prefixes", family: "any", prefixes: ["*"] };

/** One NSG rule resource (RULE_TYPE). */
export interface NsgRulePlan {
  /** Unique within its NSG; the Terraform logical id derives from it. */
  readonly name: string;
  readonly role: string;
  readonly direction: Direction;
  readonly action: "allow" | "deny";
  readonly priority: number;
  readonly protocol: AzureProtocol;
  /** Destination ports: ["*"] or port specs such as "80", "7800-7802". */
  readonly ports: readonly string[];
  /** The catalog peer: source of ingress, destination of egress. */
  readonly peer: AzureSide;
  /** The target's side (destination of ingress, source of egress): `*`, or a whole address space that pins ICMP to its family. */
  readonly targetSide: AzureSide;
  readonly description: string;
  /** Catalog rules carried, in catalog order; empty for the default overrides. */
  readonly ruleIds: readonly string[];
}

export interface NsgPlan {
  readonly role: Role;
  /** Inbound then outbound, each in priority order. */
  readonly rules: readonly NsgRulePlan[];
}

export interface AzurePlan {
  readonly nsgs: readonly NsgPlan[];
  /** One per catalog rule, in catalog order. */
  readonly realisations: readonly RuleRealisation[];
  /** One per managed role, in catalog order. */
  readonly egressDefaults: readonly EgressDefaultRealisation[];
  readonly ingressDefaults: readonly IngressDefaultRealisation[];
  /** The priorities given, per NSG and direction (the allocation file's `azure` section). */
  readonly priorityAllocation: CloudPriorities;
  /** Security rules (`<role>/<name>`) that had a priority in the previous allocation and got another one. */
  readonly renumbered: readonly string[];
}

export const AZURE_DEFAULT_PRIORITY_BASE = 100;
export const AZURE_DEFAULT_PRIORITY_STEP = 100;

/** The allocation's scope of one direction of a role's NSG: `<role>/inbound` or `<role>/outbound`. */
export function azurePriorityScope(role: string, direction: Direction): string {
  return `${role}/${direction === "ingress" ? "inbound" : "outbound"}`;
}

export interface AzurePlanOptions {
  /** Lowest priority of the catalog's rules in each direction of each NSG; the first gets base + step. @default 100 */
  readonly priorityBase?: number;
  /** Room between rules in a first allocation and between appended rules. @default 100 */
  readonly priorityStep?: number;
  /** The allocation made last time: existing rules keep their priorities (modules/priorities.ts). @default none */
  readonly priorities?: CloudPriorities;
  /** Terraform address of a planned rule (the construct decides logical ids). */
  readonly addressOf: (rule: NsgRulePlan) => string;
  /** Where the priorities were configured, for messages. @default "azure.priorityBase/priorityStep" */
  readonly prioritySource?: string;
}

/** The priority of the rules that override Azure's default rules: after every catalog rule, before 65000. */
export const OVERRIDE_PRIORITY = AZURE_LIMITS.maxPriority;
/**
 * Where IPv6 is off, a role whose egress default is allow gets its IPv6 egress
 * denied here, just before the allow-all override (`*` is both families), as
 * AWS (whose default allow is IPv4 only) and GCP do.
 */
export const IPV6_OFF_PRIORITY = OVERRIDE_PRIORITY - 1;

/** What Azure selects, by IP protocol number (the catalog's names are numbered in policy/protocols.ts). */
const AZURE_BY_NUMBER: Readonly<Record<number, AzureProtocol>> = { 6: "Tcp", 17: "Udp", 1: "Icmp", 58: "Icmp", 50: "Esp", 51: "Ah" };

/** The catalog protocol as Azure names it, or undefined when Azure cannot select it. */
export function azureProtocol(p: Protocol): AzureProtocol | undefined {
  const n = protocolNumber(p);
  return n === "all" ? "*" : AZURE_BY_NUMBER[n];
}

/** The family a rule's ICMP is pinned to (Azure's `Icmp` is the ICMP of the packet's family). */
function icmpFamily(p: Protocol): IpFamily | undefined {
  if (p === "icmp" || p === 1) return 4;
  if (p === "icmpv6" || p === 58) return 6;
  return undefined;
}

const WHOLE: Record<IpFamily, string> = { 4: "0.0.0.0/0", 6: "::/0" };

/**
 * The sides Azure can hold for a rule's peers: its role (an ASG), or prefixes
 * of one family; both whole address spaces together become `*`.
 */
export function peerSides(rule: BoundRule): AzureSide[] {
  const sides: AzureSide[] = [];
  for (const e of rule.peers) if (e.kind === "role") sides.push({ kind: "asg", roles: [e.role] });
  // The load balancer is Azure's service tag, alone on its side (a tag never shares a prefix list).
  if (rule.peers.some((e) => e.kind === "cidr" && e.platform === "load-balancer")) sides.push({ kind: "prefixes", family: 4, prefixes: [LOAD_BALANCER_TAG] });
  const cidrs = rule.peers.filter((e): e is Extract<PeerEntry, { kind: "cidr" }> => e.kind === "cidr" && !e.platform);
  if (cidrs.some((e) => e.cidr === WHOLE[4]) && cidrs.some((e) => e.cidr === WHOLE[6])) return [...sides, ANY_SIDE];
  for (const family of [4, 6] as const) {
    const entries = cidrs.filter((e) => e.family === family);
    // A network known only at deploy time (a CDKTF token) passes through as a prefix.
    if (entries.length > 0) sides.push({ kind: "prefixes", family, prefixes: entries.map((e) => e.cidr), ...(entries.some((e) => e.token) ? { unresolved: true } : {}) });
  }
  return sides;
}

/** The target's side: `*`, except ICMP whose peer side does not fix the family (an ASG, or `*`). */
function targetSideOf(rule: BoundRule, peer: AzureSide): AzureSide {
  const family = icmpFamily(rule.protocol);
  if (family === undefined) return ANY_SIDE;
  if (peer.kind === "prefixes" && peer.family !== "any") return ANY_SIDE;
  return { kind: "prefixes", family, prefixes: [WHOLE[family]] };
}

function sideKey(s: AzureSide): string {
  return s.kind === "asg" ? `asg:${s.roles.join(",")}` : `p${s.family}:${s.prefixes.join(",")}`;
}

interface Member {
  readonly rule: BoundRule;
  readonly peer: AzureSide;
  readonly targetSide: AzureSide;
  readonly protocol: AzureProtocol;
}

interface Group {
  readonly action: "allow" | "deny";
  readonly protocol: AzureProtocol;
  readonly peer: AzureSide;
  readonly targetSide: AzureSide;
  readonly members: Member[];
  /** Index in this NSG's direction (0 first). */
  readonly position: number;
  /** Groups that must come first (lower priority): some flow matches both, with the opposite action. */
  readonly after: Set<Group>;
}

function protocolsOverlap(a: BoundRule, b: BoundRule): boolean {
  const pa = azureProtocol(a.protocol);
  const pb = azureProtocol(b.protocol);
  if (pa === "*" || pb === "*") return true;
  if (pa !== pb) return false;
  if (a.ports.length === 0 || b.ports.length === 0) return true;
  return intersectPorts(a.ports, b.ports).length > 0;
}

/** Whether two sides may share an address. A role's addresses are unknown, so an ASG may overlap anything. */
function sidesOverlap(a: AzureSide, b: AzureSide): boolean {
  if (a.kind === "asg" || b.kind === "asg") return true;
  if (a.family === "any" || b.family === "any" || a.unresolved || b.unresolved) return true;
  const cidr = (p: string) => (p === LOAD_BALANCER_TAG ? `${LOAD_BALANCER_ADDRESS}/32` : p);
  return a.family === b.family && a.prefixes.some((x) => b.prefixes.some((y) => cidrsOverlap(cidr(x), cidr(y))));
}

/** Two members must keep their order when some flow could match both and they disagree. */
function conflict(a: Member, b: Member): boolean {
  return a.rule.action !== b.rule.action && protocolsOverlap(a.rule, b.rule) && sidesOverlap(a.peer, b.peer) && sidesOverlap(a.targetSide, b.targetSide);
}

/**
 * Greedy grouping in catalog order, as on GCP: a member joins the latest group
 * with the same action, protocol and sides unless a member it conflicts with
 * sits in that group or after it, which would reorder a decision.
 */
function planGroups(rules: readonly BoundRule[]): Group[] {
  const groups: Group[] = [];
  const placed: { member: Member; group: Group }[] = [];
  const latest = new Map<string, Group>();
  for (const rule of rules) {
    const protocol = azureProtocol(rule.protocol)!;
    for (const peer of peerSides(rule)) {
      const member: Member = { rule, peer, targetSide: targetSideOf(rule, peer), protocol };
      const key = `${rule.action}|${protocol}|${sideKey(peer)}|${sideKey(member.targetSide)}`;
      let limit = -1;
      const earlier = new Set<Group>();
      for (const p of placed) {
        if (earlier.has(p.group) || !conflict(p.member, member)) continue;
        earlier.add(p.group);
        if (p.group.position > limit) limit = p.group.position;
      }
      const candidate = latest.get(key);
      let group = candidate && candidate.position > limit ? candidate : undefined;
      if (!group) {
        group = { action: rule.action, protocol, peer, targetSide: member.targetSide, members: [], position: groups.length, after: new Set() };
        groups.push(group);
        latest.set(key, group);
      }
      group.members.push(member);
      for (const g of earlier) if (g !== group) group.after.add(g);
      placed.push({ member, group });
    }
  }
  return groups;
}

/** Destination ports of a group: `*` when any member covers every port or its protocol has none. */
function groupPorts(group: Group): string[] {
  if (group.protocol !== "Tcp" && group.protocol !== "Udp") return ["*"];
  let ranges: PortRange[] = [];
  for (const { rule } of group.members) {
    if (rule.ports.length === 0 || isAllPorts(rule.ports)) return ["*"];
    ranges = normalisePorts([...ranges, ...rule.ports]);
  }
  return isAllPorts(ranges) ? ["*"] : ranges.map(formatPortRange);
}

function where(rule: BoundRule): Pick<Problem, "location" | "subject"> {
  return { location: rule.location, subject: `rule "${rule.id}"` };
}

export function planAzure(bound: BoundPolicy, options: AzurePlanOptions): AzurePlan {
  const base = options.priorityBase ?? AZURE_DEFAULT_PRIORITY_BASE;
  const step = options.priorityStep ?? AZURE_DEFAULT_PRIORITY_STEP;
  const problems: Problem[] = [];
  const env = `environment "${bound.environment}"`;
  const prioritySource = options.prioritySource ?? "azure.priorityBase/priorityStep";
  if (!Number.isInteger(base) || base < AZURE_LIMITS.minPriority || base >= OVERRIDE_PRIORITY) {
    problems.push({
      code: "AZURE_PRIORITY_BASE_INVALID",
      subject: env,
      message: `priority base ${base} is outside ${AZURE_LIMITS.minPriority}-${OVERRIDE_PRIORITY - 1}`,
      hint: `Set ${prioritySource} so the first rule has a priority from ${AZURE_LIMITS.minPriority} to ${OVERRIDE_PRIORITY - 1} (${OVERRIDE_PRIORITY} is kept for the rules that override Azure's defaults).`,
    });
  }
  if (!Number.isInteger(step) || step < 1) {
    problems.push({ code: "AZURE_PRIORITY_STEP_INVALID", subject: env, message: `priority step ${step} is not a whole number of at least 1`, hint: `Set ${prioritySource} to a step such as 10.` });
  }
  const given = options.priorities ?? {};
  for (const p of allocationProblems(given))
    problems.push({ code: "AZURE_PRIORITIES_INVALID", subject: env, message: `the priority allocation given: ${p.message}`, hint: "Pass the priorityAllocation of an earlier synthesis, or none." });
  for (const rule of bound.rules) {
    if (rule.inapplicable) continue;
    if (azureProtocol(rule.protocol) === undefined) {
      problems.push({
        code: "AZURE_PROTOCOL_UNSUPPORTED",
        ...where(rule),
        message: `protocol ${rule.protocol} cannot be selected in an Azure security rule (Azure selects Tcp, Udp, Icmp, Esp, Ah or Any)`,
        hint: "Use one of those protocols (Any is protocol: all), or leave the rule out of the catalog rendered for Azure.",
      });
    }
    if (rule.description.length > AZURE_LIMITS.descriptionLength) {
      problems.push({
        code: "AZURE_DESCRIPTION_TOO_LONG",
        ...where(rule),
        message: `description is ${rule.description.length} characters; Azure security rule descriptions hold at most ${AZURE_LIMITS.descriptionLength}`,
        hint: "Shorten the description; keep the detail in a YAML comment or the origin field.",
      });
    }
  }
  if (problems.length > 0) throw planError(bound, problems);

  const nsgs: NsgPlan[] = [];
  const allocation: Record<string, ScopeAllocation> = {};
  const renumbered: string[] = [];
  // The scope of a role no longer managed is dropped: its NSG goes, and its rules with it.
  const carriers = new Map<string, Set<string>>();
  const egressDefaults: EgressDefaultRealisation[] = [];
  const ingressDefaults: IngressDefaultRealisation[] = [];
  for (const role of bound.managedRoles) {
    const nsgRules: NsgRulePlan[] = [];
    for (const direction of ["ingress", "egress"] as const) {
      const rules = bound.rules.filter((r) => r.target === role.id && r.direction === direction && !r.inapplicable);
      const groups = planGroups(rules);
      const used = new Set<string>();
      const denyIpv6 = direction === "egress" && role.egressDefault === "allow" && !bound.ipv6;
      // Where IPv6 is off, an allow-all egress role keeps IPV6_OFF_PRIORITY for its IPv6 deny: the catalog's rules end below it.
      const firstKept = denyIpv6 ? IPV6_OFF_PRIORITY : OVERRIDE_PRIORITY;
      const names = groups.map((group) => {
        const lead = group.members[0];
        const suffix = group.peer.kind === "prefixes" && group.peer.family === 6 && !(group.targetSide.kind === "prefixes" && group.targetSide.family === 6) ? "-v6" : "";
        const name = `${direction === "ingress" ? "in" : "out"}-${group.action}-${lead.rule.id}${suffix}`;
        if (used.has(name))
          throw new SynthesisError(`${env}: two Azure security rules of role "${role.id}" would both be named "${name}"; rename one of the catalog rules.`, undefined, "AZURE_RULE_NAME_TAKEN");
        used.add(name);
        const nameProblem = checkAzureName(name, "security rule name");
        if (nameProblem) problems.push({ code: "AZURE_NAME_INVALID", ...where(lead.rule), message: nameProblem, hint: "Shorten the rule id (the rule name is <in|out>-<allow|deny>-<rule id>)." });
        return name;
      });
      const scope = azurePriorityScope(role.id, direction);
      let priorities: ReadonlyMap<string, number>;
      try {
        const after = new Map(groups.map((g, i) => [names[i], new Set([...g.after].map((a) => names[a.position]))]));
        const result = allocateScope({ names, after, previous: given[scope], first: base, last: firstKept - 1, step });
        if (groups.length > 0 || given[scope]) allocation[scope] = result.allocation;
        renumbered.push(...result.renumbered.map((n) => `${role.id}/${n}`));
        priorities = result.priorities;
      } catch (e) {
        if (!(e instanceof PriorityRangeFull)) throw e;
        const lead = groups[groups.length - 1].members[0];
        problems.push({
          ...where(lead.rule),
          code: "AZURE_PRIORITY_RANGE_FULL",
          message: `the ${direction} rules of role "${role.id}" need ${e.needed} priorities from ${base} to ${firstKept - 1}, and only ${e.free} are free there${e.retiredCount > 0 ? ` (${e.retiredCount} are retired: held by rules deleted or renumbered earlier)` : ""}; ${firstKept === OVERRIDE_PRIORITY ? `${OVERRIDE_PRIORITY} is` : `${IPV6_OFF_PRIORITY}-${OVERRIDE_PRIORITY} are`} kept for the override of Azure's default rules`,
          hint: `Lower ${prioritySource}${e.retiredCount > 0 ? ", or, once those deletions are applied, remove their entries under retired in the allocation file" : ""}.`,
        });
        continue;
      }
      groups.forEach((group, index) => {
        const lead = group.members[0];
        const name = names[index];
        const ruleIds = [...new Set(group.members.map((m) => m.rule.id))];
        const plan: NsgRulePlan = {
          name,
          role: role.id,
          direction,
          action: group.action,
          priority: priorities.get(name)!,
          protocol: group.protocol,
          ports: groupPorts(group),
          peer: group.peer,
          targetSide: group.targetSide,
          description: ruleIds.length === 1 ? lead.rule.description : fitDescription(`Catalog ${bound.policy.name} rules `, ruleIds),
          ruleIds,
        };
        nsgRules.push(plan);
        const address = options.addressOf(plan);
        for (const id of ruleIds) {
          const set = carriers.get(id) ?? new Set<string>();
          set.add(address);
          carriers.set(id, set);
        }
      });
      const ipv6Deny = denyIpv6 ? ipv6OffRule(role) : undefined;
      if (ipv6Deny) nsgRules.push(ipv6Deny);
      const override = overrideRule(role, direction);
      nsgRules.push(override);
      const address = options.addressOf(override);
      if (direction === "ingress") {
        ingressDefaults.push({
          roleId: role.id,
          how: "rendered",
          resources: [address],
          note: `deny-all inbound at priority ${OVERRIDE_PRIORITY} overrides Azure's AllowVnetInBound (65000) and AllowAzureLoadBalancerInBound (65001): ingress that no rule matches is denied, also from the virtual network and the load balancer's probes`,
        });
      } else {
        egressDefaults.push({
          roleId: role.id,
          how: "rendered",
          resources: ipv6Deny ? [options.addressOf(ipv6Deny), address] : [address],
          note:
            role.egressDefault === "allow"
              ? `allow-all outbound at priority ${OVERRIDE_PRIORITY}: Azure's own AllowVnetOutBound/AllowInternetOutBound (65000/65001) would deny private addresses outside the virtual network (DenyAllOutBound)${ipv6Deny ? `; IPv6 is off in this environment, so IPv6 outbound is denied at ${IPV6_OFF_PRIORITY} before it` : ""}`
              : `deny-all outbound at priority ${OVERRIDE_PRIORITY} overrides Azure's AllowVnetOutBound (65000) and AllowInternetOutBound (65001)`,
        });
      }
    }
    if (nsgRules.length > AZURE_LIMITS.rulesPerNsg) {
      problems.push({
        code: "AZURE_RULES_PER_NSG",
        location: role.location,
        subject: `role "${role.id}"`,
        message: `its network security group needs ${nsgRules.length} rules; Azure allows ${AZURE_LIMITS.rulesPerNsg} per group`,
        hint: "Merge rules (same peer, or same ports), or split the role.",
      });
    }
    const prefixes = nsgRules.reduce((n, r) => n + [r.peer, r.targetSide].reduce((k, s) => k + (s.kind === "prefixes" && s.family !== "any" ? s.prefixes.length : 0), 0), 0);
    if (prefixes > AZURE_LIMITS.prefixesPerNsg) {
      problems.push({
        code: "AZURE_PREFIXES_PER_NSG",
        location: role.location,
        subject: `role "${role.id}"`,
        message: `its network security group names ${prefixes} address prefixes; Azure allows ${AZURE_LIMITS.prefixesPerNsg} across the rules of one group`,
        hint: "Summarise the address sets into fewer, larger networks.",
      });
    }
    const asgs = new Set(nsgRules.flatMap((r) => [r.peer, r.targetSide].flatMap((s) => (s.kind === "asg" ? s.roles : []))));
    if (asgs.size > AZURE_LIMITS.asgsPerNsg) {
      problems.push({
        code: "AZURE_ASGS_PER_NSG",
        location: role.location,
        subject: `role "${role.id}"`,
        message: `its network security group names ${asgs.size} application security groups; Azure allows ${AZURE_LIMITS.asgsPerNsg} across the rules of one group`,
        hint: "Bind some peer roles to addresses in this environment.",
      });
    }
    nsgs.push({ role, rules: nsgRules });
  }
  if (problems.length > 0) throw planError(bound, problems);

  const realisations = bound.rules.map((rule): RuleRealisation => {
    if (rule.inapplicable) return { ruleId: rule.id, resources: [], how: "inapplicable", note: rule.inapplicable };
    const resources = [...(carriers.get(rule.id) ?? [])].sort();
    const kind = rule.action === "allow" ? "Allow" : "Deny";
    return { ruleId: rule.id, resources, how: "rendered", note: `${kind} at its place in the priority order, in ${resources.length} security rule(s) of role ${rule.target}'s network security group` };
  });
  return { nsgs, realisations, egressDefaults, ingressDefaults, priorityAllocation: allocation, renumbered: renumbered.sort() };
}

/** Where IPv6 is off: deny IPv6 outbound of a role whose egress default is allow, just before the allow-all override. */
function ipv6OffRule(role: Role): NsgRulePlan {
  return {
    name: "default-out-deny-ipv6",
    role: role.id,
    direction: "egress",
    action: "deny",
    priority: IPV6_OFF_PRIORITY,
    protocol: "*",
    ports: ["*"],
    peer: { kind: "prefixes", family: 6, prefixes: ["::/0"] },
    targetSide: ANY_SIDE,
    description: "Catalog: IPv6 is off in this environment; deny IPv6 outbound before the egress default allow",
    ruleIds: [],
  };
}

/** The rule that stands in for Azure's default rules, at the last custom priority. */
function overrideRule(role: Role, direction: Direction): NsgRulePlan {
  const action = direction === "ingress" ? "deny" : role.egressDefault;
  return {
    name: direction === "ingress" ? "default-in-deny-all" : `default-out-${action}-all`,
    role: role.id,
    direction,
    action,
    priority: OVERRIDE_PRIORITY,
    protocol: "*",
    ports: ["*"],
    peer: ANY_SIDE,
    targetSide: ANY_SIDE,
    description:
      direction === "ingress"
        ? "Catalog default: deny ingress that no rule matches (overrides AllowVnetInBound and AllowAzureLoadBalancerInBound)"
        : `Catalog egress default: ${action} (overrides AllowVnetOutBound and AllowInternetOutBound)`,
    ruleIds: [],
  };
}

function planError(bound: BoundPolicy, problems: readonly Problem[]): SynthesisError {
  return SynthesisError.of(problems, `environment "${bound.environment}": the catalog cannot be rendered as Azure network security groups`);
}
