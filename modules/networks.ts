/**
 * Several networks per environment and cloud: a cloud's section names its
 * networks (each with the cloud's own id for it and its CIDRs) and places the
 * catalog's roles in them (`placement`, "*" for every role not listed). The
 * schema, the checks and the placing of a bound policy are shared by the
 * clouds; what a rule can name across two networks is each cloud's own
 * `canReference` (modules/<cloud>/cloud.ts).
 *
 * A role peer that the cloud cannot name across networks becomes the CIDRs of
 * the peer's network: wider than the role (every machine of that network), so
 * each such peer is recorded (`PlacedPolicy.widened`), shown in the coverage
 * report, and the verifier holds the cloud to the policy as placed.
 */
import { boundForCloud, PlatformCloud } from "./platform";
import { BoundPolicy, BoundRule, cidrFamily, cidrsOverlap, compareCidrs, ConfigError, Direction, parseCidr, PeerEntry, Problem, protocolFamily, SourceLocation } from "../policy";

/** One network as a section writes it: the cloud's id field (vpcId, network, vnet), its CIDRs and, where the cloud has them, its peerings. */
export interface NetworkSection {
  readonly cidrs?: readonly string[];
  readonly peeredWith?: readonly string[];
}

/** The part of a cloud section that places roles. */
export interface NetworksSection {
  readonly networks?: Readonly<Record<string, NetworkSection>>;
  /** Role id (or "*": every role not listed) to network name. */
  readonly placement?: Readonly<Record<string, string>>;
}

/** A network as placement sees it. */
export interface PlacedNetwork {
  /** The network's name, as `networks` keys it. */
  readonly name: string;
  /** The cloud's id of the network (a VPC id, a network name, a VNet name). */
  readonly id: string;
  /** The network's address ranges, canonical. */
  readonly cidrs: readonly string[];
  /** The networks it is peered with (AWS), by name. */
  readonly peeredWith: readonly string[];
}

/** What a cloud tells placement: its section's key names, and when a rule of one network can name a role of another. */
export interface CloudNetworks {
  /** The section key of the one network for every role (vpcId, network), when the cloud has one. */
  readonly singleKey?: string;
  /** The key of a network's id inside `networks.<name>` (vpcId, network, vnet). */
  readonly idKey: string;
  /** Whether `peeredWith` is part of the cloud's syntax. */
  readonly peering: boolean;
  /** Why a rule on a role of network `target` cannot name (reference) a role of network `peer`, or undefined when it can. */
  cannotReference(direction: Direction, target: PlacedNetwork, peer: PlacedNetwork): string | undefined;
}

/** A role peer written as the CIDRs of its network, and why. */
export interface WidenedPeer {
  /** The catalog rule whose peer it is. */
  readonly ruleId: string;
  /** The role the rule names (for platform:load-balancer on AWS, the load balancer's role). */
  readonly role: string;
  /** The role's network, by name. */
  readonly network: string;
  /** The CIDRs the rule names instead: the network's, of the rule's family. */
  readonly cidrs: readonly string[];
  /** Why the cloud cannot name the role from the rule's network. */
  readonly reason: string;
}

/** The bound policy as one cloud renders it across its networks. */
export interface PlacedPolicy {
  /** The bound policy as rendered: each widened role peer replaced by its network's CIDRs. */
  readonly bound: BoundPolicy;
  /** Network name of each managed role. */
  readonly networkOf: Readonly<Record<string, string>>;
  /** The networks, by name. */
  readonly networks: Readonly<Record<string, PlacedNetwork>>;
  /** Role peers written as their network's CIDRs, in rule order. */
  readonly widened: readonly WidenedPeer[];
}

const NETWORK_NAME = "^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$";

/** The schema properties `networks` and `placement` of a cloud's section. */
export function networksSchema(cloud: CloudNetworks, idSchema: Readonly<Record<string, unknown>>, cloudKey: string): Record<string, unknown> {
  const instead = cloud.singleKey ? ` Instead of ${cloudKey}.${cloud.singleKey}, which means one network for every role.` : "";
  return {
    networks: {
      type: "object",
      minProperties: 1,
      propertyNames: { pattern: NETWORK_NAME, description: "Network name: lower-case letters, digits and hyphens, at most 32." },
      description: `The networks the roles sit in, by name (docs/environments.md, "Several networks"): each with its ${cloud.idKey} and its CIDRs, which a rule names where the cloud cannot reference a role of another network.${instead}`,
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: [cloud.idKey],
        properties: {
          [cloud.idKey]: idSchema,
          cidrs: { type: "array", minItems: 1, items: { type: "string" }, description: "The network's address ranges (IPv4 and IPv6 CIDRs)." },
          ...(cloud.peering
            ? {
                peeredWith: {
                  type: "array",
                  items: { type: "string", pattern: NETWORK_NAME },
                  description: "Networks of this section peered with this one (one side is enough): rules reference the other's groups across the peering.",
                },
              }
            : {}),
        },
      },
    },
    placement: {
      type: "object",
      minProperties: 1,
      propertyNames: { pattern: "^(\\*|[a-z]([-a-z0-9]*[a-z0-9])?)$", description: 'A role id, or "*" for every role not listed.' },
      additionalProperties: { type: "string", pattern: NETWORK_NAME },
      description: 'The network of each role: role id to network name, "*" for every role not listed.',
    },
  };
}

type LocatedProblem = Omit<Problem, "subject">;

/** What the schema cannot say about a section's networks: one way of naming them, known names, valid and disjoint CIDRs, known peerings. */
export function checkNetworks(section: NetworksSection, cloud: CloudNetworks, cloudKey: string, locate: (path: readonly (string | number)[]) => SourceLocation | undefined): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const at = (path: readonly (string | number)[]) => locate(path);
  const networks = section.networks;
  const single = cloud.singleKey ? (section as Record<string, unknown>)[cloud.singleKey] : undefined;
  if (cloud.singleKey && single !== undefined && networks !== undefined) {
    problems.push({
      code: "ENV_NETWORKS_AND_ONE_NETWORK",
      location: at(["networks"]),
      message: `${cloudKey}.${cloud.singleKey} and ${cloudKey}.networks are both given`,
      hint: `Give ${cloudKey}.${cloud.singleKey} (one network for every role) or ${cloudKey}.networks with ${cloudKey}.placement, not both.`,
    });
  }
  if (cloud.singleKey && single === undefined && networks === undefined) {
    problems.push({
      code: "ENV_NETWORK_MISSING",
      location: at([]),
      message: `${cloudKey} names no network`,
      hint: `Give ${cloudKey}.${cloud.singleKey} (one network for every role), or ${cloudKey}.networks with ${cloudKey}.placement.`,
    });
  }
  if (networks !== undefined && section.placement === undefined) {
    problems.push({
      code: "ENV_NETWORKS_WITHOUT_PLACEMENT",
      location: at(["networks"]),
      message: `${cloudKey}.networks is given without ${cloudKey}.placement`,
      hint: `Place the roles: placement: { "*": <network>, <role>: <network> }.`,
    });
  }
  if (networks === undefined && section.placement !== undefined) {
    problems.push({
      code: "ENV_PLACEMENT_WITHOUT_NETWORKS",
      location: at(["placement"]),
      message: `${cloudKey}.placement is given without ${cloudKey}.networks`,
      hint: `Declare the networks it names in ${cloudKey}.networks, each with its ${cloud.idKey} and cidrs.`,
    });
  }
  const names = Object.keys(networks ?? {});
  const ids = new Map<string, string>();
  const cidrs: { network: string; cidr: string; index: number }[] = [];
  for (const [name, n] of Object.entries(networks ?? {})) {
    const id = String((n as Record<string, unknown>)[cloud.idKey]);
    const twin = ids.get(id);
    if (twin !== undefined) {
      problems.push({
        code: "ENV_NETWORK_ID_DUPLICATE",
        location: at(["networks", name, cloud.idKey]),
        message: `networks "${twin}" and "${name}" are both ${id}`,
        hint: "Declare each network once, and place the roles of both in it.",
      });
    }
    ids.set(id, name);
    (n.cidrs ?? []).forEach((c, index) => {
      const p = parseCidr(c);
      if ("error" in p || p.hadHostBits) {
        problems.push({
          code: "ENV_NETWORK_CIDR_INVALID",
          location: at(["networks", name, "cidrs", index]),
          message: `network "${name}": ${"error" in p ? p.error : `CIDR "${c}" has host bits set`}`,
          hint: "error" in p ? "Write the network's CIDR, such as 10.30.0.0/16." : `Write the network address, ${p.cidr}.`,
        });
      } else {
        for (const other of cidrs.filter((o) => o.network !== name && cidrsOverlap(o.cidr, p.cidr))) {
          problems.push({
            code: "ENV_NETWORK_CIDRS_OVERLAP",
            location: at(["networks", name, "cidrs", index]),
            message: `network "${name}" CIDR ${p.cidr} overlaps network "${other.network}" CIDR ${other.cidr}`,
            hint: "Networks that hold different roles must not share addresses: a rule that names one network's CIDRs would also admit the other's machines. Correct the CIDRs.",
          });
        }
        cidrs.push({ network: name, cidr: p.cidr, index });
      }
    });
    (n.peeredWith ?? []).forEach((other, index) => {
      if (other === name || !names.includes(other)) {
        problems.push({
          code: "ENV_PEERING_UNKNOWN_NETWORK",
          location: at(["networks", name, "peeredWith", index]),
          message: other === name ? `network "${name}" is peered with itself` : `network "${name}" is peered with "${other}", which ${cloudKey}.networks does not declare`,
          hint: `Name another network of ${cloudKey}.networks: ${names.filter((x) => x !== name).join(", ") || "(none)"}.`,
        });
      }
    });
  }
  if (networks !== undefined) {
    for (const [role, network] of Object.entries(section.placement ?? {})) {
      if (!names.includes(network)) {
        problems.push({
          code: "ENV_PLACEMENT_UNKNOWN_NETWORK",
          location: at(["placement", role]),
          message: `${role === "*" ? "every role not listed" : `role "${role}"`} is placed in network "${network}", which ${cloudKey}.networks does not declare`,
          hint: `Use one of: ${names.join(", ")}.`,
        });
      }
    }
  }
  return problems;
}

/**
 * The bound policy placed in a section's networks, or undefined when the
 * section has one network for every role (nothing changes). Refuses, with the
 * section's file:line:column, a placement naming a role the catalog lacks, a
 * role left without a network, and a role peer the cloud must write as CIDRs
 * whose network has none of the rule's family.
 */
export function placePolicy(
  bound: BoundPolicy,
  section: NetworksSection,
  cloud: CloudNetworks,
  cloudKey: string,
  locate?: (path: readonly (string | number)[], key?: boolean) => SourceLocation,
): PlacedPolicy | undefined {
  if (section.networks === undefined || section.placement === undefined) return undefined;
  const subject = `environment "${bound.environment}"`;
  const networks: Record<string, PlacedNetwork> = Object.fromEntries(
    Object.entries(section.networks).map(([name, n]) => [
      name,
      { name, id: String((n as Record<string, unknown>)[cloud.idKey]), cidrs: (n.cidrs ?? []).map((c) => canonical(c)), peeredWith: n.peeredWith ?? [] },
    ]),
  );
  const problems: Problem[] = [];
  const known = new Set(bound.policy.roles.map((r) => r.id));
  for (const role of Object.keys(section.placement)) {
    if (role !== "*" && !known.has(role)) {
      problems.push({
        code: "ENV_PLACEMENT_UNKNOWN_ROLE",
        location: locate?.([cloudKey, "placement", role], true),
        subject,
        message: `${cloudKey}.placement places role "${role}", which catalog "${bound.policy.name}" does not declare`,
        hint: `Remove it, or use one of the catalog's roles: ${[...known].join(", ")}.`,
      });
    }
  }
  const networkOf: Record<string, string> = {};
  for (const role of bound.managedRoles) {
    const network = section.placement[role.id] ?? section.placement["*"];
    if (network === undefined) {
      problems.push({
        code: "ENV_PLACEMENT_ROLE_UNPLACED",
        location: locate?.([cloudKey, "placement"]),
        subject,
        message: `${cloudKey}.placement gives role "${role.id}" no network, and has no "*" for the roles it does not list`,
        hint: `Add "${role.id}: <network>" or "\\"*\\": <network>" to ${cloudKey}.placement.`,
      });
    } else networkOf[role.id] = network;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const widened: WidenedPeer[] = [];
  const rules = bound.rules.map((rule): BoundRule => {
    const targetNetwork = networkOf[rule.target];
    if (targetNetwork === undefined || !rule.peers.some((e) => e.kind === "role")) return rule;
    const peers: PeerEntry[] = [];
    for (const entry of rule.peers) {
      const peerNetwork = entry.kind === "role" ? networkOf[entry.role] : undefined;
      const reason = entry.kind === "role" && peerNetwork !== undefined ? cloud.cannotReference(rule.direction, networks[targetNetwork], networks[peerNetwork]) : undefined;
      if (entry.kind !== "role" || reason === undefined) {
        peers.push(entry);
        continue;
      }
      const network = networks[peerNetwork!];
      const family = protocolFamily(rule.protocol);
      const cidrs = network.cidrs.filter((c) => family === undefined || cidrFamily(c) === family);
      if (cidrs.length === 0) {
        problems.push({
          code: "ENV_NETWORK_CIDRS_NEEDED",
          location: locate?.([cloudKey, "networks", network.name]),
          subject: `${subject}, rule "${rule.id}"`,
          message: `${reason}, so role "${entry.role}" must be written as the CIDRs of its network "${network.name}" (${network.id}), which has ${network.cidrs.length === 0 ? "none" : `none of IPv${family ?? 4}`}`,
          hint: `Give network "${network.name}" its cidrs in ${cloudKey}.networks.`,
        });
        continue;
      }
      for (const cidr of cidrs) peers.push({ kind: "cidr", cidr, family: cidrFamily(cidr) });
      widened.push({ ruleId: rule.id, role: entry.role, network: network.name, cidrs, reason });
    }
    return { ...rule, peers: sortedPeers(peers) };
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { bound: { ...bound, rules }, networkOf, networks, widened };
}

function canonical(cidr: string): string {
  const p = parseCidr(cidr);
  return "error" in p ? cidr : p.cidr;
}

/** As bindPolicy sorts them: role entries first, then CIDRs sorted, each once (tokens last). */
function sortedPeers(peers: readonly PeerEntry[]): PeerEntry[] {
  const roles = peers.filter((e) => e.kind === "role");
  const cidrs = new Map<string, Extract<PeerEntry, { kind: "cidr" }>>();
  for (const e of peers) if (e.kind === "cidr" && !cidrs.has(e.cidr)) cidrs.set(e.cidr, e);
  const literal = [...cidrs.values()].filter((e) => !e.token).sort((a, b) => compareCidrs(a.cidr, b.cidr));
  const tokens = [...cidrs.values()].filter((e) => e.token);
  return [...roles, ...literal, ...tokens];
}

/** Whether two networks are peered (declared on either side). */
export function arePeered(a: PlacedNetwork, b: PlacedNetwork): boolean {
  return a.peeredWith.includes(b.name) || b.peeredWith.includes(a.name);
}

/**
 * The policy as a cloud renders it in its section's networks (undefined: one
 * network, the bound policy as is). The stacks, the library's constructs and
 * the verifier all place through here, so they agree. Platform peers are put
 * in the cloud's words first, so that one which is a role of ours (AWS's load
 * balancer group) is placed like any role peer: across VPCs that are not
 * peered it becomes the load balancer's network's CIDRs. A platform peer the
 * cloud cannot name is left to the cloud's construct to refuse, as without
 * networks.
 */
export function placeForCloud(
  cloud: PlatformCloud & { readonly networks?: CloudNetworks },
  section: unknown,
  bound: BoundPolicy,
  locate?: (path: readonly (string | number)[], key?: boolean) => SourceLocation,
  cloudKey: string = cloud.id,
): PlacedPolicy | undefined {
  if (!cloud.networks || section === undefined || section === null) return undefined;
  const unresolved: Problem[] = [];
  const inWords = boundForCloud(bound, cloud, unresolved);
  return placePolicy(unresolved.length > 0 ? bound : inWords, section as NetworksSection, cloud.networks, cloudKey, locate);
}

/** Each managed role's network id (a VPC id, a network name), or undefined for a policy in one network. */
export function networkIdOfRole(placed: PlacedPolicy | undefined): Record<string, string> | undefined {
  return placed && Object.fromEntries(Object.entries(placed.networkOf).map(([role, name]) => [role, placed.networks[name].id]));
}

/** The network a section places a role in, read from the section alone (the effective views have no catalog). */
export function sectionNetworkOf(section: NetworksSection | undefined, idKey: string, role: string): PlacedNetwork | undefined {
  const name = section?.placement?.[role] ?? section?.placement?.["*"];
  const n = name === undefined ? undefined : section?.networks?.[name];
  return n && { name: name!, id: String((n as Record<string, unknown>)[idKey]), cidrs: n.cidrs ?? [], peeredWith: n.peeredWith ?? [] };
}
