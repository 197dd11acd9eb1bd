/**
 * Renders a bound policy as GCP VPC firewall rules (ComputeFirewall resources):
 * rules that commute share a resource, priorities keep the catalog's order.
 */
import { createHash } from "crypto";
import { ComputeFirewall, ComputeFirewallAllow, ComputeFirewallConfig } from "@cdktf/provider-google/lib/compute-firewall";
import { Construct } from "constructs";
import { BoundPolicy, formatPortRange, isAllPorts, normalisePorts, PortRange, SynthesisError } from "../../policy";
import { CloudFirewall } from "../cloud";
import { EgressDefaultRealisation, RuleRealisation } from "../realisation";
import { terraformLiteral } from "../terraform-literal";
import { FirewallGroup, gcpProtocol, planGroups } from "./plan";
import { FIREWALL_TYPE } from "./vocabulary";

export interface GcpFirewallProps {
  /** The policy bound to one environment. */
  readonly policy: BoundPolicy;
  /** VPC network name or self link. */
  readonly network: string;
  /** Project of the firewall rules. @default the provider's project */
  readonly project?: string;
  /** Prefix of names and tags: `<namePrefix>-<environment>-…`. */
  readonly namePrefix: string;
  /** Priority of the first firewall resource (0-65535, lower wins). @default 1000 */
  readonly priorityBase?: number;
  /** Room between consecutive priorities, so teams can slot rules in. @default 10 */
  readonly priorityStep?: number;
  /** How roles are identified on instances. @default "tag" */
  readonly identity?: "tag" | "serviceAccount";
  /** Service account email per managed role; required when identity is serviceAccount. @default {} */
  readonly serviceAccounts?: Record<string, string>;
  /** Firewall rules logging (log_config metadata), or false. @default false */
  readonly logging?: false | "INCLUDE_ALL_METADATA" | "EXCLUDE_ALL_METADATA";
}


/** GCP's per-rule limits. */
export const GCP_LIMITS = { ranges: 256, ports: 256, sourceTags: 30, targetTags: 70, serviceAccounts: 10 } as const;
const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export class GcpFirewall extends Construct implements CloudFirewall {
  /** Network tag per managed role id. */
  readonly networkTags: Record<string, string> = {};
  /** How each catalog rule is realised on GCP. */
  readonly realisations: RuleRealisation[] = [];
  /** How each managed role's egress default is realised. */
  readonly egressDefaults: EgressDefaultRealisation[] = [];

  /** The cloud contract's role handles: the network tag of each managed role. */
  get roleHandles(): Readonly<Record<string, string>> {
    return this.networkTags;
  }

  private readonly props: GcpFirewallProps;
  private readonly names = new Set<string>();

  constructor(scope: Construct, id: string, props: GcpFirewallProps) {
    super(scope, id);
    this.props = props;
    const bound = props.policy;
    const base = props.priorityBase ?? 1000;
    const step = props.priorityStep ?? 10;
    for (const role of bound.managedRoles) this.networkTags[role.id] = this.tagOf(role.id);
    if (props.identity === "serviceAccount") {
      const missing = bound.managedRoles.filter((r) => !props.serviceAccounts?.[r.id]).map((r) => r.id);
      if (missing.length > 0) {
        const firstRole = bound.managedRoles.find((r) => r.id === missing[0]);
        throw new SynthesisError(`environment "${bound.environment}": identity is serviceAccount but no service account is given for role(s) ${missing.join(", ")}. Add them under gcp.serviceAccounts.`, firstRole?.location);
      }
    }

    const groups = planGroups(bound);
    const last = base + groups.length * step;
    if (last > 65534) {
      // Located at the first catalog rule without a priority (the last one when only the egress default deny is left over).
      const over = groups.find((g) => base + g.position * step > 65534) ?? groups[groups.length - 1];
      const rule = over?.members[0].rule;
      const which = rule ? `, rule "${rule.id}"` : "";
      const where = rule ? ` (rule "${rule.id}" would get ${base + over.position * step}${over === groups[groups.length - 1] && base + over.position * step <= 65534 ? `, and the egress default deny after it ${last}` : ""})` : "";
      throw new SynthesisError(
        `environment "${bound.environment}"${which}: ${groups.length} firewall priorities from ${base} in steps of ${step} pass 65534${where}. Lower gcp.priorityBase or gcp.priorityStep in the environment file.`,
        rule?.location,
      );
    }
    const resourcesOf = new Map<string, Set<string>>();
    const labels = new Map<string, number>();
    for (const group of groups) {
      const stem = this.groupStem(group);
      const seen = labels.get(stem) ?? 0;
      labels.set(stem, seen + 1);
      const name = seen === 0 ? stem : `${stem}-${group.members[0].rule.id}`;
      const addresses = this.renderGroup(group, name, base + group.position * step);
      for (const m of group.members) {
        const set = resourcesOf.get(m.rule.id) ?? new Set<string>();
        addresses.forEach((a) => set.add(a));
        resourcesOf.set(m.rule.id, set);
      }
    }

    for (const rule of bound.rules) {
      if (rule.inapplicable) {
        this.realisations.push({ ruleId: rule.id, resources: [], how: "inapplicable", note: rule.inapplicable });
        continue;
      }
      const resources = [...(resourcesOf.get(rule.id) ?? [])].sort();
      this.realisations.push({ ruleId: rule.id, resources, how: "rendered", note: `${rule.action} at its place in the order, in ${resources.length} firewall resource(s)` });
    }
    for (const role of bound.managedRoles) {
      if (role.egressDefault === "allow") {
        this.egressDefaults.push({ roleId: role.id, how: "default", resources: [], note: "GCP's implied allow-egress rule (priority 65535) realises it" });
      } else {
        const resources = this.renderEgressDeny(role.id, last);
        this.egressDefaults.push({ roleId: role.id, how: "rendered", resources, note: `deny-all egress at priority ${last}, after every catalog rule` });
      }
    }
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
    const clean = full.toLowerCase().replace(/[^-a-z0-9]+/g, "-").replace(/-+/g, "-").replace(/-$/, "");
    let name = clean + suffix;
    if (name.length > 63) {
      const hash = createHash("sha256").update(clean).digest("hex").slice(0, 6);
      name = `${clean.slice(0, 63 - suffix.length - 7).replace(/-+$/, "")}-${hash}${suffix}`;
    }
    if (!NAME.test(name)) throw new SynthesisError(`derived name "${name}" is not a valid GCP name; use ids of lower-case letters, digits and hyphens`);
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
    const description = terraformLiteral(truncate(`Catalog ${this.props.policy.policy.name}: ${group.members.map((m) => `${m.rule.id} (${m.rule.description})`).filter((v, i, a) => a.indexOf(v) === i).join("; ")}`, 2048));
    return parts.map((part, i) => {
      const name = this.fitName(stem, parts.length > 1 ? `-${i + 1}` : "");
      return this.firewall(name, {
        name,
        direction: group.direction === "ingress" ? "INGRESS" : "EGRESS",
        priority,
        description,
        ...this.targetsAndPeers(group, part.ranges),
        ...(group.action === "allow" ? { allow: part.blocks } : { deny: part.blocks }),
      });
    });
  }

  private targetsAndPeers(group: FirewallGroup, ranges: readonly string[]): Partial<ComputeFirewallConfig> {
    const sa = this.props.identity === "serviceAccount" ? this.props.serviceAccounts ?? {} : undefined;
    const target = sa ? { targetServiceAccounts: [sa[group.target]] } : { targetTags: [this.tagOf(group.target)] };
    if (group.peer.kind === "role") {
      return { ...target, ...(sa ? { sourceServiceAccounts: [sa[group.peer.role]] } : { sourceTags: [this.tagOf(group.peer.role)] }) };
    }
    return { ...target, ...(group.direction === "ingress" ? { sourceRanges: [...ranges] } : { destinationRanges: [...ranges] }) };
  }

  private renderEgressDeny(role: string, priority: number): string[] {
    const families = this.props.policy.ipv6 ? (["0.0.0.0/0", "::/0"] as const) : (["0.0.0.0/0"] as const);
    const sa = this.props.identity === "serviceAccount" ? this.props.serviceAccounts ?? {} : undefined;
    return families.map((range) => {
      const name = this.fitName(`${this.props.namePrefix}-${this.props.policy.environment}-eg-default-deny-${role}${range === "::/0" ? "-v6" : ""}`);
      return this.firewall(name, {
        name,
        direction: "EGRESS",
        priority,
        description: `Egress default of role ${role}: deny (catalog ${this.props.policy.policy.name})`,
        ...(sa ? { targetServiceAccounts: [sa[role]] } : { targetTags: [this.tagOf(role)] }),
        destinationRanges: [range],
        deny: [{ protocol: "all" }],
      });
    });
  }

  private firewall(name: string, config: Omit<ComputeFirewallConfig, "network">): string {
    if (this.names.has(name)) throw new SynthesisError(`two GCP firewall rules would both be named "${name}"; rename one of the catalog rules`);
    this.names.add(name);
    const logicalId = name.replace(/-/g, "_");
    const fw = new ComputeFirewall(this, logicalId, {
      ...config,
      network: this.props.network,
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
