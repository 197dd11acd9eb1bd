/** Port-range arithmetic on sorted, merged, inclusive ranges. */
import { ALL_PORTS, PortRange } from "./model";

/** Sorts and merges ranges (adjacent ranges merge too: 80 and 81 become 80-81). */
export function normalisePorts(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) {
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
    } else {
      out.push({ from: r.from, to: r.to });
    }
  }
  return out;
}

/** Ranges of `a` not in `b`. Both normalised. */
export function subtractPorts(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  let rest: PortRange[] = [...a];
  for (const cut of b) {
    const next: PortRange[] = [];
    for (const r of rest) {
      if (cut.to < r.from || cut.from > r.to) {
        next.push(r);
        continue;
      }
      if (r.from < cut.from) next.push({ from: r.from, to: cut.from - 1 });
      if (r.to > cut.to) next.push({ from: cut.to + 1, to: r.to });
    }
    rest = next;
  }
  return rest;
}

/** Ranges in both `a` and `b`. Both normalised. */
export function intersectPorts(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (from <= to) out.push({ from, to });
    }
  }
  return normalisePorts(out);
}

export function portsContain(ranges: readonly PortRange[], port: number): boolean {
  // A loop, not .some: the checks ask this millions of times.
  for (const r of ranges) if (r.from <= port && port <= r.to) return true;
  return false;
}

export function isAllPorts(ranges: readonly PortRange[]): boolean {
  return ranges.length === 1 && ranges[0].from === ALL_PORTS.from && ranges[0].to === ALL_PORTS.to;
}

/** "80", "7800-7802" */
export function formatPortRange(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
}

export function formatPorts(ranges: readonly PortRange[]): string {
  return isAllPorts(ranges) ? "all" : ranges.map(formatPortRange).join(",");
}

/** One port (443) or range ("7800-7802") as a catalog or an environment writes it. */
export function parsePortRange(p: number | string): PortRange | { error: string; hint: string } {
  const hint = "Ports are 1-65535; write a range low-high, such as 7800-7802.";
  let from: number, to: number;
  if (typeof p === "number") {
    from = to = p;
  } else {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(p);
    if (!m) return { error: `invalid port "${p}"`, hint };
    from = Number(m[1]);
    to = Number(m[2]);
  }
  for (const v of [from, to]) {
    if (!Number.isInteger(v) || v < 1 || v > 65535) return { error: `port ${v} is outside 1-65535`, hint };
  }
  if (from > to) return { error: `port range ${from}-${to} is reversed`, hint: `Write ${to}-${from}.` };
  return { from, to };
}

/** The service id of a `service:<id>` entry of a rule's ports, or undefined for a port or range. */
export function serviceReferenceId(p: number | string): string | undefined {
  if (typeof p !== "string") return undefined;
  const m = /^\s*service:\s*(.*?)\s*$/.exec(p);
  return m ? m[1] : undefined;
}
