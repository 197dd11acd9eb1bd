/**
 * The "who may reach whom" diagram: one graph, drawn twice. Mermaid source for
 * the Markdown report, and an SVG laid out here, at synthesis, for the HTML
 * report (no rendering in the page). Edges are grouped per (from, to, action);
 * each role's egress default is an edge to the `any` node.
 */
import { BoundPolicy } from "../../policy";
import { Traffic, trafficLabel } from "./traffic";

export interface DiagramNode {
  /** Mermaid id: `role_<id>`, `set_<id>`, `cidr_<network>`, or `any`. */
  readonly id: string;
  readonly kind: "role" | "set" | "cidr" | "any";
  readonly label: string;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly action: "allow" | "deny";
  /** Which side of the target role the peer is on. */
  readonly direction: "ingress" | "egress";
  /** Traffic grouped by protocol, ports sorted and merged; for an egress default, what it covers. */
  readonly label: string;
  /** The role's egress default (traffic no egress rule matches), not a catalog rule. */
  readonly egressDefault: boolean;
}

export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

export const EGRESS_DEFAULT_LABEL = "egress default (all traffic no egress rule matches)";

const nodeId = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;

export function buildDiagram(b: BoundPolicy): Diagram {
  const nodes = new Map<string, DiagramNode>();
  const edges = new Map<string, { from: string; to: string; action: "allow" | "deny"; direction: "ingress" | "egress"; traffic: Traffic[] }>();
  const anyNode: DiagramNode = { id: "any", kind: "any", label: b.ipv6 ? "any (0.0.0.0/0, ::/0)" : "any (0.0.0.0/0)" };
  const roleNode = (role: string): DiagramNode => {
    const binding = b.roleBindings[role];
    return { id: nodeId("role", role), kind: "role", label: binding?.kind === "addresses" ? `role ${role}: ${binding.cidrs.join(", ")}` : `role ${role}` };
  };
  // A rule that matches no traffic in this environment draws no edge; the table says why.
  for (const rule of b.rules.filter((r) => !r.inapplicable)) {
    const p = rule.peer;
    const peer: DiagramNode =
      p.kind === "role"
        ? roleNode(p.role)
        : p.kind === "addressSet"
          ? { id: nodeId("set", p.name), kind: "set", label: `${p.name}: ${(b.addressSets[p.name] ?? []).join(", ")}` }
          : p.kind === "any"
            ? anyNode
            : p.kind === "platform"
              ? { id: nodeId("platform", p.service), kind: "set", label: `platform:${p.service} (each cloud's own)` }
              : { id: nodeId("cidr", p.cidr), kind: "cidr", label: p.cidr };
    nodes.set(peer.id, peer);
    const target = roleNode(rule.target);
    nodes.set(target.id, target);
    const [from, to] = rule.direction === "ingress" ? [peer.id, target.id] : [target.id, peer.id];
    const key = `${from}|${to}|${rule.action}|${rule.direction}`;
    const edge = edges.get(key) ?? { from, to, action: rule.action, direction: rule.direction, traffic: [] };
    edge.traffic.push({ protocol: rule.protocol, ports: rule.ports });
    edges.set(key, edge);
  }
  const ruleEdges: DiagramEdge[] = [...edges.values()].map((e) => ({ from: e.from, to: e.to, action: e.action, direction: e.direction, label: trafficLabel(e.traffic), egressDefault: false }));
  const defaults: DiagramEdge[] = b.managedRoles.map((role) => {
    nodes.set(roleNode(role.id).id, roleNode(role.id));
    nodes.set(anyNode.id, anyNode);
    return { from: roleNode(role.id).id, to: anyNode.id, action: role.egressDefault, direction: "egress", label: EGRESS_DEFAULT_LABEL, egressDefault: true };
  });
  return { nodes: [...nodes.values()], edges: [...ruleEdges, ...defaults] };
}

/** Mermaid flowchart source (without the code fence): solid edges allow, dashed edges deny. */
export function mermaidSource(d: Diagram): string {
  const quote = (s: string) => `"${s.replace(/"/g, "#quot;")}"`;
  return [
    "flowchart LR",
    ...d.nodes.map((n) => `  ${n.id}[${quote(n.label)}]`),
    ...d.edges.map((e) => (e.action === "allow" ? `  ${e.from} -->|${quote(e.label)}| ${e.to}` : `  ${e.from} -.->|${quote(`deny ${e.label}`)}| ${e.to}`)),
  ].join("\n");
}

/** The Markdown form: a fenced Mermaid block. */
export function mermaid(b: BoundPolicy): string {
  return ["```mermaid", mermaidSource(buildDiagram(b)), "```"].join("\n");
}

// ---------------------------------------------------------------------------
// SVG: three columns. Left, the peers that reach a role (ingress); middle, the
// roles; right, the peers roles reach (egress, and the egress defaults). A
// peer on both sides is drawn on both. Each edge's label sits in a lane beside
// its role, stacked, so that labels never overlap; peers are ordered by where
// their edges land (barycentre), which keeps crossings few. Deterministic.

const CHAR = 7.2;
const LINE = 16;
const PAD = 6;
const GAP = 10;
const COLUMN_GAP = 48;
const MARGIN = 20;
const WRAP = 56;

/** Splits a label at "; " and, past WRAP characters, at ", ". */
function wrap(text: string, width = WRAP): string[] {
  const lines: string[] = [];
  for (const group of text.split("; ")) {
    let line = "";
    for (const part of group.split(", ")) {
      const next = line === "" ? part : `${line}, ${part}`;
      if (next.length > width && line !== "") {
        lines.push(`${line},`);
        line = part;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

const escapeXml = (s: string) => (/[&<>"]/.test(s) ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;") : s);
const n1 = (x: number) => (Math.round(x * 10) / 10).toString();

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
}

function boxOf(lines: string[]): Box {
  return { x: 0, y: 0, w: Math.max(...lines.map((l) => l.length)) * CHAR + 2 * PAD, h: lines.length * LINE + 2 * PAD - 4, lines };
}

/** How an SVG is named on the page: its class (the page's styles and checks select by it) and its accessible name. */
export interface SvgOptions {
  readonly cls: string;
  readonly title: string;
}

export function diagramSvg(d: Diagram, options: SvgOptions = { cls: "diagram", title: "Who may reach whom" }): string {
  // Marker ids are the page's: a second SVG on the page needs its own.
  const arrowId = options.cls === "diagram" ? "arrow" : `${options.cls}-arrow`;
  const label = new Map(d.nodes.map((n) => [n.id, n]));
  const targets = new Set(d.edges.map((e) => (e.direction === "ingress" ? e.to : e.from)));
  const roles = d.nodes.filter((n) => targets.has(n.id));
  const sideNodes = (side: "ingress" | "egress") => {
    const ids: string[] = [];
    for (const e of d.edges) if (e.direction === side) ids.push(side === "ingress" ? e.from : e.to);
    return [...new Set(ids)];
  };
  const left = sideNodes("ingress");
  const right = sideNodes("egress");
  const leftBoxes = new Map(left.map((id) => [id, boxOf(wrap(label.get(id)!.label, 40))]));
  const rightBoxes = new Map(right.map((id) => [id, boxOf(wrap(label.get(id)!.label, 40))]));
  const roleBoxes = new Map(roles.map((n) => [n.id, boxOf(wrap(n.label, 40))]));
  const edgeBoxes = d.edges.map((e) => boxOf(wrap(e.action === "deny" ? `deny ${e.label}` : e.label)));
  const widest = (boxes: Iterable<Box>) => Math.max(0, ...[...boxes].map((b) => b.w));
  const leftW = widest(leftBoxes.values());
  const inW = widest(d.edges.flatMap((e, i) => (e.direction === "ingress" ? [edgeBoxes[i]] : [])));
  const midW = widest(roleBoxes.values());
  const outW = widest(d.edges.flatMap((e, i) => (e.direction === "egress" ? [edgeBoxes[i]] : [])));
  const rightW = widest(rightBoxes.values());
  const xLeft = MARGIN;
  const xIn = xLeft + leftW + COLUMN_GAP;
  const xMid = xIn + inW + COLUMN_GAP;
  const xOut = xMid + midW + COLUMN_GAP;
  const xRight = xOut + outW + COLUMN_GAP;

  // Roles top to bottom, each as tall as its stack of labels on either side.
  const edgesOf = new Map<string, number[]>();
  d.edges.forEach((e, i) => {
    const key = `${e.direction}|${e.direction === "ingress" ? e.to : e.from}`;
    const list = edgesOf.get(key);
    if (list) list.push(i);
    else edgesOf.set(key, [i]);
  });
  let y = MARGIN;
  for (const role of roles) {
    const box = roleBoxes.get(role.id)!;
    const stack = (side: "ingress" | "egress") => {
      let at = y;
      (edgesOf.get(`${side}|${role.id}`) ?? []).forEach((i) => {
        const b = edgeBoxes[i];
        b.x = side === "ingress" ? xIn + inW - b.w : xOut;
        b.y = at;
        at += b.h + GAP;
      });
      return at - y - GAP;
    };
    const height = Math.max(box.h, stack("ingress"), stack("egress"));
    box.x = xMid;
    box.w = midW;
    box.y = y + (height - box.h) / 2;
    y += height + 3 * GAP;
  }
  // Peers in the order of where their edges land, pushed down so none overlap.
  const place = (ids: string[], boxes: Map<string, Box>, x: number, w: number, side: "ingress" | "egress") => {
    const sums = new Map<string, { sum: number; n: number }>();
    d.edges.forEach((e, i) => {
      if (e.direction !== side) return;
      const id = side === "ingress" ? e.from : e.to;
      const s = sums.get(id) ?? { sum: 0, n: 0 };
      s.sum += edgeBoxes[i].y + edgeBoxes[i].h / 2;
      s.n++;
      sums.set(id, s);
    });
    const centres = new Map(ids.map((id) => [id, sums.get(id)!.sum / sums.get(id)!.n]));
    const centre = (id: string) => centres.get(id)!;
    const order = [...ids].sort((a, b) => centre(a) - centre(b) || (a < b ? -1 : a > b ? 1 : 0));
    let floor = MARGIN;
    for (const id of order) {
      const b = boxes.get(id)!;
      b.x = x;
      b.w = w;
      b.y = Math.max(floor, centre(id) - b.h / 2);
      floor = b.y + b.h + GAP;
    }
    return floor;
  };
  const bottom = Math.max(y - 3 * GAP, place(left, leftBoxes, xLeft, leftW, "ingress") - GAP, place(right, rightBoxes, xRight, rightW, "egress") - GAP);
  const width = (right.length > 0 ? xRight + rightW : xMid + midW) + MARGIN;
  const height = bottom + MARGIN;

  const text = (b: Box, anchor: "start" | "middle") =>
    b.lines.map((l, i) => `<text x="${n1(anchor === "middle" ? b.x + b.w / 2 : b.x + PAD)}" y="${n1(b.y + PAD + 8 + i * LINE)}" text-anchor="${anchor}">${escapeXml(l)}</text>`).join("");
  const node = (b: Box, kind: string) => `<g class="node ${kind}"><rect x="${n1(b.x)}" y="${n1(b.y)}" width="${n1(b.w)}" height="${n1(b.h)}" rx="4"/>${text(b, "middle")}</g>`;
  const curve = (x1: number, y1: number, x2: number, y2: number, cls: string, arrow: boolean) => {
    const mx = (x1 + x2) / 2;
    return `<path class="${cls}" d="M${n1(x1)},${n1(y1)} C${n1(mx)},${n1(y1)} ${n1(mx)},${n1(y2)} ${n1(x2)},${n1(y2)}"${arrow ? ` marker-end="url(#${arrowId})"` : ""}/>`;
  };
  const parts: string[] = [];
  d.edges.forEach((e, i) => {
    const b = edgeBoxes[i];
    const cls = `edge ${e.action}${e.egressDefault ? " default" : ""}`;
    const cy = b.y + b.h / 2;
    if (e.direction === "ingress") {
      const from = leftBoxes.get(e.from)!;
      const to = roleBoxes.get(e.to)!;
      parts.push(curve(from.x + from.w, from.y + from.h / 2, b.x, cy, cls, false), curve(b.x + b.w, cy, to.x, to.y + to.h / 2, cls, true));
    } else {
      const from = roleBoxes.get(e.from)!;
      const to = rightBoxes.get(e.to)!;
      parts.push(curve(from.x + from.w, from.y + from.h / 2, b.x, cy, cls, false), curve(b.x + b.w, cy, to.x, to.y + to.h / 2, cls, true));
    }
    parts.push(`<g class="label ${e.action}${e.egressDefault ? " default" : ""}"><rect x="${n1(b.x)}" y="${n1(b.y)}" width="${n1(b.w)}" height="${n1(b.h)}" rx="2"/>${text(b, "start")}</g>`);
  });
  for (const [id, b] of leftBoxes) parts.push(node(b, label.get(id)!.kind));
  for (const [id, b] of roleBoxes) parts.push(node(b, `${label.get(id)!.kind} target`));
  for (const [id, b] of rightBoxes) parts.push(node(b, label.get(id)!.kind));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="${options.cls}" role="img" aria-label="${escapeXml(options.title)}" width="${n1(width)}" height="${n1(height)}" viewBox="0 0 ${n1(width)} ${n1(height)}" font-family="monospace" font-size="12">`,
    `<defs><marker id="${arrowId}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
    ...parts,
    "</svg>",
  ].join("\n");
}
