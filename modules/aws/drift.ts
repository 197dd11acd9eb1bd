/**
 * AWS drift: the security groups and rules a synthesized stack declares,
 * compared with what AWS holds (modules/aws/live.ts). Terraform does not see a
 * rule added to one of our groups by hand (the provider has no resource that
 * owns a group's whole rule set), so this compares the full rule sets.
 */
import { PortRange, Protocol } from "../../policy";
import { protocolName } from "../../policy/protocols";
import { DriftFinding, DriftReport, DriftUnknownError, Traffic } from "../drift";
import { referencedId } from "../effective";
import { terraformLiteralValue } from "../terraform-literal";
import { LiveGroups, LiveQuery, LiveRule, readLiveGroups } from "./live";
import { IP_PROTOCOL_NUMBERS, PORTED_IP_PROTOCOLS, PROTOCOL_WORDS, RULE_TYPES, SECURITY_GROUP_TYPE } from "./vocabulary";

const PROTOCOL_NAMES = IP_PROTOCOL_NUMBERS;
const PORTED = PORTED_IP_PROTOCOLS;
const WORDS = PROTOCOL_WORDS;

export interface ExpectedGroup {
  readonly logicalId: string;
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  /** The resource's tags with the provider's default_tags, as AWS holds them. */
  readonly tags: Record<string, string>;
}

export interface ExpectedRule {
  readonly address: string;
  readonly direction: "ingress" | "egress";
  readonly groupLogicalId: string;
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly referencedGroupLogicalId?: string;
  readonly description?: string;
  readonly tags: Record<string, string>;
}

export interface ExpectedStack {
  readonly region: string;
  /** The VPC of the stack's groups (the first, sorted, where the environment places roles in several). */
  readonly vpcId: string;
  /** Every VPC of the stack's groups, sorted. */
  readonly vpcIds: readonly string[];
  readonly groups: readonly ExpectedGroup[];
  readonly rules: readonly ExpectedRule[];
}

/** What a synthesized AWS stack (cdk.tf.json) declares, with Terraform's escapes undone. */
export function expectedFromStackJson(json: any): ExpectedStack {
  const provider = [json.provider?.aws ?? []].flat()[0] ?? {};
  const region: string | undefined = provider.region;
  if (!region) throw new DriftUnknownError("the stack's aws provider has no region", "DRIFT_AWS_NO_REGION");
  const defaultTags = literalMap([provider.default_tags ?? []].flat()[0]?.tags ?? {});
  const groups: ExpectedGroup[] = Object.entries<any>(json.resource?.[SECURITY_GROUP_TYPE] ?? {}).map(([logicalId, g]) => ({
    logicalId,
    name: terraformLiteralValue(g.name),
    description: terraformLiteralValue(g.description ?? "Managed by Terraform"),
    vpcId: g.vpc_id,
    tags: { ...defaultTags, ...literalMap(g.tags ?? {}) },
  }));
  // Several VPCs where the environment places roles in several (aws.networks); each must be literal.
  const vpcs = [...new Set(groups.map((g) => g.vpcId))].sort();
  if (vpcs.length === 0 || vpcs.some((v) => !/^vpc-/.test(String(v ?? ""))))
    throw new DriftUnknownError(`the stack's groups must each name a literal VPC id, found: ${vpcs.join(", ") || "none"}`, "DRIFT_AWS_VPC_NOT_LITERAL");
  const rules: ExpectedRule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const [id, r] of Object.entries<any>(json.resource?.[RULE_TYPES[direction]] ?? {})) {
      const address = `${RULE_TYPES[direction]}.${id}`;
      const groupLogicalId = groupRef(r.security_group_id);
      if (!groupLogicalId) throw new DriftUnknownError(`${address}: security_group_id is not a reference to a group of the stack`, "DRIFT_AWS_BAD_REFERENCE");
      const referenced = r.referenced_security_group_id === undefined ? undefined : groupRef(r.referenced_security_group_id);
      if (r.referenced_security_group_id !== undefined && !referenced) throw new DriftUnknownError(`${address}: referenced_security_group_id is not a group of the stack`, "DRIFT_AWS_BAD_REFERENCE");
      rules.push({
        address,
        direction,
        groupLogicalId,
        protocol: String(r.ip_protocol),
        fromPort: r.from_port,
        toPort: r.to_port,
        cidrIpv4: r.cidr_ipv4,
        cidrIpv6: r.cidr_ipv6,
        referencedGroupLogicalId: referenced,
        description: r.description === undefined ? undefined : terraformLiteralValue(r.description),
        tags: { ...defaultTags, ...literalMap(r.tags ?? {}) },
      });
    }
  }
  return { region, vpcId: vpcs[0], vpcIds: vpcs, groups, rules };
}

/** Reads the stack's groups from AWS and compares. Throws DriftUnknownError when AWS cannot be read. */
export async function awsDrift(stack: string, json: unknown, read: (q: LiveQuery) => Promise<LiveGroups> = readLiveGroups): Promise<DriftReport> {
  const expected = expectedFromStackJson(json);
  let live: LiveGroups;
  try {
    live = await read({ region: expected.region, vpcId: expected.vpcId, vpcIds: expected.vpcIds, groupNames: expected.groups.map((g) => g.name) });
  } catch (e) {
    throw new DriftUnknownError(`cannot read security groups of ${expected.vpcIds.join(", ")} in ${expected.region}: ${(e as Error).message}`, "DRIFT_AWS_UNREADABLE");
  }
  return compareStack(stack, expected, live);
}

/** The differences between a stack's groups and rules and what AWS holds. */
export function compareStack(stack: string, expected: ExpectedStack, live: LiveGroups): DriftReport {
  const findings: DriftFinding[] = [];
  const liveByName = new Map(live.groups.map((g) => [`${g.vpcId} ${g.name}`, g]));
  const nameOfLogical = new Map(expected.groups.map((g) => [g.logicalId, g.name]));
  const nameOfLiveId = new Map(live.groups.map((g) => [g.id, g.name]));

  const found = new Set<string>();
  for (const g of expected.groups) {
    // A group of that name in another VPC is not the role's: its machines are in the group's own VPC.
    const lg = liveByName.get(`${g.vpcId} ${g.name}`);
    if (!lg) {
      findings.push({
        kind: "missing",
        subject: "group",
        group: g.name,
        address: `${SECURITY_GROUP_TYPE}.${g.logicalId}`,
        message: `security group ${g.name} does not exist in ${g.vpcId} (not deployed, or deleted out of band)`,
      });
      continue;
    }
    found.add(g.name);
    const differences = [...diffField("description", g.description, lg.description), ...diffTags(g.tags, lg.tags)];
    if (differences.length > 0) {
      findings.push({
        kind: "changed",
        subject: "group",
        group: g.name,
        address: `${SECURITY_GROUP_TYPE}.${g.logicalId}`,
        liveId: lg.id,
        differences,
        message: `security group ${g.name} (${lg.id}) differs: ${describeDifferences(differences)}`,
      });
    }
  }

  const expectedByKey = new Map<string, ExpectedRule>();
  for (const r of expected.rules) {
    const peer = r.referencedGroupLogicalId ? `group ${nameOfLogical.get(r.referencedGroupLogicalId)}` : (r.cidrIpv4 ?? r.cidrIpv6 ?? "");
    expectedByKey.set(ruleKey(nameOfLogical.get(r.groupLogicalId)!, r.direction, r.protocol, r.fromPort, r.toPort, peer), r);
  }
  const seen = new Set<string>();
  for (const r of live.rules) {
    const group = nameOfLiveId.get(r.groupId)!;
    const peer = livePeer(r, nameOfLiveId);
    const key = ruleKey(group, r.direction, r.protocol, r.fromPort, r.toPort, peer);
    const words = ruleWords(r.direction, r.protocol, r.fromPort, r.toPort, peer);
    const want = expectedByKey.get(key);
    if (!want) {
      const said = r.description ? ` "${r.description}"` : "";
      const traffic = trafficOf(
        r.direction,
        r.protocol,
        r.fromPort,
        r.toPort,
        r.referencedGroupId ? { group: peer } : r.prefixListId ? { cidr: "0.0.0.0/0", prefixList: r.prefixListId } : { cidr: peer },
      );
      findings.push({ kind: "extra", subject: "rule", group, rule: words, liveId: r.id, traffic, message: `extra rule on ${group} (${r.groupId}): ${words}${said} (${r.id}) is not in the stack` });
      continue;
    }
    seen.add(key);
    const differences = [...diffField("description", want.description ?? "", r.description ?? ""), ...diffTags(want.tags, r.tags)];
    if (differences.length > 0) {
      findings.push({
        kind: "changed",
        subject: "rule",
        group,
        rule: words,
        address: want.address,
        liveId: r.id,
        differences,
        message: `rule on ${group}: ${words} (${r.id}, ${want.address}) differs: ${describeDifferences(differences)}`,
      });
    }
  }
  for (const [key, r] of expectedByKey) {
    if (seen.has(key)) continue;
    const group = nameOfLogical.get(r.groupLogicalId)!;
    if (!found.has(group)) continue; // the missing group says it all
    const peer = r.referencedGroupLogicalId ? `group ${nameOfLogical.get(r.referencedGroupLogicalId)}` : (r.cidrIpv4 ?? r.cidrIpv6 ?? "");
    const words = ruleWords(r.direction, r.protocol, r.fromPort, r.toPort, peer);
    const traffic = trafficOf(r.direction, r.protocol, r.fromPort, r.toPort, r.referencedGroupLogicalId ? { group: peer } : { cidr: peer });
    findings.push({ kind: "missing", subject: "rule", group, rule: words, address: r.address, traffic, message: `missing rule on ${group}: ${words} (${r.address}) is not in AWS` });
  }
  const order = { missing: 0, changed: 1, extra: 2 };
  findings.sort((a, b) => cmp(a.group, b.group) || cmp(a.subject, b.subject) || order[a.kind] - order[b.kind] || cmp(a.rule ?? "", b.rule ?? ""));
  return {
    stack,
    cloud: "aws",
    location: `${expected.vpcIds.join(", ")} in ${expected.region}`,
    checked: { groups: expected.groups.length, rules: expected.rules.length },
    findings,
  };
}

/**
 * A rule's traffic in the catalog's terms, for the lint. A prefix list's
 * networks are not read: it is judged as every IPv4 address (fail closed).
 */
function trafficOf(direction: "ingress" | "egress", protocol: string, from: number | undefined, to: number | undefined, peer: { group: string } | { cidr: string; prefixList?: string }): Traffic {
  const p = normalProtocol(protocol);
  const number = Number(p);
  const named: Protocol = p === "all" ? "all" : (protocolName(number) ?? number);
  // AWS carries ports for tcp and udp only; its sctp rules are every port.
  const ports: PortRange[] = p === "6" || p === "17" ? [{ from: from ?? 0, to: to ?? 65535 }] : p === "132" ? [{ from: 0, to: 65535 }] : [];
  return { direction, protocol: named, ports, peer: "group" in peer ? { group: peer.group } : { cidr: peer.cidr } };
}

function livePeer(r: LiveRule, nameOfLiveId: ReadonlyMap<string, string>): string {
  if (r.referencedGroupId) {
    const name = nameOfLiveId.get(r.referencedGroupId);
    return name ? `group ${name}` : `group ${r.referencedGroupId}`;
  }
  if (r.prefixListId) return `prefix list ${r.prefixListId}`;
  return r.cidrIpv4 ?? r.cidrIpv6 ?? "";
}

function normalProtocol(p: string): string {
  const lower = String(p).toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

/** Ports only where AWS uses them (tcp, udp: ports; icmp, icmpv6: type and code). */
function ports(protocol: string, from?: number, to?: number): string {
  const p = normalProtocol(protocol);
  if (!PORTED.has(p)) return "";
  return `${from ?? -1}-${to ?? -1}`;
}

function ruleKey(group: string, direction: string, protocol: string, from: number | undefined, to: number | undefined, peer: string): string {
  return [group, direction, normalProtocol(protocol), ports(protocol, from, to), peer].join("|");
}

function ruleWords(direction: string, protocol: string, from: number | undefined, to: number | undefined, peer: string): string {
  const p = normalProtocol(protocol);
  let what = WORDS[p] ?? `protocol ${p}`;
  if (p === "6" || p === "17") what += from === to ? ` ${from}` : ` ${from}-${to}`;
  else if ((p === "1" || p === "58") && from !== undefined && from !== -1) what += ` type ${from}${to !== undefined && to !== -1 ? ` code ${to}` : ""}`;
  return `${direction} ${what} ${direction === "ingress" ? "from" : "to"} ${peer}`;
}

function diffField(field: string, expected: string, live: string): { field: string; expected: string; live: string }[] {
  return expected === live ? [] : [{ field, expected, live }];
}

function diffTags(expected: Record<string, string>, live: Readonly<Record<string, string>>): { field: string; expected: string; live: string }[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(live)])].sort(cmp);
  const shown = (m: Readonly<Record<string, string>>, k: string) => (k in m ? m[k] : "(no such tag)");
  return keys.filter((k) => k in expected !== k in live || expected[k] !== live[k]).map((k) => ({ field: `tag ${k}`, expected: shown(expected, k), live: shown(live, k) }));
}

function describeDifferences(ds: readonly { field: string; expected: string; live: string }[]): string {
  return ds.map((d) => `${d.field} is "${d.live}", the stack says "${d.expected}"`).join("; ");
}

function groupRef(ref: unknown): string | undefined {
  return referencedId(ref, SECURITY_GROUP_TYPE);
}

function literalMap(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [terraformLiteralValue(k), terraformLiteralValue(v)]));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
