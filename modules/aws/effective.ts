/**
 * What AWS would decide, read from synthesized Terraform JSON: a security
 * group allows the union of its rules; what no rule allows is denied, in both
 * directions (Terraform-managed groups have no default egress rule).
 */
import { Direction, Flow } from "../../policy";
import { canonicalCidr, CidrCut, cidrHolds, CloudDecision, hasPorts, protocolOf, referencedId } from "../effective";
import type { EffectiveView } from "../cloud";
import type { LiveGroups } from "./live";
import { RULE_TYPES, SECURITY_GROUP_IDS_OUTPUT, SECURITY_GROUP_TYPE } from "./vocabulary";

export interface AwsRule {
  readonly address: string;
  readonly direction: Direction;
  readonly group: string;
  readonly peer: { kind: "group"; group: string } | { kind: "cidr"; cidr: string };
  readonly protocol: number | "all";
  readonly from?: number;
  readonly to?: number;
}

export interface AwsView {
  /** Role id → security group logical id (from the security_group_ids output). */
  readonly groupOfRole: Record<string, string>;
  readonly rules: readonly AwsRule[];
}

const TYPES = RULE_TYPES;

export function loadAwsView(json: any): AwsView {
  const groupOfRole: Record<string, string> = {};
  for (const [role, ref] of Object.entries<string>(json.output?.[SECURITY_GROUP_IDS_OUTPUT]?.value ?? {})) {
    const id = referencedId(ref, SECURITY_GROUP_TYPE);
    if (!id) throw new Error(`output security_group_ids["${role}"] is not a security group reference: ${ref}`);
    groupOfRole[role] = id;
  }
  const rules: AwsRule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const [id, body] of Object.entries<any>(json.resource?.[TYPES[direction]] ?? {})) {
      const group = referencedId(body.security_group_id, SECURITY_GROUP_TYPE);
      if (!group) throw new Error(`${TYPES[direction]}.${id} has no security_group_id reference`);
      const ref = referencedId(body.referenced_security_group_id, SECURITY_GROUP_TYPE);
      const where = `${TYPES[direction]}.${id}`;
      const cidrText = body.cidr_ipv4 ?? body.cidr_ipv6;
      if (!ref && !cidrText) throw new Error(`${where} has neither a referenced group nor a CIDR`);
      const cidr = cidrText === undefined ? undefined : canonicalCidr(cidrText, where);
      rules.push({
        address: `${TYPES[direction]}.${id}`,
        direction,
        group,
        peer: ref ? { kind: "group", group: ref } : { kind: "cidr", cidr: cidr! },
        protocol: protocolOf(body.ip_protocol),
        from: body.from_port,
        to: body.to_port,
      });
    }
  }
  return { groupOfRole, rules };
}

/** Every port edge the rules mention. */
export function awsPorts(view: AwsView): number[] {
  return view.rules.flatMap((r) => (r.from !== undefined && r.from >= 0 ? [r.from, r.to ?? r.from] : []));
}

/** Every CIDR the rules match against, with the rule's traffic, and every protocol number they name (the probe flows must cover them). */
export function awsCuts(view: AwsView): CidrCut[] {
  return view.rules.flatMap((r) => {
    if (r.peer.kind !== "cidr") return [];
    const ports = r.protocol !== "all" && hasPorts(r.protocol) && r.from !== undefined && r.to !== undefined ? [{ from: r.from, to: r.to }] : undefined;
    return [{ direction: r.direction, protocol: r.protocol, ports, cidr: r.peer.cidr }];
  });
}
export function awsProtocols(view: AwsView): number[] {
  return view.rules.flatMap((r) => (r.protocol === "all" ? [] : [r.protocol]));
}

export function awsRuleMatches(view: AwsView, rule: AwsRule, flow: Flow): boolean {
  if (rule.direction !== flow.direction || rule.group !== view.groupOfRole[flow.target]) return false;
  if (rule.protocol !== "all" && rule.protocol !== flow.protocol) return false;
  // A port protocol without from/to (SCTP as rendered) covers every port.
  if (rule.protocol !== "all" && hasPorts(rule.protocol) && rule.from !== undefined && rule.to !== undefined) {
    if (flow.port === undefined || flow.port < rule.from || flow.port > rule.to) return false;
  }
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
  const resources = rulesOf(view, flow.direction, group).filter((r) => awsRuleMatches(view, r, flow)).map((r) => r.address);
  return { action: resources.length > 0 ? "allow" : "deny", resources };
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
    const ported = protocol !== "all" && hasPorts(protocol) && !(r.fromPort === -1 && r.toPort === -1);
    return {
      address: `${r.id} (${r.groupId} ${r.direction})`,
      direction: r.direction,
      group: r.groupId,
      peer: r.referencedGroupId ? { kind: "group", group: r.referencedGroupId } : { kind: "cidr", cidr: canonicalCidr(cidr!, `rule ${r.id}`) },
      protocol,
      from: ported ? r.fromPort : undefined,
      to: ported ? r.toPort : undefined,
    };
  });
  return { groupOfRole, rules };
}

/** The checker's view (modules/cloud.ts EffectiveView) of the rules AWS holds. */
export function awsLiveEffective(live: LiveGroups): EffectiveView {
  const view = loadAwsLiveView(live);
  return { decide: (flow) => awsDecide(view, flow), ports: () => awsPorts(view), cuts: () => awsCuts(view), protocols: () => awsProtocols(view) };
}
