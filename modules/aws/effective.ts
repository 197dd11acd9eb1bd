/**
 * What AWS would decide, read from any Terraform configuration (our
 * synthesis, a team's HCL, override files merged): a security group allows
 * the union of its rules, from every way Terraform can write one (inline
 * `ingress`/`egress` blocks, `aws_security_group_rule`,
 * `aws_vpc_security_group_{ingress,egress}_rule`, prefix lists defined in the
 * configuration); what no rule allows is denied, in both directions
 * (Terraform-managed groups have no default egress rule). A group outside the
 * environment's VPC serves no machine of the role. Fails closed: what it
 * cannot interpret is a problem (modules/engine/configuration.ts).
 */
import { Direction, Flow } from "../../policy";
import { canonicalCidr, CidrCut, cidrHolds, CloudDecision, Footprint, hasPorts, protocolOf } from "../effective";
import type { EffectiveView } from "../cloud";
import type { CloudTypes, ConfigResource, ReadContext, Reading } from "../engine/configuration";
import { checkArguments, checkBlockArguments, conventionalName, isExpression, listOf, literal, readCloudResources, referencedName, roleMapTarget, rolesOfOutput } from "../engine/configuration";
import type { LiveGroups } from "./live";
import { arePeered, PlacedNetwork } from "../networks";
import { RULE_TYPES, SECURITY_GROUP_IDS_OUTPUT, SECURITY_GROUP_TYPE } from "./vocabulary";

export interface AwsRule {
  readonly address: string;
  readonly direction: Direction;
  readonly group: string;
  readonly peer: { kind: "group"; group: string } | { kind: "cidr"; cidr: string };
  readonly protocol: number | "all";
  /** Port range (tcp, udp), or ICMP type (from) and code (to); undefined: every port, type or code. */
  readonly from?: number;
  readonly to?: number;
}

export interface AwsView {
  /** Role id → security group logical id (or live id). */
  readonly groupOfRole: Record<string, string>;
  readonly rules: readonly AwsRule[];
  /** What changes access in a way the catalog cannot say (a group in another VPC, a rule on no role's group): each fails verify. */
  readonly findings: readonly string[];
  /** Roles whose group is not in the environment's VPC: their decisions are uncertain. */
  readonly misplaced?: Readonly<Record<string, string>>;
}

export interface AwsReadOptions extends ReadContext {
  /** The environment's VPC: every role's group must be in it. */
  readonly vpcId?: string;
  /** Where the environment places roles in several VPCs: the VPC (a network of aws.networks) each role's group must be in. */
  readonly networkOf?: (role: string) => PlacedNetwork | undefined;
  /** Names the configuration in problems. */
  readonly source?: string;
}

export const AWS_RESOURCE_PREFIXES = ["aws_"] as const;
const GROUP = SECURITY_GROUP_TYPE;
const LEGACY_RULE = "aws_security_group_rule";
const TYPES = RULE_TYPES;
const PREFIX_LIST = "aws_ec2_managed_prefix_list";
const AWS_TYPES: CloudTypes = {
  cloud: "AWS",
  prefixes: AWS_RESOURCE_PREFIXES,
  understood: new Set([GROUP, LEGACY_RULE, TYPES.ingress, TYPES.egress, PREFIX_LIST]),
  /** Resources that place machines or networks but do not change which flows a group allows. */
  neutral: new Set([
    "aws_vpc",
    "aws_subnet",
    "aws_instance",
    "aws_network_interface",
    "aws_network_interface_sg_attachment",
    "aws_internet_gateway",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
  ]),
};

const GROUP_ARGS = new Set(["name", "name_prefix", "description", "vpc_id", "tags", "tags_all", "revoke_rules_on_delete", "ingress", "egress"]);
const INLINE_ARGS = new Set(["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups", "self", "from_port", "to_port", "protocol", "description"]);
const LEGACY_ARGS = new Set([...INLINE_ARGS, "type", "security_group_id", "source_security_group_id"]);
const VPC_RULE_ARGS = new Set(["security_group_id", "cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id", "ip_protocol", "from_port", "to_port", "description", "tags"]);
const PREFIX_LIST_ARGS = new Set(["name", "address_family", "max_entries", "entry", "tags"]);
const ICMP = new Set([1, 58]);
/** The protocols AWS applies port ranges to (besides ICMP's type and code): SCTP's ports, say, are ignored. */
const AWS_PORTED = new Set([6, 17]);

/** Reads the security groups and rules of a Terraform configuration; throws a ConfigError (codes VERIFY_…) on what it cannot interpret. */
export function loadAwsView(json: any, options: AwsReadOptions = {}): AwsView {
  const { reading, of } = readCloudResources(json, AWS_TYPES, options.source);
  const groups = new Map(of(GROUP).map((r) => [r.name, r]));
  const findings: string[] = [];

  const cidr = (value: unknown, where: string): string | undefined => {
    const v = literal(value, where, reading);
    if (v === undefined) return undefined;
    try {
      return canonicalCidr(v, where);
    } catch (e) {
      reading.fail("VERIFY_BAD_VALUE", where, (e as Error).message.replace(`${where}: `, ""));
      return undefined;
    }
  };
  const prefixLists = new Map<string, string[]>();
  for (const pl of of(PREFIX_LIST)) {
    checkArguments(pl, PREFIX_LIST_ARGS, reading);
    prefixLists.set(
      pl.name,
      listOf(pl.body.entry).flatMap((e, i) => {
        const where = `${pl.address}.entry[${i}]`;
        checkBlockArguments(where, e, new Set(["cidr", "description"]), reading);
        const c = cidr(e.cidr, `${where}.cidr`);
        return c ? [c] : [];
      }),
    );
  }
  const groupRef = (value: unknown, where: string): string | undefined => {
    const name = referencedName(value, GROUP);
    if (name !== undefined && groups.has(name)) return name;
    if (name !== undefined) reading.fail("VERIFY_UNKNOWN_REFERENCE", where, `refers to ${GROUP}.${name}, which the configuration does not define`);
    else
      reading.fail(
        "VERIFY_UNKNOWN_GROUP",
        where,
        `is ${JSON.stringify(value)}: not a security group of this configuration, so the engine cannot tell whose machines it holds`,
        `Refer to a group defined here: \${${GROUP}.<name>.id}.`,
      );
    return undefined;
  };
  const prefixListCidrs = (value: unknown, where: string): string[] => {
    const name = referencedName(value, PREFIX_LIST);
    if (name !== undefined && prefixLists.has(name)) return prefixLists.get(name)!;
    reading.fail(
      "VERIFY_UNKNOWN_PREFIX_LIST",
      where,
      `is ${JSON.stringify(value)}: a prefix list whose entries the configuration does not hold, so the engine cannot tell which networks it opens to`,
      `Define it here as ${PREFIX_LIST} with its entries, or write the CIDRs.`,
    );
    return [];
  };

  const rules: AwsRule[] = [];
  type Peer = AwsRule["peer"];
  const addRules = (address: string, direction: Direction, group: string, peers: Peer[], body: any) => {
    const proto = literal(body.ip_protocol ?? body.protocol, `${address}.protocol`, reading);
    if (proto === undefined) return;
    let protocol: number | "all";
    try {
      protocol = protocolOf(proto as string);
    } catch {
      reading.fail("VERIFY_BAD_VALUE", `${address}.protocol`, `is ${JSON.stringify(proto)}, not a protocol AWS knows`);
      return;
    }
    const port = (value: unknown, which: string): number | undefined => {
      const v = literal(value, `${address}.${which}`, reading);
      if (v === undefined || v === null) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < -1 || n > 65535) {
        reading.fail("VERIFY_BAD_VALUE", `${address}.${which}`, `is ${JSON.stringify(v)}, not a port (or ICMP type/code) AWS accepts`);
        return undefined;
      }
      return n;
    };
    let from = port(body.from_port, "from_port");
    let to = port(body.to_port, "to_port");
    if (protocol === "all" || (!AWS_PORTED.has(protocol) && !ICMP.has(protocol))) {
      // AWS applies port ranges only to tcp, udp, icmp and icmpv6: other protocols (SCTP…) get every port.
      from = to = undefined;
    } else if (ICMP.has(protocol)) {
      if (from === -1) from = undefined;
      if (to === -1 || from === undefined) to = undefined;
    } else if (from === -1 && to === -1) {
      from = to = undefined;
    } else if (from !== undefined && to !== undefined && (from < 0 || from > to)) {
      reading.fail("VERIFY_BAD_VALUE", address, `has ports ${from}-${to}, not a range AWS accepts`);
      return;
    } else if ((from === undefined) !== (to === undefined)) {
      reading.fail("VERIFY_BAD_VALUE", address, "gives only one of from_port and to_port");
      return;
    }
    for (const peer of peers) rules.push({ address, direction, group, peer, protocol, from, to });
  };
  // The peers of an inline block or an aws_security_group_rule.
  const blockPeers = (address: string, group: string, body: any, sourceGroups: unknown[]): Peer[] => {
    const peers: Peer[] = [];
    for (const attribute of ["cidr_blocks", "ipv6_cidr_blocks"]) {
      for (const c of listOf(literal(body[attribute], `${address}.${attribute}`, reading))) {
        const v = cidr(c, `${address}.${attribute}`);
        if (v) peers.push({ kind: "cidr", cidr: v });
      }
    }
    for (const pl of listOf(body.prefix_list_ids)) for (const c of prefixListCidrs(pl, `${address}.prefix_list_ids`)) peers.push({ kind: "cidr", cidr: c });
    for (const g of sourceGroups) {
      const ref = groupRef(g, `${address}.security_groups`);
      if (ref) peers.push({ kind: "group", group: ref });
    }
    const self = literal(body.self, `${address}.self`, reading);
    if (self === true || self === "true") peers.push({ kind: "group", group });
    if (peers.length === 0) reading.fail("VERIFY_BAD_VALUE", address, "names no peer (no CIDR, prefix list, group or self); AWS rejects it");
    return peers;
  };

  const inlineGroups = new Set<string>();
  for (const g of groups.values()) {
    checkArguments(g, GROUP_ARGS, reading);
    for (const direction of ["ingress", "egress"] as const) {
      listOf(g.body[direction]).forEach((block, i) => {
        const address = `${g.address}.${direction}[${i}]`;
        if (block === null || typeof block !== "object") return reading.fail("VERIFY_BAD_VALUE", address, "is not a rule block");
        checkBlockArguments(address, block, INLINE_ARGS, reading);
        inlineGroups.add(g.name);
        addRules(address, direction, g.name, blockPeers(address, g.name, block, listOf(block.security_groups)), block);
      });
    }
  }
  const standaloneGroups = new Set<string>();
  for (const r of of(LEGACY_RULE)) {
    checkArguments(r, LEGACY_ARGS, reading);
    const type = literal(r.body.type, `${r.address}.type`, reading);
    if (type !== "ingress" && type !== "egress") {
      if (type !== undefined) reading.fail("VERIFY_BAD_VALUE", `${r.address}.type`, `is ${JSON.stringify(type)}; AWS accepts ingress or egress`);
      continue;
    }
    const group = groupRef(r.body.security_group_id, `${r.address}.security_group_id`);
    if (!group) continue;
    standaloneGroups.add(group);
    addRules(r.address, type, group, blockPeers(r.address, group, r.body, r.body.source_security_group_id === undefined ? [] : [r.body.source_security_group_id]), r.body);
  }
  for (const direction of ["ingress", "egress"] as const) {
    for (const r of of(TYPES[direction])) {
      checkArguments(r, VPC_RULE_ARGS, reading);
      const group = groupRef(r.body.security_group_id, `${r.address}.security_group_id`);
      if (!group) continue;
      standaloneGroups.add(group);
      const peers: Peer[] = [];
      for (const attribute of ["cidr_ipv4", "cidr_ipv6"]) {
        if (r.body[attribute] === undefined) continue;
        const v = cidr(r.body[attribute], `${r.address}.${attribute}`);
        if (v) peers.push({ kind: "cidr", cidr: v });
      }
      if (r.body.prefix_list_id !== undefined) for (const c of prefixListCidrs(r.body.prefix_list_id, `${r.address}.prefix_list_id`)) peers.push({ kind: "cidr", cidr: c });
      if (r.body.referenced_security_group_id !== undefined) {
        const ref = groupRef(r.body.referenced_security_group_id, `${r.address}.referenced_security_group_id`);
        if (ref) peers.push({ kind: "group", group: ref });
      }
      if (peers.length !== 1) {
        reading.fail(
          "VERIFY_BAD_VALUE",
          r.address,
          peers.length === 0
            ? "has neither a referenced group, a prefix list nor a CIDR"
            : "names more than one of cidr_ipv4, cidr_ipv6, prefix_list_id and referenced_security_group_id; AWS accepts exactly one",
        );
        continue;
      }
      addRules(r.address, direction, group, peers, r.body);
    }
  }
  for (const g of [...inlineGroups].filter((g) => standaloneGroups.has(g)).sort()) {
    findings.push(
      `${GROUP}.${g} has inline ingress/egress blocks and separate rule resources: the AWS provider then rewrites the group's rules at every apply, so what it allows changes from run to run`,
    );
  }

  const groupOfRole = rolesOfGroups(json, groups, options, reading);
  const roleOfGroup = new Map(Object.entries(groupOfRole).map(([role, g]) => [g, role]));
  for (const g of [...new Set(rules.map((r) => r.group))].sort()) {
    if (!roleOfGroup.has(g))
      findings.push(
        `${GROUP}.${g} is no catalog role's group (no security_group_ids output, catalog-role tag, conventional name or role-map entry names it), yet it has rules: they open access the catalog does not describe`,
      );
  }
  const misplaced: Record<string, string> = {};
  for (const [role, g] of Object.entries(groupOfRole)) {
    const placed = options.networkOf?.(role);
    const wanted = placed?.id ?? options.vpcId;
    if (wanted === undefined) continue;
    // In a user's app the placement's VPC id may be a reference to the app's own VPC: the group must hold that same one.
    if (groups.get(g)!.body.vpc_id === wanted) continue;
    const vpc = literal(groups.get(g)!.body.vpc_id, `${GROUP}.${g}.vpc_id`, reading);
    if (vpc === wanted || isExpression(vpc)) continue;
    const whose = placed ? `the ${placed.name} VPC aws.placement gives role ${role}, ${wanted}` : `the environment's ${wanted}`;
    misplaced[role] = `${GROUP}.${g} is in ${vpc === undefined ? "the region's default VPC (no vpc_id)" : `VPC ${vpc}`}, not ${whose}: the role's machines cannot use it`;
    findings.push(misplaced[role]);
  }
  // A reference to a group of another VPC works only across a peering (AWS refuses the rule otherwise).
  if (options.networkOf) {
    const crossing = new Set<string>();
    for (const r of rules) {
      if (r.peer.kind !== "group") continue;
      const [own, other] = [roleOfGroup.get(r.group), roleOfGroup.get(r.peer.group)].map((role) => (role === undefined ? undefined : options.networkOf!(role)));
      if (!own || !other || own.name === other.name || arePeered(own, other)) continue;
      crossing.add(
        `${r.address} references ${GROUP}.${r.peer.group} of VPC ${other.id} ("${other.name}") from VPC ${own.id} ("${own.name}"), which are not peered: AWS refuses a reference to a group of another VPC without a peering in the same region`,
      );
    }
    findings.push(...[...crossing].sort());
  }
  reading.finish();
  return { groupOfRole, rules, findings, misplaced };
}

/**
 * Which group serves which role: an explicit role map first, then our
 * synthesis's security_group_ids output, then a group's catalog-role tag or
 * conventional name (`<namePrefix>-<environment>-<role>`).
 */
function rolesOfGroups(json: any, groups: ReadonlyMap<string, ConfigResource>, options: AwsReadOptions, reading: Reading): Record<string, string> {
  const groupOfRole: Record<string, string> = {};
  const claim = (role: string, group: string, how: string) => {
    const other = groupOfRole[role];
    if (other !== undefined && other !== group)
      reading.fail("VERIFY_ROLE_AMBIGUOUS", `role "${role}"`, `is claimed by ${GROUP}.${other} and ${GROUP}.${group} (${how})`, "Pass a role map naming one group per role.");
    else groupOfRole[role] = group;
  };
  if (options.roleMap) {
    for (const [role, target] of Object.entries(options.roleMap)) {
      const name = roleMapTarget(role, target, GROUP, groups, "security group", reading);
      if (name !== undefined) claim(role, name, "role map");
    }
    return groupOfRole;
  }
  const fromOutput = rolesOfOutput(json, SECURITY_GROUP_IDS_OUTPUT, GROUP, groups, "security group", reading);
  if (fromOutput) return fromOutput;
  for (const [name, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tag = g.body.tags?.["catalog-role"];
    const byName =
      options.namePrefix !== undefined && options.environment !== undefined && typeof g.body.name === "string"
        ? g.body.name.startsWith(`${options.namePrefix}-${options.environment}-`) && g.body.name.slice(`${options.namePrefix}-${options.environment}-`.length)
        : undefined;
    const role = typeof tag === "string" && !isExpression(tag) ? tag : byName || undefined;
    if (role !== undefined) claim(role, name, conventionalName(options, role) === g.body.name ? "conventional name" : "catalog-role tag");
  }
  return groupOfRole;
}

/** Every port edge the rules mention. */
export function awsPorts(view: AwsView): number[] {
  return view.rules.flatMap((r) => (r.protocol !== "all" && hasPorts(r.protocol) && r.from !== undefined ? [r.from, r.to ?? r.from] : []));
}

/** Every ICMP type a rule narrows to (probed as its own flows). */
export function awsIcmpTypes(view: AwsView): number[] {
  return view.rules.flatMap((r) => (r.protocol !== "all" && ICMP.has(r.protocol) && r.from !== undefined ? [r.from] : []));
}

/** Every CIDR the rules match against, with the rule's traffic, and every protocol number they name (the probe flows must cover them). */
export function awsCuts(view: AwsView): CidrCut[] {
  return view.rules.flatMap((r) => {
    const f = ruleFootprint(r, []);
    return f.cidrs.map((cidr) => ({ direction: f.direction, protocol: f.protocol, ports: f.ports, cidr }));
  });
}
export function awsProtocols(view: AwsView): number[] {
  return view.rules.flatMap((r) => (r.protocol === "all" ? [] : [r.protocol]));
}

export function awsRuleMatches(view: AwsView, rule: AwsRule, flow: Flow): boolean {
  if (rule.direction !== flow.direction || rule.group !== view.groupOfRole[flow.target]) return false;
  if (rule.protocol !== "all" && rule.protocol !== flow.protocol) return false;
  // A port protocol without from/to covers every port (the reader drops AWS-ignored ports, such as SCTP's).
  if (rule.protocol !== "all" && hasPorts(rule.protocol) && rule.from !== undefined && rule.to !== undefined) {
    if (flow.port === undefined || flow.port < rule.from || flow.port > rule.to) return false;
  }
  // An ICMP rule narrowed to one type matches that type only; narrowed to one code, no whole type (partialIcmp tells).
  if (rule.protocol !== "all" && ICMP.has(rule.protocol) && rule.from !== undefined && (flow.icmpType !== rule.from || rule.to !== undefined)) return false;
  if (rule.peer.kind === "group") return flow.peer.kind === "role" && view.groupOfRole[flow.peer.role] === rule.peer.group;
  return cidrHolds(rule.peer.cidr, flow.peer);
}

// Tens of thousands of flows per check: look at the rules of the flow's direction and group only.
const rulesByGroup = new WeakMap<AwsView, Record<Direction, Map<string, AwsRule[]>>>();

function rulesOf(view: AwsView, direction: Direction, group: string): readonly AwsRule[] {
  let index = rulesByGroup.get(view);
  if (!index) {
    index = { ingress: new Map(), egress: new Map() };
    for (const r of view.rules) index[r.direction].set(r.group, [...(index[r.direction].get(r.group) ?? []), r]);
    rulesByGroup.set(view, index);
  }
  return index[direction].get(group) ?? [];
}

export function awsDecide(view: AwsView, flow: Flow): CloudDecision {
  const group = view.groupOfRole[flow.target];
  if (!group) return { action: "deny", resources: [] };
  const candidates = rulesOf(view, flow.direction, group);
  const resources = [...new Set(candidates.filter((r) => awsRuleMatches(view, r, flow)).map((r) => r.address))];
  const decision: CloudDecision = { action: resources.length > 0 ? "allow" : "deny", resources };
  const misplaced = view.misplaced?.[flow.target];
  if (misplaced) return { ...decision, uncertain: misplaced };
  // A rule that allows some codes of the flow's ICMP type: the type is neither wholly allowed nor wholly denied.
  const partial =
    resources.length === 0 &&
    candidates.find((r) => r.protocol === flow.protocol && ICMP.has(r.protocol) && r.from === flow.icmpType && r.to !== undefined && awsRuleMatches(view, { ...r, to: undefined }, flow));
  if (partial) return { ...decision, uncertain: `${partial.address} allows ICMP type ${partial.from} code ${partial.to} only` };
  return decision;
}

/**
 * The same view from what AWS holds (DescribeSecurityGroupRules, read by
 * modules/aws/live.ts): groups are their live ids, each group's role is its
 * catalog-role tag, so the checker judges the deployed rules themselves.
 */
export function loadAwsLiveView(live: LiveGroups): AwsView {
  const groupOfRole: Record<string, string> = {};
  for (const g of live.groups) {
    const role = g.tags["catalog-role"];
    if (!role) throw new Error(`security group ${g.name} (${g.id}) has no catalog-role tag: cannot tell which role it serves`);
    if (groupOfRole[role]) throw new Error(`security groups ${groupOfRole[role]} and ${g.id} both claim role ${role}`);
    groupOfRole[role] = g.id;
  }
  const rules: AwsRule[] = live.rules.map((r) => {
    const cidr = r.cidrIpv4 ?? r.cidrIpv6;
    if (!r.referencedGroupId && !cidr) throw new Error(`rule ${r.id} of ${r.groupId} has neither a referenced group nor a CIDR (a prefix list?): the checker cannot judge it`);
    const protocol = protocolOf(r.protocol);
    // AWS answers -1/-1 for "every port" of port protocols only when no range was given.
    const ported = protocol !== "all" && (AWS_PORTED.has(protocol) || ICMP.has(protocol)) && !(r.fromPort === -1 && r.toPort === -1);
    return {
      address: `${r.id} (${r.groupId} ${r.direction})`,
      direction: r.direction,
      group: r.groupId,
      peer: r.referencedGroupId ? { kind: "group", group: r.referencedGroupId } : { kind: "cidr", cidr: canonicalCidr(cidr!, `rule ${r.id}`) },
      protocol,
      from: ported && r.fromPort !== -1 ? r.fromPort : undefined,
      to: ported && r.toPort !== -1 && !(ICMP.has(protocol as number) && r.fromPort === -1) ? r.toPort : undefined,
    };
  });
  return { groupOfRole, rules, findings: [] };
}

/** The checker's view (modules/cloud.ts EffectiveView) of the rules AWS holds. */
export function awsLiveEffective(live: LiveGroups): EffectiveView {
  const view = loadAwsLiveView(live);
  return awsEffective(view);
}

/** What each rule of the role's group matches (the probes of the role's flows). */
export function awsFootprints(view: AwsView, role: string): Footprint[] {
  const group = view.groupOfRole[role];
  if (!group) return [];
  let roleOf = rolesOfGroup.get(view);
  if (!roleOf) {
    roleOf = new Map<string, string[]>();
    for (const [r, g] of Object.entries(view.groupOfRole)) roleOf.set(g, [...(roleOf.get(g) ?? []), r]);
    rolesOfGroup.set(view, roleOf);
  }
  return (["ingress", "egress"] as const).flatMap((direction) => rulesOf(view, direction, group).map((r) => ruleFootprint(r, r.peer.kind === "group" ? (roleOf!.get(r.peer.group) ?? []) : [])));
}

const rolesOfGroup = new WeakMap<AwsView, Map<string, string[]>>();

/** What one rule matches: its traffic (ports of tcp and udp, an ICMP type), its CIDR or the roles of the group it names. */
function ruleFootprint(r: AwsRule, roles: readonly string[]): Footprint {
  const ported = r.protocol !== "all" && hasPorts(r.protocol) && r.from !== undefined && r.to !== undefined;
  const icmpType = r.protocol !== "all" && ICMP.has(r.protocol) && r.from !== undefined ? r.from : undefined;
  return {
    direction: r.direction,
    protocol: r.protocol,
    ports: ported ? [{ from: r.from!, to: r.to! }] : undefined,
    ...(icmpType !== undefined ? { icmpType } : {}),
    cidrs: r.peer.kind === "cidr" ? [r.peer.cidr] : [],
    roles,
  };
}

/** The engine's view (modules/cloud.ts EffectiveView) of an AWS view. */
export function awsEffective(view: AwsView): EffectiveView {
  return {
    decide: (flow) => awsDecide(view, flow),
    ports: () => awsPorts(view),
    cuts: () => awsCuts(view),
    protocols: () => awsProtocols(view),
    icmpTypes: () => awsIcmpTypes(view),
    footprints: (role) => awsFootprints(view, role),
    findings: () => view.findings,
    roles: () => Object.keys(view.groupOfRole).sort(),
    defaultOf: (role) => (view.groupOfRole[role] ? `${GROUP}.${view.groupOfRole[role]}` : `role ${role}, which has no security group`),
  };
}
