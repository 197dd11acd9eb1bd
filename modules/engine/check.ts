/** Catalog ≡ every cloud: each systematic flow must get the same decision from the catalog and from every cloud's synthesized stack. */
import { CloudId, CLOUD_IDS, CLOUDS } from "../clouds";
import { CloudDefinition, EffectiveView } from "../cloud";
import { CloudDecision } from "../effective";
import { BoundPolicy, Decision, Flow } from "../../policy";
import { decide as catalogDecide } from "../../policy/semantics";
import type { ReadContext } from "./configuration";
import { catalogFootprints, describeFlow, ProbeFlow, ProbePeer, visitSystematicFlows } from "./flows";
import { placeForCloud, PlacedPolicy } from "../networks";
import { boundForCloud } from "../platform";

/** A flow the catalog and a cloud decide differently (or a cloud decides with its defaults where a rule should). */
export interface Disagreement {
  /** The flow (protocol, port, peer address or role, target role, direction). */
  readonly flow: Flow;
  /** What the catalog decides, and by which rule. */
  readonly catalog: Decision;
  /** Each checked cloud's decision. */
  readonly clouds: Partial<Record<CloudId, CloudDecision>>;
  /** One line: the flow, each decision and who made it. */
  readonly explanation: string;
}

/** What the check of one environment (or one catalog) found. */
export interface CheckReport {
  /** The environment checked. */
  readonly environment: string;
  /** How many flows were decided by the catalog and every cloud. */
  readonly flowsChecked: number;
  /** Every disagreement, adjacent ones merged into ranges; empty when all agree. */
  readonly disagreements: Disagreement[];
  /** What changes access beyond any flow (a group in another VPC, a firewall on no role, mixed inline and separate rules): each fails verify. */
  readonly findings: string[];
}

/** One cloud's synthesized stack of the environment. */
export interface SynthesizedCloud {
  readonly cloud: CloudId;
  /** The stack's synthesized Terraform JSON. */
  readonly json?: unknown;
  /** Or the cloud's view itself, such as of the rules a deployed stack holds (AWS: awsLiveEffective). */
  readonly view?: EffectiveView;
  /** The cloud's section of the environment (some clouds need it to read their JSON, such as GCP's service accounts). */
  readonly section?: unknown;
  /** How the configuration names roles, besides our outputs (naming convention, role map). */
  readonly context?: ReadContext & { source?: string };
  /** The policy as the section places it in several networks. @default placed from `section` (modules/networks.ts) */
  readonly placed?: PlacedPolicy;
}

export interface CheckInput {
  readonly bound: BoundPolicy;
  readonly stacks: readonly SynthesizedCloud[];
  /** Stop at the first disagreement (for callers that only need a yes or no): the flows after it are never made, and flowsChecked counts those before. @default false */
  readonly firstOnly?: boolean;
}

export function checkEnvironment(input: CheckInput): CheckReport {
  const views = CLOUD_IDS.flatMap((id) => {
    const stack = input.stacks.find((s) => s.cloud === id);
    if (!stack) return [];
    const cloud = CLOUDS[id] as unknown as CloudDefinition<unknown>;
    // Where the section places roles in several networks, a role peer the cloud cannot name across them is its
    // network's CIDRs: the cloud is held to the policy as placed (wider by exactly the recorded widened peers).
    const placed = stack.placed ?? placeForCloud(cloud, stack.section, input.bound);
    // A platform peer (platform:load-balancer) is held in the cloud's own words too.
    return [{ id, cloud, expected: boundForCloud(placed?.bound ?? input.bound, cloud), view: stack.view ?? (cloud.readEffective(stack.json, stack.section, stack.context) as EffectiveView) }];
  });
  const placedPolicies = views.filter((v) => v.expected !== input.bound).map((v) => v.expected);
  const findings = views.flatMap((v) => v.view.findings().map((f) => `${v.cloud.displayName}: ${f}`));
  // Each role is probed where its own rules, in the catalog and in every cloud, cut.
  const disagreements: Disagreement[] = [];
  const footprintsOf = (role: string) => [...views.flatMap((v) => v.view.footprints(role)), ...placedPolicies.flatMap((p) => catalogFootprints(p, role))];
  const flowsChecked = visitSystematicFlows(input.bound, {}, footprintsOf, (flow) => {
    const asBound = catalogDecide(input.bound, flow);
    let catalog = asBound;
    const decisions: Partial<Record<CloudId, CloudDecision>> = {};
    let disagrees = false;
    for (const { id, cloud, view, expected } of views) {
      const d = view.decide(flow);
      decisions[id] = d;
      const wanted = expected === input.bound ? asBound : catalogDecide(expected, flow);
      // A cloud that renders every catalog rule must decide a rule's flows with
      // one of its own resources, not its implied defaults (else the rule was lost).
      const lostRule = cloud.decidesByOwnResources && wanted.rule !== undefined && d.resources.length === 0;
      if (d.action !== wanted.action || lostRule || d.uncertain) {
        // The catalog's decision as the disagreeing cloud places it.
        if (!disagrees) catalog = wanted;
        disagrees = true;
      }
    }
    if (disagrees) {
      disagreements.push({ flow, catalog, clouds: decisions, explanation: explain(flow, catalog, decisions) });
      if (input.firstOnly) return false;
    }
    return true;
  });
  // Disagreements on adjacent address cells and port probes are reported as ranges.
  return { environment: input.bound.environment, flowsChecked, disagreements: mergeMembers(mergePorts(mergeCells(disagreements)), input.bound.managedRoles.length), findings };
}

/** The decisions of a disagreement, as a key part: lines merge only when all of them are the same. */
function decisionsKey(d: Disagreement): unknown[] {
  return [d.catalog.action, d.catalog.rule?.id ?? null, ...CLOUD_IDS.map((id) => d.clouds[id] ?? null)];
}

/** One line per range of adjacent address cells that disagree alike (same traffic, same decisions, same resources). */
function mergeCells(all: Disagreement[]): Disagreement[] {
  const out: Disagreement[] = [];
  const latest = new Map<string, number>();
  for (const d of all) {
    const f = d.flow as ProbeFlow;
    const key = JSON.stringify([f.direction, f.target, f.peer.kind, f.peer.kind === "role" ? f.peer.role : "", f.peer.family, f.protocol, f.port ?? null, f.icmpType ?? null, ...decisionsKey(d)]);
    const at = latest.get(key);
    const previous = at === undefined ? undefined : (out[at].flow as ProbeFlow);
    if (previous && previous.peer.cell + 1 === f.peer.cell) {
      const flow: ProbeFlow = { ...previous, peer: { ...previous.peer, lastAddress: f.peer.lastAddress, cell: f.peer.cell } };
      out[at!] = { ...out[at!], flow, explanation: explain(flow, d.catalog, d.clouds) };
    } else {
      latest.set(key, out.length);
      out.push(d);
    }
  }
  return out;
}

/** One line per run of adjacent port probes that disagree alike for the same peers. */
function mergePorts(all: Disagreement[]): Disagreement[] {
  const out: Disagreement[] = [];
  const latest = new Map<string, number>();
  for (const d of all) {
    const f = d.flow as ProbeFlow;
    if (f.port === undefined || f.portUpTo === undefined) {
      out.push(d);
      continue;
    }
    const p = f.peer;
    const key = JSON.stringify([f.direction, f.target, p.kind, p.kind === "role" ? p.role : "", p.family, p.address, p.lastAddress, f.protocol, ...decisionsKey(d)]);
    const at = latest.get(key);
    const previous = at === undefined ? undefined : (out[at].flow as ProbeFlow);
    if (previous && previous.portUpTo! + 1 === f.port) {
      const flow: ProbeFlow = { ...previous, portUpTo: f.portUpTo };
      out[at!] = { ...out[at!], flow, explanation: explain(flow, d.catalog, d.clouds) };
    } else {
      latest.set(key, out.length);
      out.push(d);
    }
  }
  return out;
}

/**
 * An address range where members of every managed role disagree exactly as a
 * machine of no role does: one line for all of them.
 */
function mergeMembers(all: Disagreement[], managedRoles: number): Disagreement[] {
  const keyOf = (d: Disagreement) => {
    const f = d.flow as ProbeFlow;
    return JSON.stringify([f.direction, f.target, f.peer.family, f.peer.address, f.peer.lastAddress, f.protocol, f.port ?? null, f.portUpTo ?? null, f.icmpType ?? null, ...decisionsKey(d)]);
  };
  const members = new Map<string, Set<string>>();
  for (const d of all) {
    const peer = d.flow.peer as ProbePeer;
    if (peer.kind !== "role") continue;
    const set = members.get(keyOf(d)) ?? new Set<string>();
    for (const role of peer.standsFor ?? [peer.role]) set.add(role);
    members.set(keyOf(d), set);
  }
  const alike = (d: Disagreement) => (members.get(keyOf(d))?.size ?? 0) === managedRoles;
  const addresses = new Set(all.filter((d) => d.flow.peer.kind === "address" && alike(d)).map(keyOf));
  return all.flatMap((d) => {
    if (!addresses.has(keyOf(d))) return [d];
    if (d.flow.peer.kind === "role") return [];
    return [{ ...d, explanation: explain(d.flow, d.catalog, d.clouds, " (any machine there, member of a role or not)") }];
  });
}

function explain(flow: Flow, catalog: Decision, decisions: Partial<Record<CloudId, CloudDecision>>, peerNote = ""): string {
  const where = catalog.rule?.location ? ` at ${catalog.rule.location.file}:${catalog.rule.location.line}` : "";
  const parts = [`catalog ${catalog.action} (${catalog.rule ? `rule "${catalog.rule.id}"${where}` : "default"})`];
  for (const id of CLOUD_IDS) {
    const d = decisions[id];
    if (d) parts.push(`${CLOUDS[id].displayName} ${d.action} (${d.resources.length > 0 ? d.resources.join(", ") : CLOUDS[id].defaultDecisionText}${d.uncertain ? `; uncertain: ${d.uncertain}` : ""})`);
  }
  return `${describeFlow(flow, peerNote)}: ${parts.join("; ")}`;
}
