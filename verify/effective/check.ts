/** Catalog ≡ AWS ≡ GCP: every systematic flow must get the same decision from all three. */
import { BoundPolicy, Decision, Flow } from "../../policy";
import { awsCuts, awsDecide, awsPorts, awsProtocols, CloudDecision, loadAwsView } from "./aws";
import { catalogDecide } from "./catalog";
import { describeFlow, ProbeFlow, systematicFlows } from "./flows";
import { gcpCuts, gcpDecide, gcpPorts, gcpProtocols, loadGcpView } from "./gcp";

export interface Disagreement {
  readonly flow: Flow;
  readonly catalog: Decision;
  readonly aws?: CloudDecision;
  readonly gcp?: CloudDecision;
  /** One line: the flow, each decision and who made it. */
  readonly explanation: string;
}

export interface CheckReport {
  readonly environment: string;
  readonly flowsChecked: number;
  readonly disagreements: Disagreement[];
}

export interface CheckInput {
  readonly bound: BoundPolicy;
  /** Synthesized Terraform JSON of the environment's AWS stack, if it has one. */
  readonly awsJson?: unknown;
  readonly gcpJson?: unknown;
  /** Role id → service account, for GCP stacks that identify roles by service account. */
  readonly gcpServiceAccounts?: Record<string, string>;
  /** Stop at the first disagreement (for callers that only need a yes or no). @default false */
  readonly firstOnly?: boolean;
}

export function checkEnvironment(input: CheckInput): CheckReport {
  const aws = input.awsJson ? loadAwsView(input.awsJson) : undefined;
  const gcp = input.gcpJson ? loadGcpView(input.gcpJson, input.gcpServiceAccounts) : undefined;
  const flows = systematicFlows(input.bound, {
    cuts: [...(aws ? awsCuts(aws) : []), ...(gcp ? gcpCuts(gcp) : [])],
    ports: [...(aws ? awsPorts(aws) : []), ...(gcp ? gcpPorts(gcp) : [])],
    protocols: [...(aws ? awsProtocols(aws) : []), ...(gcp ? gcpProtocols(gcp) : [])],
  });
  const disagreements: Disagreement[] = [];
  // (Disagreements on adjacent address cells are merged into one range at the end.)
  for (const flow of flows) {
    const catalog = catalogDecide(input.bound, flow);
    const a = aws && awsDecide(aws, flow);
    const g = gcp && gcpDecide(gcp, flow);
    // GCP renders catalog denies as deny rules: a flow a catalog rule denies must
    // meet a GCP deny rule, not only the implied deny (else the rule was lost).
    const gcpLostRule = g !== undefined && catalog.rule !== undefined && g.resources.length === 0;
    if ((a && a.action !== catalog.action) || (g && g.action !== catalog.action) || gcpLostRule) {
      disagreements.push({ flow, catalog, aws: a, gcp: g, explanation: explain(flow, catalog, a, g) });
      if (input.firstOnly) break;
    }
  }
  return { environment: input.bound.environment, flowsChecked: flows.length, disagreements: mergeMembers(mergePorts(coalesce(disagreements)), input.bound.managedRoles.length) };
}

/** One line per range of adjacent address cells that disagree alike (same traffic, same decisions, same resources). */
function coalesce(all: Disagreement[]): Disagreement[] {
  const out: Disagreement[] = [];
  const latest = new Map<string, number>();
  for (const d of all) {
    const f = d.flow as ProbeFlow;
    const key = JSON.stringify([f.direction, f.target, f.peer.kind, f.peer.kind === "role" ? f.peer.role : "", f.peer.family, f.protocol, f.port ?? null, d.catalog.action, d.catalog.rule?.id ?? null, d.aws ?? null, d.gcp ?? null]);
    const at = latest.get(key);
    const previous = at === undefined ? undefined : (out[at].flow as ProbeFlow);
    if (previous && previous.peer.cell + 1 === f.peer.cell) {
      const flow: ProbeFlow = { ...previous, peer: { ...previous.peer, lastAddress: f.peer.lastAddress, cell: f.peer.cell } };
      out[at!] = { ...out[at!], flow, explanation: explain(flow, d.catalog, d.aws, d.gcp) };
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
    const key = JSON.stringify([f.direction, f.target, p.kind, p.kind === "role" ? p.role : "", p.family, p.address, p.lastAddress, f.protocol, d.catalog.action, d.catalog.rule?.id ?? null, d.aws ?? null, d.gcp ?? null]);
    const at = latest.get(key);
    const previous = at === undefined ? undefined : (out[at].flow as ProbeFlow);
    if (previous && previous.portUpTo! + 1 === f.port) {
      const flow: ProbeFlow = { ...previous, portUpTo: f.portUpTo };
      out[at!] = { ...out[at!], flow, explanation: explain(flow, d.catalog, d.aws, d.gcp) };
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
    return JSON.stringify([f.direction, f.target, f.peer.family, f.peer.address, f.peer.lastAddress, f.protocol, f.port ?? null, d.catalog.action, d.catalog.rule?.id ?? null, d.aws ?? null, d.gcp ?? null]);
  };
  const members = new Map<string, Set<string>>();
  for (const d of all) if (d.flow.peer.kind === "role") members.set(keyOf(d), (members.get(keyOf(d)) ?? new Set()).add(d.flow.peer.role));
  const alike = (d: Disagreement) => (members.get(keyOf(d))?.size ?? 0) === managedRoles;
  const addresses = new Set(all.filter((d) => d.flow.peer.kind === "address" && alike(d)).map(keyOf));
  return all.flatMap((d) => {
    if (!addresses.has(keyOf(d))) return [d];
    if (d.flow.peer.kind === "role") return [];
    return [{ ...d, explanation: explain(d.flow, d.catalog, d.aws, d.gcp, " (any machine there, member of a role or not)") }];
  });
}

function explain(flow: Flow, catalog: Decision, aws?: CloudDecision, gcp?: CloudDecision, peerNote = ""): string {
  const by = (d: CloudDecision, fallback: string) => (d.resources.length > 0 ? d.resources.join(", ") : fallback);
  const where = catalog.rule?.location ? ` at ${catalog.rule.location.file}:${catalog.rule.location.line}` : "";
  const parts = [`catalog ${catalog.action} (${catalog.rule ? `rule "${catalog.rule.id}"${where}` : "default"})`];
  if (aws) parts.push(`AWS ${aws.action} (${by(aws, "no rule allows it")})`);
  if (gcp) parts.push(`GCP ${gcp.action} (${by(gcp, "implied rule")})`);
  return `${describeFlow(flow, peerNote)}: ${parts.join("; ")}`;
}
