/**
 * Renders a bound policy as GCP VPC firewall rules (ComputeFirewall resources):
 * rules that commute share a resource, priorities keep the catalog's order.
 */
import { createHash } from "crypto";
import type { ComputeFirewallAllow, ComputeFirewallConfig } from "@cdktf/provider-google/lib/compute-firewall";
import { Construct } from "constructs";
import { BoundPolicy, formatPortRange, isAllPorts, normalisePorts, PortRange, Problem, SynthesisError } from "../../policy";
import { CloudFirewall } from "../cloud";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "../realisation";
import { terraformLiteral } from "../terraform-literal";
import { allocateScope, allocationProblems, CloudPriorities, PriorityRangeFull, ScopeAllocation } from "../priorities";
import { FirewallGroup, gcpProtocol, planGroups } from "./plan";
import { bindings } from "../runtime";
import { claimNames, LogicalIdScope, logicalIdPrefix } from "../addresses";
import { addInvariantValidation, addLintValidation, checkConstructProps, gatherProblems, LintSkip } from "../construct-checks";
import { FIREWALL_TYPE } from "./vocabulary";
import { boundForCloud } from "../platform";
import { placeConstructPolicy } from "../construct-networks";
import type { PlacedPolicy } from "../networks";
import { gcpCloud } from "./cloud";

/** One VPC network of GcpFirewall's `networks`. */
export interface GcpNetwork {
  /** The network's name or self link (may be a token, such as network.name of your own ComputeNetwork). */
  readonly network: string;
  /** The network's address ranges (its subnets'), literal: a rule of another network names them. */
  readonly cidrs?: readonly string[];
}

/** Props of GcpFirewall. */
export interface GcpFirewallProps {
  /** The policy bound to one environment. */
  readonly policy: BoundPolicy;
  /** VPC network name or self link; required unless `networks` places the roles in several networks. */
  readonly network?: string;
  /**
   * The VPC networks the roles sit in, by a name of your choosing, as an
   * environment file's `gcp.networks` (docs/environments.md, "Several networks
   * per cloud"): each with its `network` and its `cidrs`. With `placement`,
   * every firewall goes to the network of the role it targets, and a rule names
   * a role of another network by that network's CIDRs (tags and service
   * accounts match instances of the firewall's own network only; listed in
   * `placed.widened`). Instead of `network`. @default every firewall in network
   */
  readonly networks?: Readonly<Record<string, GcpNetwork>>;
  /** With `networks`: each role's network, role id to network name, `"*"` for every role not listed. */
  readonly placement?: Readonly<Record<string, string>>;
  /**
   * The VPC network of each role's firewall rules, for a policy already placed
   * elsewhere (our own stacks place it from the environment file); `networks`
   * with `placement` place it here instead. @default every firewall in network
   */
  readonly networkOfRole?: Readonly<Record<string, string>>;
  /** Project of the firewall rules. @default the provider's project */
  readonly project?: string;
  /** Prefix of names and tags: `<namePrefix>-<environment>-…`. */
  readonly namePrefix: string;
  /** Lowest priority of the catalog's firewalls (0-65533, lower wins); the first gets base + step, leaving room at the top. @default 1000 */
  readonly priorityBase?: number;
  /** Room between consecutive priorities in a first allocation and between appended rules, so rules can be inserted without renumbering. @default 2000 */
  readonly priorityStep?: number;
  /**
   * The allocation made last time (`priorityAllocation` of the previous
   * synthesis, as the allocation file keeps it): existing firewalls keep
   * their priorities. @default none (a first allocation)
   */
  readonly priorities?: CloudPriorities;
  /** How roles are identified on instances. @default "tag" */
  readonly identity?: "tag" | "serviceAccount";
  /** Service account email per managed role; required when identity is serviceAccount. @default {} */
  readonly serviceAccounts?: Record<string, string>;
  /** Firewall rules logging (log_config metadata), or false. @default false */
  readonly logging?: false | "INCLUDE_ALL_METADATA" | "EXCLUDE_ALL_METADATA";
  /** How the resources' logical ids are scoped (see LogicalIdScope). @default "construct" */
  readonly logicalIdScope?: LogicalIdScope;
  /** Turns the security lint off for this construct; the reason is required and kept in the construct's metadata. @default the lint runs */
  readonly skipLint?: LintSkip;
}

/** GCP's per-rule limits. */
export const GCP_LIMITS = { ranges: 256, ports: 256, sourceTags: 30, targetTags: 70, serviceAccounts: 10 } as const;
const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The egress default deny: after every catalog rule, before GCP's implied allow (65535); fixed, so inserts never move it. */
export const GCP_EGRESS_DEFAULT_PRIORITY = 65534;
export const GCP_DEFAULT_PRIORITY_BASE = 1000;
/** 2,000: room for 10 inserts one edit at a time in any gap, wherever each lands (each halves a gap at worst). */
export const GCP_DEFAULT_PRIORITY_STEP = 2000;
/** The allocation's scopes: one per direction (ingress and egress rules never compete). */
export const GCP_PRIORITY_SCOPES = ["ingress", "egress"] as const;

/**
 * A bound catalog as GCP VPC firewall rules, with priorities that keep the
 * catalog's order and network tags (or service accounts) for roles.
 *
 * @example
 *   new GcpFirewall(stack, "firewall", { policy: bindPolicy(policy, { environment: "prod" }), network: network.name, namePrefix: "shop" });
 */
export class GcpFirewall extends Construct implements CloudFirewall {
  /** Network tag per managed role id. */
  readonly networkTags: Record<string, string> = {};
  /** How each catalog rule is realised on GCP. */
  readonly realisations: RuleRealisation[] = [];
  /** How each managed role's egress default is realised. */
  readonly egressDefaults: EgressDefaultRealisation[] = [];
  /** Where IPv6 is off: the explicit IPv6 ingress deny of each managed role (elsewhere GCP's implied deny realises the ingress default). */
  readonly ingressDefaults?: IngressDefaultRealisation[];

  /** The priorities given, per direction (the allocation file's `gcp` section). */
  readonly priorityAllocation: CloudPriorities;
  /** Firewalls that had a priority in the previous allocation and got another one (the order could not be kept otherwise). */
  readonly renumbered: readonly string[];

  /** The cloud contract's role handles: the network tag of each managed role. */
  get roleHandles(): Readonly<Record<string, string>> {
    return this.networkTags;
  }

  /** The outputs the GCP effective view reads: network_tags, as GcpFirewallStack writes it. */
  get checkedOutputs(): Readonly<Record<string, unknown>> {
    return { network_tags: this.networkTags };
  }

  private readonly props: GcpFirewallProps;
  private readonly names = new Set<string>();
  private readonly prefix: string;

  /** The policy as placed in `networks` (each role's network, the widened peers), when the props give networks. */
  readonly placed?: PlacedPolicy;

  constructor(scope: Construct, id: string, props: GcpFirewallProps) {
    super(scope, id);
    const inNetworks = props !== null && typeof props === "object" && (props.networks !== undefined || props.placement !== undefined);
    checkConstructProps("GcpFirewall", props, { strings: inNetworks ? ["namePrefix"] : ["namePrefix", "network"] });
    const placement = placeConstructPolicy("GcpFirewall", gcpCloud, props, { key: "network", value: props.network }, { key: "networkOfRole", value: props.networkOfRole });
    this.placed = placement.placed;
    const networkOfRole = placement.networkIdOfRole;
    this.props = networkOfRole ? { ...props, network: props.network ?? Object.values(networkOfRole)[0], networkOfRole } : props;
    this.prefix = logicalIdPrefix(this, props.logicalIdScope);
    // Every problem of the catalog and environment is gathered, and refused at once below.
    const problems: Problem[] = [];
    const bound = boundForCloud(this.placed?.bound ?? props.policy, gcpCloud, problems);
    const base = props.priorityBase ?? GCP_DEFAULT_PRIORITY_BASE;
    const step = props.priorityStep ?? GCP_DEFAULT_PRIORITY_STEP;
    for (const role of bound.managedRoles) gatherProblems(problems, () => (this.networkTags[role.id] = this.tagOf(role.id)));
    if (props.identity === "serviceAccount") {
      const missing = bound.managedRoles.filter((r) => !props.serviceAccounts?.[r.id]).map((r) => r.id);
      if (missing.length > 0) {
        problems.push({
          code: "GCP_SERVICE_ACCOUNT_MISSING",
          location: bound.managedRoles.find((r) => r.id === missing[0])?.location,
          subject: `environment "${bound.environment}"`,
          message: `identity is serviceAccount but no service account is given for role(s) ${missing.join(", ")}`,
          hint: "Add them under gcp.serviceAccounts.",
        });
      }
    }

    const groups = planGroups(bound, problems);
    const groupNames = new Map<FirewallGroup, string>();
    const labels = new Map<string, number>();
    for (const group of groups) {
      const stem = this.groupStem(group);
      const seen = labels.get(stem) ?? 0;
      labels.set(stem, seen + 1);
      groupNames.set(group, seen === 0 ? stem : `${stem}-${group.members[0].rule.id}`);
    }
    const { priorityOf, allocation, renumbered } = this.allocate(groups, groupNames, base, step, problems);
    this.priorityAllocation = allocation;
    this.renumbered = renumbered;
    const resourcesOf = new Map<string, Set<string>>();
    for (const group of groups) {
      // A group whose direction got no priorities is rendered all the same, for its own problems (names).
      const addresses = gatherProblems(problems, () => this.renderGroup(group, groupNames.get(group)!, priorityOf.get(group)!)) ?? [];
      for (const m of group.members) {
        const set = resourcesOf.get(m.rule.id) ?? new Set<string>();
        addresses.forEach((a) => set.add(a));
        resourcesOf.set(m.rule.id, set);
      }
    }
    const last = GCP_EGRESS_DEFAULT_PRIORITY;

    for (const rule of bound.rules) {
      if (rule.inapplicable) {
        this.realisations.push({ ruleId: rule.id, resources: [], how: "inapplicable", note: rule.inapplicable });
        continue;
      }
      const resources = [...(resourcesOf.get(rule.id) ?? [])].sort();
      this.realisations.push({ ruleId: rule.id, resources, how: "rendered", note: `${rule.action} at its place in the order, in ${resources.length} firewall resource(s)` });
    }
    // Where IPv6 is off, GCP's implied allow-egress would still let IPv6 out (AWS and Azure do not): an explicit
    // IPv6 deny after every catalog rule, for every egress default, and its twin for ingress, so nothing but the
    // catalog's own rules decides IPv6 there. New resources of their own: the IPv4 ones keep their names.
    const ipv6Off = !bound.ipv6;
    if (ipv6Off) this.ingressDefaults = [];
    for (const role of bound.managedRoles) gatherProblems(problems, () => this.renderDefaults(role, ipv6Off, last));
    if (problems.length > 0) throw SynthesisError.of(problems);
    // Tags are global to the project: two catalogs with one tag would each apply its rules to the other's machines.
    claimNames(
      this,
      Object.values(this.networkTags).map((name) => ({ what: "GCP network tag", name })),
    );
    addLintValidation(this, bound, props.skipLint);
    addInvariantValidation(this, [{ bound: props.policy }, ...(this.placed ? [{ bound: this.placed.bound, as: "as placed in its networks" }] : [])]);
  }

  /** A role's egress default, and where IPv6 is off its IPv6 denies. */
  private renderDefaults(role: BoundPolicy["managedRoles"][number], ipv6Off: boolean, last: number): void {
    const bound = this.props.policy;
    const v6 = ipv6Off ? this.renderDeny(role.id, "EGRESS", "::/0", last) : undefined;
    if (role.egressDefault === "allow") {
      this.egressDefaults.push(
        v6
          ? {
              roleId: role.id,
              how: "rendered",
              resources: [v6],
              note: `GCP's implied allow-egress rule (priority 65535) realises it for IPv4; IPv6 is off in this environment, so IPv6 egress is denied at priority ${last}, after every catalog rule`,
            }
          : { roleId: role.id, how: "default", resources: [], note: "GCP's implied allow-egress rule (priority 65535) realises it" },
      );
    } else {
      const resources = [this.renderDeny(role.id, "EGRESS", "0.0.0.0/0", last), ...(v6 ? [v6] : bound.ipv6 ? [this.renderDeny(role.id, "EGRESS", "::/0", last)] : [])];
      this.egressDefaults.push({ roleId: role.id, how: "rendered", resources, note: `deny-all egress at priority ${last}, after every catalog rule` });
    }
    if (ipv6Off) {
      const resource = this.renderDeny(role.id, "INGRESS", "::/0", last);
      this.ingressDefaults!.push({
        roleId: role.id,
        how: "rendered",
        resources: [resource],
        note: `IPv6 is off in this environment: IPv6 ingress that no rule matches is denied at priority ${last} (as GCP's implied deny would), explicitly, like every other cloud`,
      });
    }
  }

  /**
   * Priorities per direction, keeping the previous allocation's wherever the order allows (modules/priorities.ts).
   * Problems join `problems`; a direction that cannot be allocated gets no priorities (the constructor refuses then).
   */
  private allocate(groups: readonly FirewallGroup[], names: ReadonlyMap<FirewallGroup, string>, base: number, step: number, problems: Problem[]) {
    const bound = this.props.policy;
    const env = `environment "${bound.environment}"`;
    const given = this.props.priorities ?? {};
    const invalid = allocationProblems(given);
    for (const scope of Object.keys(given))
      if (!(GCP_PRIORITY_SCOPES as readonly string[]).includes(scope)) invalid.push({ path: [scope], message: `unknown scope "${scope}" (GCP's scopes are ${GCP_PRIORITY_SCOPES.join(" and ")})` });
    if (invalid.length > 0)
      problems.push({
        code: "GCP_PRIORITIES_INVALID",
        subject: env,
        message: `the GCP priority allocation given is not valid: ${invalid.map((p) => p.message).join("; ")}`,
        hint: "Pass the priorityAllocation of an earlier synthesis, or none.",
      });
    const baseValid = Number.isInteger(base) && base >= 0 && base < GCP_EGRESS_DEFAULT_PRIORITY;
    if (!baseValid) {
      problems.push({
        code: "GCP_PRIORITY_BASE_INVALID",
        subject: env,
        message: `gcp.priorityBase ${base} is outside 0-${GCP_EGRESS_DEFAULT_PRIORITY - 1} (${GCP_EGRESS_DEFAULT_PRIORITY} is the egress default deny's)`,
      });
    }
    if (invalid.length > 0 || !baseValid) return { priorityOf: new Map<FirewallGroup, number>(), allocation: {}, renumbered: [] };
    const priorityOf = new Map<FirewallGroup, number>();
    const allocation: Record<string, ScopeAllocation> = {};
    const renumbered: string[] = [];
    for (const direction of GCP_PRIORITY_SCOPES) {
      const mine = groups.filter((g) => g.direction === direction);
      const previous = given[direction];
      if (mine.length === 0 && !previous) continue;
      try {
        const after = new Map(mine.map((g) => [names.get(g)!, new Set([...g.after].map((a) => names.get(a)!))]));
        const result = allocateScope({ names: mine.map((g) => names.get(g)!), after, previous, first: base, last: GCP_EGRESS_DEFAULT_PRIORITY - 1, step });
        mine.forEach((g) => priorityOf.set(g, result.priorities.get(names.get(g)!)!));
        allocation[direction] = result.allocation;
        renumbered.push(...result.renumbered);
      } catch (e) {
        if (!(e instanceof PriorityRangeFull)) throw e;
        const rule = mine[mine.length - 1]?.members[0].rule;
        problems.push({
          code: "GCP_PRIORITY_RANGE_FULL",
          location: rule?.location,
          subject: `${env}${rule ? `, rule "${rule.id}"` : ""}`,
          message:
            `${e.needed} ${direction} firewalls need priorities from ${base} to ${GCP_EGRESS_DEFAULT_PRIORITY - 1}, and only ${e.free} are free there` +
            `${e.retiredCount > 0 ? ` (${e.retiredCount} are retired: held by firewalls deleted or renumbered earlier)` : ""}`,
          hint: `Lower gcp.priorityBase in the environment file${e.retiredCount > 0 ? ", or, once those deletions are applied, remove their entries under retired in the allocation file" : ""}.`,
        });
      }
    }
    return { priorityOf, allocation, renumbered: renumbered.sort() };
  }

  private tagOf(role: string): string {
    return this.fitName(`${this.props.namePrefix}-${this.props.policy.environment}-${role}`);
  }

  private groupStem(g: FirewallGroup): string {
    const dir = g.direction === "ingress" ? "in" : "eg";
    const via = g.direction === "ingress" ? "from" : "to";
    return `${this.props.namePrefix}-${this.props.policy.environment}-${dir}-${g.action}-${g.target}-${via}-${g.peerLabel}`;
  }

  /** Names fit GCP's 63 characters: a longer one keeps its start and ends in a hash of the whole. */
  private fitName(full: string, suffix = ""): string {
    const clean = full
      .toLowerCase()
      .replace(/[^-a-z0-9]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/-$/, "");
    let name = clean + suffix;
    if (name.length > 63) {
      const hash = createHash("sha256").update(clean).digest("hex").slice(0, 6);
      name = `${clean.slice(0, 63 - suffix.length - 7).replace(/-+$/, "")}-${hash}${suffix}`;
    }
    if (!NAME.test(name)) throw new SynthesisError(`derived name "${name}" is not a valid GCP name; use ids of lower-case letters, digits and hyphens`, undefined, "GCP_NAME_INVALID");
    return name;
  }

  /** Renders one group, split into numbered resources where it passes a GCP limit. Returns resource addresses. */
  private renderGroup(group: FirewallGroup, stem: string, priority: number): string[] {
    const blocks = mergeBlocks(group);
    const ranges = group.peer.kind === "ranges" ? group.peer.cidrs : [];
    const rangeChunks = chunk(ranges, GCP_LIMITS.ranges);
    const blockChunks = chunkBlocks(blocks, GCP_LIMITS.ports);
    const parts: { ranges: readonly string[]; blocks: ComputeFirewallAllow[] }[] = [];
    for (const r of rangeChunks.length > 0 ? rangeChunks : [[]]) for (const b of blockChunks) parts.push({ ranges: r, blocks: b });
    const description = terraformLiteral(
      truncate(
        `Catalog ${this.props.policy.policy.name}: ${group.members
          .map((m) => `${m.rule.id} (${m.rule.description})`)
          .filter((v, i, a) => a.indexOf(v) === i)
          .join("; ")}`,
        2048,
      ),
    );
    return parts.map((part, i) => {
      const name = this.fitName(stem, parts.length > 1 ? `-${i + 1}` : "");
      return this.firewall(
        name,
        {
          name,
          direction: group.direction === "ingress" ? "INGRESS" : "EGRESS",
          priority,
          description,
          ...this.targetsAndPeers(group, part.ranges),
          ...(group.action === "allow" ? { allow: part.blocks } : { deny: part.blocks }),
        },
        group.target,
      );
    });
  }

  private targetsAndPeers(group: FirewallGroup, ranges: readonly string[]): Partial<ComputeFirewallConfig> {
    const sa = this.props.identity === "serviceAccount" ? (this.props.serviceAccounts ?? {}) : undefined;
    const target = sa ? { targetServiceAccounts: [sa[group.target]] } : { targetTags: [this.tagOf(group.target)] };
    if (group.peer.kind === "role") {
      const [own, other] = [group.target, group.peer.role].map((r) => this.props.networkOfRole?.[r] ?? this.props.network);
      // Tags and service accounts name instances of the firewall's own network only: a place the policy (modules/networks.ts).
      if (own !== other)
        throw new SynthesisError(
          `a rule of role "${group.target}" (network ${own}) names role "${group.peer.role}" of network ${other} by its ${sa ? "service account" : "network tag"}, which matches instances of the firewall's own network only. Give the firewall networks and placement instead of networkOfRole (it then places the policy: the peer becomes its network's CIDRs), or bind the role to addresses.`,
          group.members[0].rule.location,
          "GCP_ROLE_PEER_ACROSS_NETWORKS",
        );
      return { ...target, ...(sa ? { sourceServiceAccounts: [sa[group.peer.role]] } : { sourceTags: [this.tagOf(group.peer.role)] }) };
    }
    return { ...target, ...(group.direction === "ingress" ? { sourceRanges: [...ranges] } : { destinationRanges: [...ranges] }) };
  }

  /** A deny of all traffic of one family for a role, after every catalog rule: the egress default deny, or IPv6 where it is off. */
  private renderDeny(role: string, direction: "INGRESS" | "EGRESS", range: "0.0.0.0/0" | "::/0", priority: number): string {
    const sa = this.props.identity === "serviceAccount" ? (this.props.serviceAccounts ?? {}) : undefined;
    const v6 = range === "::/0" ? "-v6" : "";
    const name = this.fitName(`${this.props.namePrefix}-${this.props.policy.environment}-${direction === "EGRESS" ? "eg" : "in"}-default-deny-${role}${v6}`);
    const why =
      direction === "EGRESS" && (v6 === "" || this.props.policy.ipv6)
        ? `Egress default of role ${role}: deny`
        : `IPv6 ${direction === "EGRESS" ? "egress" : "ingress"} of role ${role}: deny (IPv6 is off in environment ${this.props.policy.environment})`;
    return this.firewall(
      name,
      {
        name,
        direction,
        priority,
        description: `${why} (catalog ${this.props.policy.policy.name})`,
        ...(sa ? { targetServiceAccounts: [sa[role]] } : { targetTags: [this.tagOf(role)] }),
        ...(direction === "EGRESS" ? { destinationRanges: [range] } : { sourceRanges: [range] }),
        deny: [{ protocol: "all" }],
      },
      role,
    );
  }

  /** One firewall resource, in the network of the role it targets. */
  private firewall(name: string, config: Omit<ComputeFirewallConfig, "network">, role: string): string {
    if (this.names.has(name)) throw new SynthesisError(`two GCP firewall rules would both be named "${name}"; rename one of the catalog rules`, undefined, "GCP_NAME_TAKEN");
    this.names.add(name);
    const logicalId = this.prefix + name.replace(/-/g, "_");
    const fw = new (bindings("gcp").ComputeFirewall)(this, logicalId, {
      ...config,
      network: this.props.networkOfRole?.[role] ?? this.props.network!,
      project: this.props.project,
      logConfig: this.props.logging ? { metadata: this.props.logging } : undefined,
    });
    fw.overrideLogicalId(logicalId);
    return `${FIREWALL_TYPE}.${logicalId}`;
  }
}

/** One block per protocol, each with its own merged ports (never one protocol's ports on another). */
function mergeBlocks(group: FirewallGroup): ComputeFirewallAllow[] {
  const byProtocol = new Map<string, PortRange[] | "all">();
  for (const { rule } of group.members) {
    const protocol = gcpProtocol(rule.protocol);
    const current = byProtocol.get(protocol);
    if (rule.ports.length === 0 || isAllPorts(rule.ports) || current === "all") byProtocol.set(protocol, "all");
    else byProtocol.set(protocol, normalisePorts([...(current ?? []), ...rule.ports]));
  }
  return [...byProtocol.entries()].map(([protocol, ports]) => (ports === "all" ? { protocol } : { protocol, ports: ports.map(formatPortRange) }));
}

/** Splits blocks so no resource carries more than `limit` port entries. */
function chunkBlocks(blocks: ComputeFirewallAllow[], limit: number): ComputeFirewallAllow[][] {
  const out: ComputeFirewallAllow[][] = [[]];
  let used = 0;
  for (const b of blocks) {
    const ports = b.ports ?? [];
    if (ports.length === 0) {
      out[out.length - 1].push(b);
      continue;
    }
    for (const part of chunk(ports, limit)) {
      if (used + part.length > limit) {
        out.push([]);
        used = 0;
      }
      out[out.length - 1].push({ protocol: b.protocol, ports: [...part] });
      used += part.length;
    }
  }
  return out;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}
