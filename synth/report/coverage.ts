/**
 * The coverage report of one environment, written by every synthesis as
 * cdktf.out/reports/<env>.json (for tools; schema: coverage-report.schema.json),
 * <env>.md (Markdown with Mermaid) and <env>.html (one self-contained page,
 * its diagram an SVG laid out here). The JSON is the model: every section of
 * the Markdown and the HTML is a function of it (sections.ts), so a new section
 * is a new field and a new function. docs/coverage-report.md describes every field.
 */
import { invariantsJson } from "./invariants";
import { mkdirSync, writeFileSync } from "fs";
import { BoundPolicy, BoundRule, FlowSide, formatPorts, Peer, SynthesisError } from "../../policy";
import { CLOUDS, CloudId } from "../../modules/clouds";
import { EffectiveView } from "../../modules/cloud";
import { COVERAGE_BUG, coverageProblems } from "../../modules/coverage";
import type { PlacedPolicy } from "../../modules/networks";
import { RuleRealisation } from "../../modules/realisation";
import { Finding, LintResult } from "../../policy/lint";
import { buildDiagram, Diagram, DiagramEdge, DiagramNode, mermaid, mermaidSource } from "./diagram";
import { buildExposure, ExposureJson } from "./exposure";
import { htmlReport, markdownReport, reportBlocks } from "./sections";
import { buildTiers, TiersJson } from "./tiers";
import { trafficText } from "./traffic";

export { mermaid, mermaidSource };
import { reportPath, reportsDir } from "../layout";

export type Cloud = CloudId;

export interface CloudRealisation {
  readonly stack: string;
  readonly realisations: readonly RuleRealisation[];
  /** How each role's egress default is realised (not a catalog rule). */
  readonly egressDefaults?: readonly { roleId: string; how: string; resources: readonly string[]; note: string }[];
  /** How each role's ingress default is realised, where the cloud's own defaults would not deny unmatched ingress. */
  readonly ingressDefaults?: readonly { roleId: string; how: string; resources: readonly string[]; note: string }[];
  /** Where the cloud's section places roles in several networks: the placement and the role peers it widened to CIDRs. */
  readonly placed?: PlacedPolicy;
}

export interface CoverageInput {
  readonly environment: string;
  readonly bound: BoundPolicy;
  readonly clouds: Partial<Record<Cloud, CloudRealisation>>;
  readonly lint: LintResult;
  /**
   * Each cloud's reading of its synthesized Terraform, to check that it decides
   * the Exposure section's flows as the catalog does. Synthesis always passes it.
   * @default none: the report says the clouds were not compared
   */
  readonly views?: Partial<Record<Cloud, EffectiveView>>;
}

/** How one cloud realises one rule (the JSON's `rules[].clouds.<cloud>`). */
export interface RuleCloudJson {
  readonly how: RuleRealisation["how"];
  readonly resources: string[];
  readonly note: string;
  /** How many other catalog rules the same resources carry (0: the resources are the rule's own). */
  readonly sharedWith: number;
}

export interface RuleJson {
  readonly id: string;
  readonly description: string;
  readonly origin: string | null;
  /** Present when the rule says where its sources disagree, and which reading it takes. */
  readonly note?: string;
  readonly target: string;
  readonly direction: "ingress" | "egress";
  readonly action: "allow" | "deny";
  readonly peer: string;
  /** The peer in this environment: `role:<id>` for members of a managed role, else CIDRs (tokens as their text). */
  readonly peerResolved: string[];
  readonly protocol: string | number;
  readonly protocolName: string;
  readonly ports: string | null;
  /** Present when the rule names services: each, with the ports this environment gives it (already in `ports`). */
  readonly services?: { id: string; ports: string }[];
  /** Present when the rule is one side of a flow the catalog wrote once (from, to). */
  readonly flow?: FlowSide;
  readonly traffic: string;
  readonly inapplicable: string | null;
  readonly clouds: Record<string, RuleCloudJson>;
}

export interface DefaultJson {
  readonly role: string;
  readonly default?: "allow" | "deny";
  readonly clouds: Record<string, { how: string; resources: string[]; note: string } | null>;
}

export interface FindingJson {
  readonly check: string;
  readonly severity: string;
  readonly subject: string;
  readonly message: string;
  readonly reason?: string;
  readonly expires?: string;
}

/** One cloud's networks as the report shows them. */
export interface NetworksJson {
  readonly networks: Record<string, { id: string; cidrs: string[] }>;
  readonly placement: Record<string, string>;
  readonly widened: { rule: string; role: string; network: string; cidrs: string[]; reason: string }[];
}

/** The JSON report: see coverage-report.schema.json and docs/coverage-report.md. */
export interface CoverageJson {
  readonly reportVersion: 2;
  readonly environment: string;
  readonly catalog: string;
  readonly ipv6: boolean;
  readonly stacks: Record<string, string>;
  readonly exposure: ExposureJson;
  readonly rules: RuleJson[];
  readonly egressDefaults: DefaultJson[];
  readonly ingressDefaults?: DefaultJson[];
  readonly lint: { errors: FindingJson[]; warnings: FindingJson[]; waived: FindingJson[] };
  readonly diagram: { nodes: DiagramNode[]; edges: DiagramEdge[] };
  /** Each tier (role) and the flows between tiers, with each flow's origin, and their diagram. */
  readonly tiers: TiersJson;
  /** Per cloud whose section places roles in several networks: the networks, each role's, and every role peer written as its network's CIDRs there (wider than the role). */
  readonly networks?: Record<string, NetworksJson>;
  /** The catalog's invariants (docs/invariants.md); present when the catalog declares some. All hold: synthesis refuses a rendering that breaks one. */
  readonly invariants?: { id: string; description: string; kind: string; property: string; holds: true }[];
}

/** One environment's coverage report: how each rule is realised on each cloud, in JSON, Markdown and HTML. */
export interface CoverageReport {
  /** The environment reported. */
  readonly environment: string;
  /** The report as data (the .json file, described by coverage-report.schema.json). */
  readonly json: CoverageJson;
  /** The report for reviewers, with a Mermaid diagram (the .md file). */
  readonly markdown: string;
  /** The same report as one self-contained page with an SVG diagram (the .html file). */
  readonly html: string;
}

export function peerText(p: Peer): string {
  return p.kind === "role" ? `role:${p.role}` : p.kind === "addressSet" ? `set:${p.name}` : p.kind === "cidr" ? p.cidr : p.kind === "platform" ? `platform:${p.service}` : "any";
}

/** Throws when a catalog rule has no realisation on a cloud: nothing may be silently dropped. */
export function assertCoverageComplete(input: CoverageInput): void {
  const problems = (Object.entries(input.clouds) as [Cloud, CloudRealisation][]).flatMap(([cloud, c]) =>
    coverageProblems(input.bound.policy, c.realisations, `${CLOUDS[cloud].displayName} (stack ${c.stack})`),
  );
  if (problems.length > 0)
    throw SynthesisError.of(
      problems.map((p) => ({ ...p, hint: COVERAGE_BUG })),
      `environment "${input.environment}"`,
    );
}

export function buildCoverageReport(input: CoverageInput): CoverageReport {
  assertCoverageComplete(input);
  const json = coverageJson(input);
  const diagram: Diagram = json.diagram;
  const blocks = reportBlocks(json);
  return { environment: input.environment, json, markdown: markdownReport(json, diagram, blocks), html: htmlReport(json, diagram, blocks) };
}

function coverageJson(input: CoverageInput): CoverageJson {
  const b = input.bound;
  const clouds = (Object.keys(input.clouds) as Cloud[]).sort();
  const byCloud = Object.fromEntries(clouds.map((c) => [c, new Map(input.clouds[c]!.realisations.map((r) => [r.ruleId, r]))])) as Record<string, Map<string, RuleRealisation>>;
  const stacks = Object.fromEntries(clouds.map((c) => [c, input.clouds[c]!.stack]));
  const sharing = Object.fromEntries(clouds.map((c) => [c, rulesPerResource(input.clouds[c]!.realisations)]));
  const rules = b.rules.map((rule): RuleJson => ({
    id: rule.id,
    description: rule.description,
    origin: rule.origin ?? null,
    ...(rule.note ? { note: rule.note } : {}),
    target: rule.target,
    direction: rule.direction,
    action: rule.action,
    peer: peerText(rule.peer),
    peerResolved: resolvedPeer(rule),
    protocol: rule.protocol,
    protocolName: trafficText({ protocol: rule.protocol, ports: [] }),
    ports: rule.ports.length > 0 ? formatPorts(rule.ports) : null,
    ...(rule.services ? { services: rule.services.map((s) => ({ id: s.service, ports: formatPorts(s.ports) })) } : {}),
    ...(rule.flow ? { flow: { ...rule.flow } } : {}),
    traffic: trafficText(rule),
    inapplicable: rule.inapplicable ?? null,
    clouds: Object.fromEntries(
      clouds.map((c) => {
        const r = byCloud[c].get(rule.id)!;
        return [c, { how: r.how, resources: [...r.resources], note: r.note, sharedWith: sharedWith(rule.id, r.resources, sharing[c]) }];
      }),
    ),
  }));
  const findingJson = (f: Finding & { reason?: string; expires?: string }): FindingJson => ({
    check: f.check,
    severity: f.severity,
    subject: f.subject,
    message: f.message,
    ...(f.reason ? { reason: f.reason } : {}),
    ...(f.expires ? { expires: f.expires } : {}),
  });
  const diagram = buildDiagram(b);
  return {
    reportVersion: 2,
    environment: input.environment,
    catalog: b.policy.name,
    ipv6: b.ipv6,
    stacks,
    exposure: buildExposure({
      bound: b,
      clouds,
      stacks,
      realisations: byCloud,
      lint: input.lint,
      views: input.views,
      placed: Object.fromEntries(clouds.flatMap((c) => (input.clouds[c]!.placed ? [[c, input.clouds[c]!.placed!.bound]] : []))),
    }),
    rules,
    egressDefaults: b.managedRoles.map((role) => ({
      role: role.id,
      default: role.egressDefault,
      clouds: Object.fromEntries(
        clouds.map((c) => {
          const e = input.clouds[c]!.egressDefaults?.find((x) => x.roleId === role.id);
          return [c, e ? { how: e.how, resources: [...e.resources], note: e.note } : null];
        }),
      ),
    })),
    ...(clouds.some((c) => input.clouds[c]!.ingressDefaults)
      ? {
          ingressDefaults: b.managedRoles.map((role) => ({
            role: role.id,
            clouds: Object.fromEntries(
              clouds.map((c) => {
                const e = input.clouds[c]!.ingressDefaults?.find((x) => x.roleId === role.id);
                return [c, e ? { how: e.how, resources: [...e.resources], note: e.note } : { how: "default", resources: [], note: "the cloud's own default denies ingress that no rule matches" }];
              }),
            ),
          })),
        }
      : {}),
    lint: { errors: input.lint.errors.map(findingJson), warnings: input.lint.warnings.map(findingJson), waived: input.lint.waived.map(findingJson) },
    diagram: { nodes: [...diagram.nodes], edges: [...diagram.edges] },
    tiers: buildTiers(b),
    ...(clouds.some((c) => input.clouds[c]!.placed) ? { networks: networksJson(input, clouds) } : {}),
    ...(input.bound.policy.invariants?.length ? { invariants: invariantsJson(input.bound) } : {}),
  };
}

function networksJson(input: CoverageInput, clouds: readonly Cloud[]): Record<string, NetworksJson> {
  const out: Record<string, NetworksJson> = {};
  for (const c of clouds) {
    const p = input.clouds[c]!.placed;
    if (!p) continue;
    out[c] = {
      networks: Object.fromEntries(Object.values(p.networks).map((n) => [n.name, { id: n.id, cidrs: [...n.cidrs] }])),
      placement: { ...p.networkOf },
      widened: p.widened.map((w) => ({ rule: w.ruleId, role: w.role, network: w.network, cidrs: [...w.cidrs], reason: w.reason })),
    };
  }
  return out;
}

/** Which rules each resource carries (a GCP firewall or an Azure rule may carry several). */
function rulesPerResource(realisations: readonly RuleRealisation[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of realisations) {
    for (const res of r.resources) {
      const list = map.get(res);
      if (list) list.push(r.ruleId);
      else map.set(res, [r.ruleId]);
    }
  }
  return map;
}

function sharedWith(ruleId: string, resources: readonly string[], sharing: ReadonlyMap<string, string[]>): number {
  if (resources.length === 1) return (sharing.get(resources[0])?.length ?? 1) - 1;
  const others = new Set<string>();
  for (const res of resources) for (const id of sharing.get(res) ?? []) if (id !== ruleId) others.add(id);
  return others.size;
}

function resolvedPeer(rule: BoundRule): string[] {
  // Each cloud names a platform peer in its own words (the realisations say how).
  if (rule.platform) return [`platform:${rule.platform}`];
  return rule.peers.map((e) => (e.kind === "role" ? `role:${e.role}` : e.cidr));
}

/** Writes each report's JSON, Markdown and HTML into `<outdir>/reports/`. */
export function writeReports(outdir: string, reports: readonly CoverageReport[]): void {
  mkdirSync(reportsDir(outdir), { recursive: true });
  for (const r of reports) {
    writeFileSync(reportPath(outdir, r.environment, "json"), JSON.stringify(r.json, null, 2) + "\n");
    writeFileSync(reportPath(outdir, r.environment, "md"), r.markdown);
    writeFileSync(reportPath(outdir, r.environment, "html"), r.html);
  }
}
