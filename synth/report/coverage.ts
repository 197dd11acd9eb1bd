/**
 * The coverage report of one environment: every catalog rule and, per cloud,
 * the Terraform resources that realise it or how it is realised otherwise;
 * the lint findings and waivers; and a diagram of who may reach whom.
 * JSON for machines, Markdown (with Mermaid) for people.
 */
import { invariantsJson, invariantsMarkdown } from "./invariants";
import { mkdirSync, writeFileSync } from "fs";
import { BoundPolicy, BoundRule, formatPorts, Peer, SynthesisError } from "../../policy";
import { CLOUDS, CloudId } from "../../modules/clouds";
import { COVERAGE_BUG, coverageProblems } from "../../modules/coverage";
import { RuleRealisation } from "../../modules/realisation";
import { Finding, LintResult } from "../../policy/lint";
import { reportPath, reportsDir } from "../layout";

export type Cloud = CloudId;

export interface CloudRealisation {
  readonly stack: string;
  readonly realisations: readonly RuleRealisation[];
  /** How each role's egress default is realised (not a catalog rule). */
  readonly egressDefaults?: readonly { roleId: string; how: string; resources: readonly string[]; note: string }[];
  /** How each role's ingress default is realised, where the cloud's own defaults would not deny unmatched ingress. */
  readonly ingressDefaults?: readonly { roleId: string; how: string; resources: readonly string[]; note: string }[];
}

export interface CoverageInput {
  readonly environment: string;
  readonly bound: BoundPolicy;
  readonly clouds: Partial<Record<Cloud, CloudRealisation>>;
  readonly lint: LintResult;
}

export interface CoverageReport {
  readonly environment: string;
  readonly json: Record<string, unknown>;
  readonly markdown: string;
}


export function peerText(p: Peer): string {
  return p.kind === "role" ? `role:${p.role}` : p.kind === "addressSet" ? `set:${p.name}` : p.kind === "cidr" ? p.cidr : "any";
}

function traffic(rule: BoundRule): string {
  return rule.ports.length > 0 ? `${rule.protocol} ${formatPorts(rule.ports)}` : String(rule.protocol);
}

/** Throws when a catalog rule has no realisation on a cloud: nothing may be silently dropped. */
export function assertCoverageComplete(input: CoverageInput): void {
  const problems = (Object.entries(input.clouds) as [Cloud, CloudRealisation][]).flatMap(([cloud, c]) =>
    coverageProblems(input.bound.policy, c.realisations, `${CLOUDS[cloud].displayName} (stack ${c.stack})`),
  );
  if (problems.length > 0) throw new SynthesisError(`environment "${input.environment}": ${problems.join("; ")}. ${COVERAGE_BUG}`);
}

export function buildCoverageReport(input: CoverageInput): CoverageReport {
  assertCoverageComplete(input);
  const clouds = (Object.keys(input.clouds) as Cloud[]).sort();
  const byCloud = new Map(clouds.map((c) => [c, new Map(input.clouds[c]!.realisations.map((r) => [r.ruleId, r]))]));
  const realisationOf = (cloud: Cloud, id: string) => byCloud.get(cloud)!.get(id)!;
  const rules = input.bound.rules.map((rule) => ({
    id: rule.id,
    description: rule.description,
    origin: rule.origin ?? null,
    target: rule.target,
    direction: rule.direction,
    action: rule.action,
    peer: peerText(rule.peer),
    protocol: rule.protocol,
    ports: rule.ports.length > 0 ? formatPorts(rule.ports) : null,
    clouds: Object.fromEntries(clouds.map((c) => {
      const r = realisationOf(c, rule.id);
      return [c, { how: r.how, resources: r.resources, note: r.note }];
    })),
  }));
  const findingJson = (f: Finding & { reason?: string }) => ({ check: f.check, severity: f.severity, subject: f.subject, message: f.message, ...(f.reason ? { reason: f.reason } : {}) });
  const json = {
    environment: input.environment,
    catalog: input.bound.policy.name,
    stacks: Object.fromEntries(clouds.map((c) => [c, input.clouds[c]!.stack])),
    rules,
    egressDefaults: input.bound.managedRoles.map((role) => ({
      role: role.id,
      default: role.egressDefault,
      clouds: Object.fromEntries(clouds.map((c) => {
        const e = input.clouds[c]!.egressDefaults?.find((x) => x.roleId === role.id);
        return [c, e ? { how: e.how, resources: e.resources, note: e.note } : null];
      })),
    })),
    ...(clouds.some((c) => input.clouds[c]!.ingressDefaults)
      ? {
          ingressDefaults: input.bound.managedRoles.map((role) => ({
            role: role.id,
            clouds: Object.fromEntries(clouds.map((c) => {
              const e = input.clouds[c]!.ingressDefaults?.find((x) => x.roleId === role.id);
              return [c, e ? { how: e.how, resources: e.resources, note: e.note } : { how: "default", resources: [], note: "the cloud's own default denies ingress that no rule matches" }];
            })),
          })),
        }
      : {}),
    lint: { errors: input.lint.errors.map(findingJson), warnings: input.lint.warnings.map(findingJson), waived: input.lint.waived.map(findingJson) },
    ...(input.bound.policy.invariants?.length ? { invariants: invariantsJson(input.bound) } : {}),
  };
  return { environment: input.environment, json, markdown: markdown(input, clouds, rules) };
}

function markdown(input: CoverageInput, clouds: Cloud[], rules: { id: string; clouds: Record<string, { how: string; resources: string[]; note: string }> }[]): string {
  const b = input.bound;
  const counts = clouds.map((c) => {
    const hows = new Map<string, number>();
    for (const r of rules) hows.set(r.clouds[c].how, (hows.get(r.clouds[c].how) ?? 0) + 1);
    return `${CLOUDS[c].displayName}: ${[...hows.entries()].map(([h, n]) => `${n} ${h}`).join(", ")}`;
  });
  const lines = [
    `# Coverage: environment \`${input.environment}\`, catalog \`${b.policy.name}\``,
    "",
    `${b.rules.length} catalog rules. ${counts.join(". ")}. Lint: ${input.lint.errors.length} errors, ${input.lint.warnings.length} warnings, ${input.lint.waived.length} waived.`,
    "",
    "## Who may reach whom",
    "",
    mermaid(b),
    "",
    "## Rules",
    "",
    `| # | rule | action | peer | traffic | ${clouds.map((c) => CLOUDS[c].displayName).join(" | ")} |`,
    `|---|---|---|---|---|${clouds.map(() => "---").join("|")}|`,
    ...b.rules.map((rule, i) => {
      const cells = clouds.map((c) => {
        const r = rules[i].clouds[c];
        return r.resources.length > 0 ? `${r.how}: ${r.resources.map((x) => `\`${x}\``).join("<br>")}` : `${r.how}: ${r.note}`;
      });
      return `| ${i + 1} | \`${rule.id}\`<br>${escapeCell(rule.description)} | ${rule.action} | \`${peerText(rule.peer)}\` | ${traffic(rule)} | ${cells.map(escapeCell).join(" | ")} |`;
    }),
    "",
    "## Egress defaults",
    "",
    ...b.managedRoles.map((role) => {
      const parts = clouds.map((c) => {
        const e = input.clouds[c]!.egressDefaults?.find((x) => x.roleId === role.id);
        return `${CLOUDS[c].displayName}: ${e ? `${e.how}${e.resources.length ? ` (${e.resources.map((x) => `\`${x}\``).join(", ")})` : ""}, ${e.note}` : "see the rules above"}`;
      });
      return `- \`${role.id}\`: ${role.egressDefault}. ${parts.join(". ")}.`;
    }),
    ...(clouds.some((c) => input.clouds[c]!.ingressDefaults)
      ? [
          "",
          "## Ingress defaults",
          "",
          ...b.managedRoles.map((role) => {
            const parts = clouds.map((c) => {
              const e = input.clouds[c]!.ingressDefaults?.find((x) => x.roleId === role.id);
              return `${CLOUDS[c].displayName}: ${e ? `${e.how} (${e.resources.map((x) => `\`${x}\``).join(", ")}), ${e.note}` : "default, the cloud's own default denies it"}`;
            });
            return `- \`${role.id}\`: deny. ${parts.join(". ")}.`;
          }),
        ]
      : []),
    ...invariantsMarkdown(b),
    "",
    "## Security lint",
    "",
    ...(input.lint.errors.length + input.lint.warnings.length + input.lint.waived.length === 0 ? ["No findings."] : []),
    ...input.lint.errors.map((f) => `- **error** \`${f.check}\` ${f.subject}: ${f.message}.`),
    ...input.lint.warnings.map((f) => `- warning \`${f.check}\` ${f.subject}: ${f.message}.`),
    ...input.lint.waived.map((f) => `- waived \`${f.check}\` ${f.subject}: ${f.message}. **Reason:** ${f.reason}`),
    "",
  ];
  return lines.join("\n");
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Mermaid flowchart: peers → target roles, one edge per (peer, target, action), labelled with the traffic. */
export function mermaid(b: BoundPolicy): string {
  const nodeId = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
  const nodes = new Map<string, string>();
  const edges = new Map<string, { from: string; to: string; action: string; labels: string[] }>();
  // A rule that matches no traffic in this environment draws no edge; the table says why.
  for (const rule of b.rules.filter((r) => !r.inapplicable)) {
    const p = rule.peer;
    const peerNode =
      p.kind === "role" ? nodeId("role", p.role) : p.kind === "addressSet" ? nodeId("set", p.name) : p.kind === "any" ? "any" : nodeId("cidr", p.cidr);
    const peerLabel =
      p.kind === "role" ? `role ${p.role}` : p.kind === "addressSet" ? `${p.name}: ${(b.addressSets[p.name] ?? []).join(", ")}` : p.kind === "any" ? (b.ipv6 ? "any (0.0.0.0/0, ::/0)" : "any (0.0.0.0/0)") : p.cidr;
    nodes.set(peerNode, peerLabel);
    const target = nodeId("role", rule.target);
    nodes.set(target, `role ${rule.target}`);
    const [from, to] = rule.direction === "ingress" ? [peerNode, target] : [target, peerNode];
    const key = `${from}|${to}|${rule.action}`;
    const edge = edges.get(key) ?? { from, to, action: rule.action, labels: [] };
    edge.labels.push(traffic(rule));
    edges.set(key, edge);
  }
  const quote = (s: string) => `"${s.replace(/"/g, "#quot;")}"`;
  return [
    "```mermaid",
    "flowchart LR",
    ...[...nodes.entries()].map(([id, label]) => `  ${id}[${quote(label)}]`),
    ...[...edges.values()].map((e) => (e.action === "allow" ? `  ${e.from} -->|${quote(e.labels.join(" / "))}| ${e.to}` : `  ${e.from} -.->|${quote(`deny ${e.labels.join(" / ")}`)}| ${e.to}`)),
    "```",
  ].join("\n");
}

export function writeReports(outdir: string, reports: readonly CoverageReport[]): void {
  mkdirSync(reportsDir(outdir), { recursive: true });
  for (const r of reports) {
    writeFileSync(reportPath(outdir, r.environment, "json"), JSON.stringify(r.json, null, 2) + "\n");
    writeFileSync(reportPath(outdir, r.environment, "md"), r.markdown);
  }
}
