/**
 * The sections of the Markdown and HTML reports, in page order. Each section is
 * a function of the JSON report (and the diagram) that returns blocks; a block
 * is a heading, a paragraph, a list, a table or the diagram, written by
 * markdown() or html() below. Add a section: a field in the JSON, a function
 * here, a line in SECTIONS.
 */
import { CLOUDS, isCloudId } from "../../modules/clouds";
import type { CoverageJson, RuleJson } from "./coverage";
import { Diagram, diagramSvg, mermaidSource } from "./diagram";

/** Inline text: plain strings, `code`, strong text and line breaks. */
export type Inline = string | { readonly code: string } | { readonly strong: string } | { readonly br: true };
export type Text = readonly Inline[];

export type Block =
  | { readonly kind: "heading"; readonly level: 1 | 2 | 3; readonly text: Text; readonly id?: string }
  | { readonly kind: "paragraph"; readonly text: Text }
  | { readonly kind: "list"; readonly items: readonly Text[] }
  | { readonly kind: "table"; readonly id: string; readonly headers: readonly string[]; readonly rows: readonly (readonly Text[])[] }
  | { readonly kind: "diagram" }
  | { readonly kind: "tierDiagram" };

export type Section = (report: CoverageJson) => Block[];

const code = (s: string): Inline => ({ code: s });
const br: Inline = { br: true };
const strong = (s: string): Inline => ({ strong: s });
const joinCodes = (items: readonly string[]): Inline[] => items.flatMap((x, i) => (i === 0 ? [code(x)] : [br, code(x)]));
const cloudName = (c: string) => (isCloudId(c) ? CLOUDS[c].displayName : c);
const cloudsOf = (r: CoverageJson) => Object.keys(r.stacks);
const heading = (level: 1 | 2 | 3, text: Text, id?: string): Block => ({ kind: "heading", level, text, ...(id ? { id } : {}) });
const paragraph = (...text: Inline[]): Block => ({ kind: "paragraph", text });

export const titleSection: Section = (r) => {
  const counts = cloudsOf(r).map((c) => {
    const hows = new Map<string, number>();
    for (const rule of r.rules) hows.set(rule.clouds[c].how, (hows.get(rule.clouds[c].how) ?? 0) + 1);
    return `${cloudName(c)}: ${[...hows.entries()].map(([h, n]) => `${n} ${h}`).join(", ")}`;
  });
  return [
    heading(1, ["Coverage: environment ", code(r.environment), ", catalog ", code(r.catalog)]),
    paragraph(`${r.rules.length} catalog rules. ${counts.join(". ")}. Lint: ${r.lint.errors.length} errors, ${r.lint.warnings.length} warnings, ${r.lint.waived.length} waived.`),
  ];
};

export const exposureSection: Section = (r) => {
  const e = r.exposure;
  const clouds = cloudsOf(r);
  const inside = e.outside.insideNetworks;
  const blocks: Block[] = [
    heading(2, ["Exposure"], "exposure"),
    paragraph(
      e.outside.definition,
      " This environment's networks: ",
      ...(inside.length === 0 ? ["none (everything but the managed roles' members is outside)"] : inside.flatMap((n, i): Inline[] => [...(i > 0 ? [", "] : []), code(n.cidr), ` (${n.boundAs})`])),
      ...(e.outside.worldWideBindings.length > 0
        ? [". Not counted, as wide as the Internet: ", ...e.outside.worldWideBindings.flatMap((n, i): Inline[] => [...(i > 0 ? [", "] : []), code(n.cidr), ` (${n.boundAs})`])]
        : []),
      ".",
    ),
    heading(3, ["Reachable from outside the environment's networks"], "exposure-outside"),
  ];
  const platformReach = Object.values(e.outside.onClouds ?? {}).some((items) => items.length > 0);
  if (e.outside.items.length === 0)
    blocks.push(
      paragraph(
        platformReach
          ? "Nothing in the catalog's own reading, where a platform peer names no address; but see below what the load balancer's addresses reach on each cloud."
          : "Nothing: no port of any role is reachable from outside the environment's networks.",
      ),
    );
  else {
    blocks.push({
      kind: "table",
      id: "exposure-outside-table",
      headers: ["role", "protocol and ports", "from outside", "rule", ...clouds.map(cloudName)],
      rows: e.outside.items.map((i) => [
        [code(i.role)],
        [i.traffic],
        [
          ...joinCodes(i.from),
          ...(i.except.length > 0 ? [br, "except ", ...i.except.flatMap((x, j): Inline[] => [...(j > 0 ? [", "] : []), code(x)])] : []),
          ...(i.deployTime ? [br, "(known only at deploy time: counted as outside)"] : []),
        ],
        [code(i.rule)],
        ...clouds.map((c) => (i.clouds[c].resources.length > 0 ? joinCodes(i.clouds[c].resources) : ["no resource of its own (see the rules table)"])),
      ]),
    });
  }
  for (const [cloud, items] of Object.entries(e.outside.onClouds ?? {})) {
    blocks.push(
      paragraph(
        strong(`On ${cloudName(cloud)}`),
        ", a platform peer (",
        code("platform:load-balancer"),
        ") is addresses outside the environment's networks, which the table above does not count (in the catalog such a peer names no address). Reachable from them through the rules that name it, earlier rules cut as everywhere:",
      ),
    );
    if (items.length === 0) blocks.push(paragraph("Nothing from outside: these addresses are the environment's own, or earlier rules cut every port these rules would open."));
    else
      blocks.push({
        kind: "table",
        id: `exposure-outside-${cloud}-table`,
        headers: ["role", "protocol and ports", "from outside", "rule", cloudName(cloud)],
        rows: items.map((i) => [
          [code(i.role)],
          [i.traffic],
          [...joinCodes(i.from), ...(i.except.length > 0 ? [br, "except ", ...i.except.flatMap((x, j): Inline[] => [...(j > 0 ? [", "] : []), code(x)])] : [])],
          [code(i.rule)],
          i.clouds[cloud].resources.length > 0 ? joinCodes(i.clouds[cloud].resources) : ["no resource of its own (see the rules table)"],
        ]),
      });
  }
  blocks.push(
    heading(3, ["Administration ports"], "exposure-administration"),
    paragraph(
      "The lint's administration ports (22, 3389 and the catalog's adminPorts): ",
      ...e.administration.ports.flatMap((p, i): Inline[] => [...(i > 0 ? [", "] : []), code(String(p))]),
      ". Who reaches each, on every managed role:",
    ),
    {
      kind: "table",
      id: "exposure-administration-table",
      headers: ["role", "port", "reached by", "protocol", "rule", "from outside"],
      rows: e.administration.items.flatMap((i) =>
        i.reachedBy.length === 0
          ? [[[code(i.role)], [String(i.port)], ["nobody"], [""], [""], ["no"]]]
          : i.reachedBy.map((x) => [[code(i.role)], [String(i.port)], joinCodes(x.from), [x.protocol], [code(x.rule), ` (peer ${x.peer})`], [x.outside ? strong("yes") : "no"]]),
      ),
    },
  );
  for (const [cloud, items] of Object.entries(e.administration.onClouds ?? {})) {
    if (items.length === 0) continue;
    blocks.push(
      paragraph(strong(`On ${cloudName(cloud)}`), ", the load balancer's addresses (", code("platform:load-balancer"), ") reach administration ports too, which the table above does not count:"),
      {
        kind: "table",
        id: `exposure-administration-${cloud}-table`,
        headers: ["role", "port", "reached by", "protocol", "rule", "from outside"],
        rows: items.flatMap((i) =>
          i.reachedBy.map((x) => [[code(i.role)], [String(i.port)], joinCodes(x.from), [x.protocol], [code(x.rule), ` (peer ${x.peer})`], [x.outside ? strong("yes") : "no"]]),
        ),
      },
    );
  }
  blocks.push(heading(3, ["Waivers"], "exposure-waivers"));
  if (e.waivers.length === 0) blocks.push(paragraph("None: the catalog waives no lint finding."));
  else {
    blocks.push({
      kind: "table",
      id: "exposure-waivers-table",
      headers: ["check", "waived for", "reason", "expires", "finding"],
      rows: e.waivers.map((w) => [[code(w.check)], [w.subject], [w.reason], [w.expires ?? "no expiry given"], [w.finding]]),
    });
  }
  blocks.push(heading(3, ["Disagreements between clouds"], "exposure-disagreements"));
  const d = e.disagreements;
  const unprobed: Inline[] =
    d.unprobedRoles.length > 0
      ? [" Not probed, because their rules name networks known only at deploy time: ", ...d.unprobedRoles.flatMap((x, i): Inline[] => [...(i > 0 ? [", "] : []), code(x)]), "."]
      : [];
  if (!d.checked) blocks.push(paragraph(strong("Not checked:"), ` the report was built without the clouds' synthesized Terraform (${d.probes} flows would have been probed).`, ...unprobed));
  else if (d.items.length === 0) {
    blocks.push(
      paragraph(
        `None. Each cloud's synthesized Terraform (${clouds.map(cloudName).join(", ")}) decides as the catalog does on all ${d.probes} flows probed at the edges of this section (every outside range at the first and last port of each decision, every administration port from each peer that reaches it and from outside). `,
        code("npm run verify"),
        " checks every flow systematically.",
        ...unprobed,
      ),
    );
  } else {
    blocks.push(
      paragraph(
        strong(`${d.items.length} disagreement(s)`),
        ` among ${d.probes} flows probed: the clouds must decide as the catalog does. This is a bug in the cloud module; run `,
        code("npm run verify"),
        ".",
        ...unprobed,
      ),
      {
        kind: "table",
        id: "exposure-disagreements-table",
        headers: ["cloud", "role", "from", "protocol and port", "catalog", "cloud", "resources"],
        rows: d.items.map((x) => [
          [x.cloud, " (", code(x.stack), ")"],
          [code(x.role)],
          [code(x.from)],
          [`${x.protocol}${x.port !== null ? ` ${x.port}` : ""}`],
          [x.catalog],
          [x.decision, ...(x.uncertain ? [br, x.uncertain] : [])],
          joinCodes(x.resources),
        ]),
      },
    );
  }
  return blocks;
};

export const diagramSection: Section = () => [
  heading(2, ["Who may reach whom"], "diagram"),
  paragraph("Solid edges allow, dashed edges deny; each role's egress default is an edge to ", code("any"), "."),
  { kind: "diagram" },
];

export const tiersSection: Section = (r) => {
  const t = r.tiers;
  const blocks: Block[] = [
    heading(2, ["Tiers and the flows between them"], "tiers"),
    paragraph(
      "Tiers (the catalog's roles): ",
      ...t.roles.flatMap((id, i): Inline[] => [...(i > 0 ? [", "] : []), code(id)]),
      ". Each flow between two tiers is a rule whose peer is a role; the edges name their rules, and the table gives each rule's origin.",
    ),
  ];
  if (t.flows.length === 0) return [...blocks, paragraph("No rule names a role as its peer: there is no flow between tiers.")];
  return [
    ...blocks,
    { kind: "tierDiagram" },
    {
      kind: "table",
      id: "tiers-table",
      headers: ["from", "to", "action", "traffic", "rule (written on)", "origin"],
      rows: t.flows.map((f) => [
        [code(f.from)],
        [code(f.to)],
        [f.action],
        [f.traffic],
        [code(f.rule), f.side === "ingress" ? ` (ingress of ${f.to})` : ` (egress of ${f.from})`],
        [f.origin ?? "not given"],
      ]),
    },
  ];
};

export const sourceNotesSection: Section = (r) => {
  const noted = r.rules.filter((rule) => rule.note);
  return [
    heading(2, ["Where the sources disagree"], "source-notes"),
    noted.length === 0
      ? paragraph("No rule notes a disagreement between its sources.")
      : {
          kind: "list",
          items: noted.map((rule): Text => [code(rule.id), ` (${rule.origin ?? "origin not given"}): ${rule.note}`]),
        },
  ];
};

function realisationCell(rule: RuleJson, cloud: string): Text {
  const r = rule.clouds[cloud];
  if (r.resources.length === 0) return [`${r.how}: ${r.note}`];
  if (r.how === "narrowed") return [`narrowed (${r.note}):`, br, ...joinCodes(r.resources)];
  if (r.sharedWith > 0) return ["merged into ", ...joinCodes(r.resources), ` (with ${r.sharedWith} other rule${r.sharedWith === 1 ? "" : "s"})`];
  return joinCodes(r.resources);
}

export const rulesSection: Section = (r) => {
  const clouds = cloudsOf(r);
  return [
    heading(2, ["Rules"], "rules"),
    paragraph("One row per catalog rule, in precedence order (the first rule that matches decides), with how each cloud realises it."),
    {
      kind: "table",
      id: "rules-table",
      headers: ["#", "rule", "target and direction", `peer (resolved for ${r.environment})`, "protocol and ports", "action", "origin", ...clouds.map((c) => `${cloudName(c)} realisation`)],
      rows: r.rules.map((rule, i) => [
        [String(i + 1)],
        [code(rule.id), ...(rule.flow ? [` (${rule.flow.side} side of flow `, code(rule.flow.id), ")"] : []), br, rule.description],
        [rule.direction === "ingress" ? "ingress to " : "egress from ", code(rule.target)],
        [
          code(rule.peer),
          ...(rule.peerResolved.length === 1 && rule.peerResolved[0] === rule.peer
            ? []
            : [" = ", ...rule.peerResolved.flatMap((p, j): Inline[] => [...(j > 0 ? [", "] : []), p.startsWith("role:") ? "its members" : p])]),
          ...(rule.inapplicable ? [br, `(${rule.inapplicable})`] : []),
        ],
        [rule.traffic, ...(rule.services ?? []).flatMap((s): Inline[] => [br, code(`service:${s.id}`), ` = ${s.ports}`])],
        [rule.action],
        [rule.origin ?? "not given"],
        ...clouds.map((c) => realisationCell(rule, c)),
      ]),
    },
  ];
};

const defaultCell = (x: { how: string; resources: string[]; note: string } | null): Text =>
  x ? [`${x.how}`, ...(x.resources.length > 0 ? [" (", ...x.resources.flatMap((res, i): Inline[] => [...(i > 0 ? [", "] : []), code(res)]), ")"] : []), `, ${x.note}`] : ["see the rules above"];

export const egressDefaultsSection: Section = (r) => [
  heading(2, ["Egress defaults"], "egress-defaults"),
  {
    kind: "list",
    items: r.egressDefaults.map((e) => [
      code(e.role),
      `: ${e.default}. `,
      ...cloudsOf(r).flatMap((c, i): Inline[] => [...(i > 0 ? [". "] : []), `${cloudName(c)}: `, ...defaultCell(e.clouds[c])]),
      ".",
    ]),
  },
];

export const ingressDefaultsSection: Section = (r) =>
  r.ingressDefaults
    ? [
        heading(2, ["Ingress defaults"], "ingress-defaults"),
        {
          kind: "list",
          items: r.ingressDefaults.map((e) => [
            code(e.role),
            ": deny. ",
            ...cloudsOf(r).flatMap((c, i): Inline[] => [...(i > 0 ? [". "] : []), `${cloudName(c)}: `, ...defaultCell(e.clouds[c])]),
            ".",
          ]),
        },
      ]
    : [];

export const lintSection: Section = (r) => {
  const l = r.lint;
  const items: Text[] = [
    ...l.errors.map((f): Text => [strong("error"), " ", code(f.check), ` ${f.subject}: ${f.message}.`]),
    ...l.warnings.map((f): Text => [`warning `, code(f.check), ` ${f.subject}: ${f.message}.`]),
    ...l.waived.map((f): Text => [`waived `, code(f.check), ` ${f.subject}: ${f.message}. `, strong("Reason:"), ` ${f.reason}`, ...(f.expires ? [` (expires ${f.expires})`] : [])]),
  ];
  return [heading(2, ["Security lint"], "lint"), items.length === 0 ? paragraph("No findings.") : { kind: "list", items }];
};

export const invariantsSection: Section = (r) =>
  r.invariants
    ? [
        heading(2, ["Invariants"], "invariants"),
        paragraph("Checked on every cloud's rendering at synthesis (it refuses a rendering that breaks one): all hold."),
        { kind: "list", items: r.invariants.map((inv): Text => [code(inv.id), `: ${inv.property}. ${inv.description}.`]) },
      ]
    : [];

/** Where a cloud places roles in several networks: each network, each role's, and the role peers written as a network's CIDRs (wider than the role). */
export const networksSection: Section = (r) =>
  r.networks
    ? [
        heading(2, ["Networks"], "networks"),
        paragraph(
          "Where a cloud places roles in several networks, a rule whose peer is a role of another network that the cloud cannot name from there (AWS: VPCs not peered; GCP: network tags; Azure: application security groups) names that network's CIDRs instead: every machine of the network, not only the role's. Each such widened peer is listed; verify holds the cloud to the policy as placed.",
        ),
        ...Object.entries(r.networks).flatMap(([cloud, n]): Block[] => [
          heading(3, [isCloudId(cloud) ? CLOUDS[cloud].displayName : cloud], `networks-${cloud}`),
          {
            kind: "table",
            id: `networks-${cloud}-table`,
            headers: ["network", "id", "CIDRs", "roles"],
            rows: Object.entries(n.networks).map(([name, net]) => [
              [code(name)],
              [net.id],
              [net.cidrs.join(", ") || "(none)"],
              [
                Object.keys(n.placement)
                  .filter((role) => n.placement[role] === name)
                  .join(", ") || "(none)",
              ],
            ]),
          },
          n.widened.length === 0
            ? paragraph("No widened peer: every role peer is named as the role.")
            : {
                kind: "list",
                items: n.widened.map((w): Text => [strong("widened"), " rule ", code(w.rule), `: role ${w.role} is named as network ${w.network}'s ${w.cidrs.join(", ")}, since ${w.reason}.`]),
              },
        ]),
      ]
    : [];

/** Page order. */
export const SECTIONS: readonly Section[] = [
  titleSection,
  exposureSection,
  diagramSection,
  tiersSection,
  rulesSection,
  sourceNotesSection,
  egressDefaultsSection,
  ingressDefaultsSection,
  networksSection,
  invariantsSection,
  lintSection,
];

// ---------------------------------------------------------------------------
// Markdown

const mdEscape = (x: string, inCell: boolean): string => {
  const text = x.replace(/\r?\n/g, " ").replace(/<(?=[A-Za-z/!?])/g, "&lt;");
  return inCell ? text.replace(/\|/g, "\\|") : text;
};

const mdText = (t: Text, inCell = false): string =>
  t
    .map((x) => {
      // A line break in a catalog's text would end a table row or a list item; a tag or an
      // HTML comment (<!--) would be rendered, or hide the rest of the text, where Markdown is shown.
      // Most text needs none of this: one test first (a 5,000-rule report has hundreds of thousands of cells).
      if (typeof x === "string") return /[\n<|]/.test(x) ? mdEscape(x, inCell) : x;
      if ("code" in x) return `\`${x.code.replace(/`/g, "'")}\``;
      if ("strong" in x) return `**${x.strong}**`;
      return inCell ? "<br>" : "  \n";
    })
    .join("");

function markdownBlock(b: Block, diagram: Diagram, tiers: Diagram): string[] {
  switch (b.kind) {
    case "heading":
      return [`${"#".repeat(b.level)} ${mdText(b.text)}`, ""];
    case "paragraph":
      return [mdText(b.text), ""];
    case "list":
      return [...b.items.map((i) => `- ${mdText(i)}`), ""];
    case "table":
      return [`| ${b.headers.join(" | ")} |`, `|${b.headers.map(() => "---").join("|")}|`, ...b.rows.map((row) => `| ${row.map((c) => mdText(c, true)).join(" | ")} |`), ""];
    case "diagram":
      return ["```mermaid", mermaidSource(diagram), "```", ""];
    case "tierDiagram":
      return ["```mermaid", mermaidSource(tiers), "```", ""];
  }
}

/** The report's blocks, shared by its Markdown and HTML forms (at 5,000 rules building them is a second). */
export function reportBlocks(report: CoverageJson): readonly Block[] {
  return SECTIONS.flatMap((s) => s(report));
}

export function markdownReport(report: CoverageJson, diagram: Diagram, blocks: readonly Block[] = reportBlocks(report)): string {
  const lines = blocks.flatMap((b) => markdownBlock(b, diagram, report.tiers.diagram));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------
// HTML: one page, no script, styles inline, the diagram an SVG drawn at synthesis.

// Most cells need no escape: one test instead of four replacements (a 5,000-rule report has hundreds of thousands of cells).
const escapeHtml = (s: string) => (/[&<>"]/.test(s) ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;") : s);

const htmlText = (t: Text): string =>
  t
    .map((x) => {
      if (typeof x === "string") return escapeHtml(x);
      if ("code" in x) return `<code>${escapeHtml(x.code)}</code>`;
      if ("strong" in x) return `<strong>${escapeHtml(x.strong)}</strong>`;
      return "<br>";
    })
    .join("");

function htmlBlock(b: Block, diagram: Diagram, tiers: Diagram): string {
  switch (b.kind) {
    case "heading":
      return `<h${b.level}${b.id ? ` id="${b.id}"` : ""}>${htmlText(b.text)}</h${b.level}>`;
    case "paragraph":
      return `<p>${htmlText(b.text)}</p>`;
    case "list":
      return `<ul>\n${b.items.map((i) => `<li>${htmlText(i)}</li>`).join("\n")}\n</ul>`;
    case "table":
      return [
        `<table id="${b.id}">`,
        `<thead><tr>${b.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
        "<tbody>",
        ...b.rows.map((row) => `<tr>${row.map((c) => `<td>${htmlText(c)}</td>`).join("")}</tr>`),
        "</tbody>",
        "</table>",
      ].join("\n");
    case "diagram":
      return `<figure class="diagram">\n${diagramSvg(diagram)}\n</figure>`;
    case "tierDiagram":
      return `<figure class="tiers">\n${diagramSvg(tiers, { cls: "tiers", title: "Tiers and the flows between them" })}\n</figure>`;
  }
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1f24; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #c9ced6; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
code { font-size: 0.92em; background: #f3f4f6; padding: 0 0.2em; word-break: break-all; }
figure.diagram { overflow-x: auto; margin: 0; }
svg.diagram .node rect { fill: #eef4ff; stroke: #3a6fb0; }
svg.diagram .node.any rect { fill: #fff0f0; stroke: #b03a3a; }
svg.diagram .node.set rect, svg.diagram .node.cidr rect { fill: #f1f8ef; stroke: #4a8a3a; }
svg.diagram .node.target rect { fill: #dde9ff; stroke-width: 2; }
svg.diagram .label rect { fill: #ffffff; stroke: #8a94a3; }
svg.diagram .label.deny rect { stroke: #b03a3a; }
svg.diagram path.edge { fill: none; stroke: #39424e; stroke-width: 1.3; }
svg.diagram path.edge.deny { stroke: #b03a3a; stroke-dasharray: 5 4; }
svg.diagram path.edge.default { stroke-dasharray: 2 3; }
svg.diagram marker path { fill: #39424e; }
figure.tiers { overflow-x: auto; margin: 0; }
svg.tiers .node rect { fill: #dde9ff; stroke: #3a6fb0; stroke-width: 2; }
svg.tiers .label rect { fill: #ffffff; stroke: #8a94a3; }
svg.tiers .label.deny rect { stroke: #b03a3a; }
svg.tiers path.edge { fill: none; stroke: #39424e; stroke-width: 1.3; }
svg.tiers path.edge.deny { stroke: #b03a3a; stroke-dasharray: 5 4; }
svg.tiers marker path { fill: #39424e; }
`.trim();

export function htmlReport(report: CoverageJson, diagram: Diagram, blocks: readonly Block[] = reportBlocks(report)): string {
  const body = blocks.map((b) => htmlBlock(b, diagram, report.tiers.diagram));
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    // Nothing may load from anywhere: no scripts at all, styles and the diagram inline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>Coverage: ${escapeHtml(report.environment)} (${escapeHtml(report.catalog)})</title>`,
    `<style>\n${STYLE}\n</style>`,
    "</head>",
    "<body>",
    ...body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
