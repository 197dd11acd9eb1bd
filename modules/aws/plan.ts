/**
 * From a bound policy to the list of AWS rule entries and the report of how
 * each catalog rule is realised. Pure data: the construct only turns entries
 * into resources, so every decision about rules (and every check) is made here.
 */
import { BoundPolicy, Direction, formatPorts, PeerEntry, PortRange, Problem, Protocol, SynthesisError } from "../../policy";
import { gatherProblems } from "../construct-checks";
import { EgressDefaultRealisation, RuleRealisation } from "../realisation";
import { checkAwsText, checkQuota, QuotaEntry } from "./aws-limits";
import { egressDefaultLogicalId, portsKey, protocolKey, ruleLogicalId } from "./naming";
import { AllowPiece, ResolvedAllow, resolveDirection } from "./narrowing";
import { RULE_TYPES } from "./vocabulary";

export const RESOURCE_TYPE: Record<Direction, string> = RULE_TYPES;

/** One ingress or egress rule resource (RULE_TYPES). */
export interface RuleEntry {
  readonly logicalId: string;
  readonly direction: Direction;
  /** The role whose group holds the entry. */
  readonly role: string;
  readonly peer: PeerEntry;
  readonly protocol: Protocol;
  /** Set for tcp and udp only (AWS ignores ports of other protocols). */
  readonly range?: PortRange;
  readonly description: string;
  /** Where the entry comes from, for reviewers of the AWS console. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface AwsRulePlan {
  readonly entries: readonly RuleEntry[];
  /** One per catalog rule, in catalog order. */
  readonly realisations: readonly RuleRealisation[];
  /** One per managed role, in catalog order. */
  readonly egressDefaults: readonly EgressDefaultRealisation[];
}

export interface PlanOptions {
  /** Security group name per managed role, for messages. */
  readonly groupNames: Readonly<Record<string, string>>;
  readonly rulesPerGroupQuota: number;
}

/** The plan; refuses (SynthesisError.of) with every problem of every group and direction at once. */
export function planRules(bound: BoundPolicy, options: PlanOptions): AwsRulePlan {
  const problems: Problem[] = [];
  for (const rule of bound.rules) gatherProblems(problems, () => checkAwsText(rule.description, "description", `rule "${rule.id}"`, rule.location));
  const entries: RuleEntry[] = [];
  const realised = new Map<string, RuleRealisation>();
  const egressDefaults: EgressDefaultRealisation[] = [];
  const taken = new Set<string>();

  for (const role of bound.managedRoles) {
    const groupName = options.groupNames[role.id];
    for (const direction of ["ingress", "egress"] as const) {
      // One group's direction at a time: a rule AWS cannot render stops only its own direction's plan.
      const planned = gatherProblems(problems, () => planDirection(bound, role.id, direction, groupName, taken));
      if (!planned) continue;
      gatherProblems(problems, () => checkQuota(groupName, direction, planned.quota, options.rulesPerGroupQuota));
      entries.push(...planned.entries);
      for (const r of planned.realisations) realised.set(r.ruleId, r);
      if (planned.egressDefault) egressDefaults.push(planned.egressDefault);
    }
    if (role.egressDefault === "deny") {
      egressDefaults.push({ roleId: role.id, how: "default", resources: [], note: "Terraform-managed security groups deny egress that no rule allows" });
    }
  }
  if (problems.length > 0) throw SynthesisError.of(problems);
  const realisations = bound.rules.flatMap((r): RuleRealisation[] => {
    if (r.inapplicable) return [{ ruleId: r.id, resources: [], how: "inapplicable", note: r.inapplicable }];
    const done = realised.get(r.id);
    return done ? [done] : [];
  });
  return { entries, realisations, egressDefaults };
}

interface DirectionPlan {
  entries: RuleEntry[];
  /** The entries as the quota counts them, with the rule each comes from. */
  quota: QuotaEntry[];
  realisations: RuleRealisation[];
  egressDefault?: EgressDefaultRealisation;
}

/** The entries of one group and direction; `taken` collects addresses across groups to catch id clashes. */
function planDirection(bound: BoundPolicy, role: string, direction: Direction, groupName: string, taken: Set<string>): DirectionPlan {
  const resolved = resolveDirection(bound, role, direction);
  const plan: DirectionPlan = { entries: [], quota: [], realisations: [] };
  // AWS rejects a rule identical to one the group already has: identical entries are rendered once.
  const addressOfContent = new Map<string, string>();
  for (const allow of resolved.allows) {
    const used = new Set<string>();
    let shared = false;
    for (const piece of allow.pieces) {
      for (const range of awsRanges(piece, allow)) {
        const content = `${protocolKey(piece.protocol)}|${range ? portsKey(range) : ""}|${piece.peer.kind === "role" ? piece.peer.role : piece.peer.cidr}`;
        const existing = addressOfContent.get(content);
        if (existing) {
          used.add(existing);
          shared = true;
          continue;
        }
        const entry = toEntry(role, direction, allow, piece, range);
        const address = `${RESOURCE_TYPE[direction]}.${entry.logicalId}`;
        if (taken.has(address)) {
          throw new SynthesisError(`${allow.label}: logical id ${address} is already taken by another entry. Rename the rule in the catalog.`, allow.location, "AWS_LOGICAL_ID_TAKEN");
        }
        taken.add(address);
        addressOfContent.set(content, address);
        plan.entries.push(entry);
        plan.quota.push({ peer: entry.peer, from: allow.label, location: allow.location });
        used.add(address);
      }
    }
    const resources = [...used].sort();
    if (allow.rule) plan.realisations.push(realiseAllow(allow, resources, shared, direction, groupName));
    else plan.egressDefault = realiseEgressDefault(role, allow, resources);
  }
  for (const [denyId, cut] of resolved.denies) plan.realisations.push(realiseDeny(denyId, cut));
  return plan;
}

/** One entry per port range for tcp/udp; one entry without ports otherwise. */
function awsRanges(piece: AllowPiece, allow: ResolvedAllow): (PortRange | undefined)[] {
  if (piece.protocol === "tcp" || piece.protocol === "udp") return [...piece.ports];
  if (piece.protocol === "sctp" && formatPorts(piece.ports) !== "all") {
    const cut = allow.cutBy.length > 0 ? ` (what is left after deny rule(s) ${quoted(allow.cutBy)})` : "";
    throw new SynthesisError(
      `${allow.label}: AWS security groups cannot restrict SCTP ports (AWS applies port ranges only to tcp, udp, icmp and icmpv6), ` +
        `so SCTP ports ${formatPorts(piece.ports)}${cut} would open every SCTP port. Use ports: all for SCTP rules, or drop the rule from the AWS catalog.`,
      allow.location,
      "AWS_SCTP_PORTS",
    );
  }
  return [undefined];
}

function toEntry(role: string, direction: Direction, allow: ResolvedAllow, piece: AllowPiece, range: PortRange | undefined): RuleEntry {
  const tags: Record<string, string> = { "catalog-role": role };
  if (allow.rule) tags["catalog-rule"] = allow.rule.id;
  else tags["catalog-egress-default"] = "allow";
  if (piece.cutBy) tags["catalog-narrowed-by"] = piece.cutBy.join(" ");
  return {
    logicalId: allow.rule ? ruleLogicalId(role, direction, allow.rule.id, piece.protocol, range, piece.peer) : egressDefaultLogicalId(role, piece.peer),
    direction,
    role,
    peer: piece.peer,
    protocol: piece.protocol,
    range,
    description: allow.rule ? allow.rule.description : `Egress default of role ${role}: allow`,
    tags,
  };
}

function realiseAllow(allow: ResolvedAllow, resources: string[], shared: boolean, direction: Direction, groupName: string): RuleRealisation {
  const ruleId = allow.rule!.id;
  const sharing = shared ? " (some shared with an earlier rule, as AWS rejects duplicate rules)" : "";
  const count = `${resources.length} ${direction} rule${resources.length === 1 ? "" : "s"} on security group ${groupName}${sharing}`;
  if (allow.cutBy.length === 0) return { ruleId, resources, how: "rendered", note: count };
  if (resources.length === 0) {
    return { ruleId, resources, how: "shadowed", note: `fully cut away by earlier deny rule(s) ${quoted(allow.cutBy)}: nothing to render` };
  }
  return { ruleId, resources, how: "narrowed", note: `${count}, without what deny rule(s) ${quoted(allow.cutBy)} cut out` };
}

function realiseEgressDefault(roleId: string, allow: ResolvedAllow, resources: string[]): EgressDefaultRealisation {
  const rendered = `allow-all egress rendered as ${resources.length} rule${resources.length === 1 ? "" : "s"}, since Terraform removes AWS's own`;
  if (allow.cutBy.length === 0) return { roleId, how: "rendered", resources, note: rendered };
  const cut = quoted(allow.cutBy);
  if (resources.length === 0) return { roleId, how: "narrowed", resources, note: `deny rule(s) ${cut} cut all of it away: no egress is allowed beyond the catalog's rules` };
  return { roleId, how: "narrowed", resources, note: `${rendered}, without what deny rule(s) ${cut} cut out` };
}

function realiseDeny(ruleId: string, cut: readonly string[]): RuleRealisation {
  const note = cut.length === 0 ? "deny restates the default: AWS security groups deny what no rule allows" : `realised by AWS's implicit deny, with ${cut.join(", ")} narrowed to leave it out`;
  return { ruleId, resources: [], how: "default", note };
}

function quoted(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(", ");
}
