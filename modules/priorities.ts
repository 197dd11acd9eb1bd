/**
 * Stable priorities for clouds that order rules by number (GCP firewalls,
 * Azure security rules). A cloud plans its rules in order, per scope (a
 * sequence whose members compete: one direction of a GCP network, one
 * direction of an Azure network security group), and asks `allocateScope`
 * for their priorities, given the allocation it made last time (the
 * committed allocation file, see stacks/priorities.ts and docs/priorities.md):
 *
 * - every rule keeps its previous priority unless the order cannot be kept
 *   otherwise; when it cannot, the smallest set of rules is renumbered (the
 *   most rules keep theirs);
 * - a new rule takes a free priority between its neighbours, spread evenly in
 *   the gap (an append at the end takes the next step);
 * - a priority that another rule held in the previous allocation (or that is
 *   retired: held by a rule since deleted or moved, perhaps not yet applied)
 *   is never taken by a different rule, so no apply order makes two rules hold
 *   one priority (Azure refuses that with SecurityRuleConflict);
 * - a first allocation leaves `step` free priorities above the first rule
 *   and between any two rules.
 *
 * Pure and deterministic: the same names, previous allocation and range give
 * the same priorities.
 */

/** One scope's allocation, as the allocation file holds it. */
export interface ScopeAllocation {
  /** Rule (resource) name → priority, for the rules the scope has now. */
  readonly priorities: Readonly<Record<string, number>>;
  /**
   * Priority → name of the rule that held it and no longer does (deleted or
   * renumbered). Never given to another rule: the deletion may not be applied yet.
   */
  readonly retired?: Readonly<Record<string, string>>;
}

/** A cloud's allocation: scope key (such as `ingress`, `st-server/inbound`) → its allocation. */
export type CloudPriorities = Readonly<Record<string, ScopeAllocation>>;

export interface ScopeRequest {
  /** The scope's rule names in evaluation order (first wins). Unique. */
  readonly names: readonly string[];
  /**
   * Which orders matter: name → the names that must have a lower priority
   * (rules that some flow matches with the opposite action). When given, only
   * these pairs keep the order of `names`; any other pair may keep the order
   * of the previous allocation, so a rule joining an earlier one, or moving
   * past rules it cannot disagree with, renumbers nobody. @default every pair keeps the order of `names`
   */
  readonly after?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly previous?: ScopeAllocation;
  /** The lowest priority the scope may use (the environment's base). */
  readonly first: number;
  /** The highest priority the scope may use. */
  readonly last: number;
  /** Room between rules in a first allocation, and between appended rules. */
  readonly step: number;
}

export interface ScopeResult {
  /** Priority per name, in the order of `names`. */
  readonly priorities: ReadonlyMap<string, number>;
  readonly allocation: ScopeAllocation;
  /** Names that had a previous priority and got another one (sorted). */
  readonly renumbered: readonly string[];
}

/** Why a scope cannot be allocated: more rules than free priorities in its range. */
export class PriorityRangeFull extends Error {
  /** Stable code; GCP and Azure report it as GCP_PRIORITY_RANGE_FULL and AZURE_PRIORITY_RANGE_FULL, naming the rule. */
  readonly code = "LIB_PRIORITY_RANGE_FULL";
  constructor(
    readonly needed: number,
    readonly free: number,
    readonly retiredCount: number,
  ) {
    super(`${needed} rules need priorities but the range has ${free} free`);
  }
}

export function allocateScope(request: ScopeRequest): ScopeResult {
  const { names, first, last } = request;
  const step = Math.max(1, Math.floor(request.step));
  const previous = request.previous ?? { priorities: {} };
  const prev = new Map<string, number>(Object.entries(previous.priorities));
  const retired = new Map<number, string>(Object.entries(previous.retired ?? {}).map(([p, n]) => [Number(p), n]));

  // Who holds which priority in the previous allocation (live or retired): no other rule may take it.
  const holder = new Map<number, string>(retired);
  for (const [name, p] of prev) holder.set(p, name);
  // A rule deleted and added again may take back the priority it had (the lowest, when it had several).
  const before = new Map(prev);
  for (const [p, n] of [...retired].sort((a, b) => a[0] - b[0])) if (!before.has(n)) before.set(n, p);

  const order = request.after ? linearize(request.names, request.after, before) : names;
  const kept = keptNames(order, before, holder, first, last);
  const priorities = new Map<string, number>();
  let anchor: number | undefined; // the last kept priority so far; undefined: nothing kept above
  let pending: string[] = [];
  const place = (upper: number, tail: boolean) => {
    if (pending.length === 0) return;
    const lower = anchor ?? first - 1;
    const free: number[] = [];
    for (let p = lower + 1; p < upper; p++) if (!holder.has(p)) free.push(p);
    const chosen = tail ? stepped(free, pending.length, step, anchor === undefined) : spread(free, pending.length);
    if (!chosen) throw new PriorityRangeFull(names.length, countFree(first, last, holder, names), retired.size);
    pending.forEach((n, i) => priorities.set(n, chosen[i]));
    pending = [];
  };
  for (const name of order) {
    if (!kept.has(name)) {
      pending.push(name);
      continue;
    }
    const p = before.get(name)!;
    place(p, false);
    priorities.set(name, p);
    anchor = p;
  }
  place(last + 1, true);

  const renumbered = names.filter((n) => prev.has(n) && prev.get(n) !== priorities.get(n)).sort();
  // What was held and is no longer (deleted or moved) stays retired; a rule taking its own back frees it.
  const nowHeld = new Set(priorities.values());
  const nextRetired = new Map<number, string>();
  for (const [p, n] of retired) if (!nowHeld.has(p)) nextRetired.set(p, n);
  for (const [n, p] of prev) if (!nowHeld.has(p)) nextRetired.set(p, n);
  const ordered = [...names].sort((a, b) => priorities.get(a)! - priorities.get(b)!);
  return {
    priorities: new Map(names.map((n) => [n, priorities.get(n)!])),
    allocation: {
      priorities: Object.fromEntries(ordered.map((n) => [n, priorities.get(n)!])),
      ...(nextRetired.size > 0 ? { retired: Object.fromEntries([...nextRetired].sort((a, b) => a[0] - b[0]).map(([p, n]) => [String(p), n])) } : {}),
    },
    renumbered,
  };
}

/**
 * An evaluation order that keeps every required pair (`after`) and otherwise
 * follows the previous allocation: among the names whose required
 * predecessors are placed, the one with the lowest previous priority goes
 * next; a new name goes just before the next name (in `names`) that has one.
 * Deterministic: ties go to the earlier name in `names`.
 */
function linearize(names: readonly string[], after: ReadonlyMap<string, ReadonlySet<string>>, before: ReadonlyMap<string, number>): string[] {
  const key = new Map<string, number>();
  let following = Infinity;
  for (let i = names.length - 1; i >= 0; i--) {
    const p = before.get(names[i]);
    if (p !== undefined) following = p;
    key.set(names[i], p ?? following - 0.5);
  }
  const index = new Map(names.map((n, i) => [n, i]));
  const waiting = new Map(names.map((n) => [n, [...(after.get(n) ?? [])].filter((m) => index.has(m) && m !== n).length]));
  const successors = new Map<string, string[]>();
  for (const n of names)
    for (const m of after.get(n) ?? [])
      if (index.has(m) && m !== n) {
        const list = successors.get(m);
        if (list) list.push(n);
        else successors.set(m, [n]);
      }
  // The ready names in a binary heap by (key, index): thousands of rules share one priority scope.
  const better = (a: string, b: string) => key.get(a)! - key.get(b)! || index.get(a)! - index.get(b)!;
  const ready = new MinHeap<string>(better);
  for (const n of names) if (waiting.get(n) === 0) ready.push(n);
  const out: string[] = [];
  while (ready.size > 0) {
    const n = ready.pop()!;
    out.push(n);
    for (const m of successors.get(n) ?? []) {
      const left = waiting.get(m)! - 1;
      waiting.set(m, left);
      if (left === 0) ready.push(m);
    }
  }
  // A cycle cannot come from a planner (its pairs follow its order); keep the planner's order if one does.
  return out.length === names.length ? out : [...names];
}

/**
 * The largest set of names that can keep their previous priorities: those
 * priorities increase in the new order, and between any two kept names (and
 * between the range's ends and the first and last kept) there are enough
 * free priorities for the names that must be placed there. Ties go to the
 * earlier names, so the result is deterministic.
 */
function keptNames(names: readonly string[], prev: ReadonlyMap<string, number>, holder: ReadonlyMap<number, string>, first: number, last: number): Set<string> {
  const candidates: { index: number; priority: number }[] = [];
  names.forEach((n, index) => {
    const p = prev.get(n);
    if (p !== undefined && p >= first && p <= last) candidates.push({ index, priority: p });
  });
  if (candidates.length === 0) return new Set();
  // Free priorities (held by nobody, or by a name placed anew: those lose theirs) counted by prefix sums over the sorted held list.
  const heldSorted = [...holder.keys()].filter((p) => p >= first && p <= last).sort((a, b) => a - b);
  const freeBetween = (lo: number, hi: number) => {
    // integers strictly between lo and hi, minus held ones
    if (hi - lo <= 1) return 0;
    return hi - lo - 1 - (upperBound(heldSorted, hi - 1) - upperBound(heldSorted, lo));
  };
  const fits = (a: { index: number; priority: number } | undefined, b: { index: number; priority: number } | undefined) => {
    const lo = a ? a.priority : first - 1;
    const hi = b ? b.priority : last + 1;
    if (a && b && a.priority >= b.priority) return false;
    const between = (b ? b.index : names.length) - (a ? a.index : -1) - 1;
    return between <= freeBetween(lo, hi);
  };
  // Fast path: the previous order is kept and every gap has room (the common day-two edit).
  if (candidates.every((c, i) => fits(candidates[i - 1], c)) && fits(candidates[candidates.length - 1], undefined)) return new Set(candidates.map((c) => names[c.index]));
  // Longest chain by dynamic programming (quadratic in the rules of one scope, only when the order changed).
  const best: number[] = [];
  const from: number[] = [];
  for (let j = 0; j < candidates.length; j++) {
    best[j] = fits(undefined, candidates[j]) ? 1 : 0;
    from[j] = -1;
    for (let i = 0; i < j; i++) {
      if (best[i] > 0 && best[i] + 1 > best[j] && fits(candidates[i], candidates[j])) {
        best[j] = best[i] + 1;
        from[j] = i;
      }
    }
  }
  let end = -1;
  for (let j = 0; j < candidates.length; j++) if (best[j] > 0 && fits(candidates[j], undefined) && (end < 0 || best[j] > best[end])) end = j;
  const out = new Set<string>();
  for (let j = end; j >= 0; j = from[j]) out.add(names[candidates[j].index]);
  return out;
}

/** Index of the first element greater than x in a sorted array. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Appended rules (after the last kept one, or in a scope of new rules): one
 * step apart, the first a step after the anchor (after the range's start when
 * nothing is above, which leaves `step` free priorities at the top); closer
 * when the room is short.
 */
function stepped(free: readonly number[], count: number, step: number, fromStart: boolean): number[] | undefined {
  if (count > free.length) return undefined;
  const gap = Math.max(1, Math.min(step, Math.floor(free.length / (count + 1))));
  const offset = fromStart ? 0 : -1;
  return Array.from({ length: count }, (_, i) => free[Math.min(free.length - count + i, (i + 1) * gap + offset)]);
}

/** Rules inserted between neighbours (or above the first): evenly spread, so the gaps on both sides stay as wide as they can. */
function spread(free: readonly number[], count: number): number[] | undefined {
  if (count > free.length) return undefined;
  return Array.from({ length: count }, (_, i) => free[Math.floor(((i + 1) * (free.length + 1)) / (count + 1)) - 1]);
}

function countFree(first: number, last: number, holder: ReadonlyMap<number, string>, names: readonly string[]): number {
  const mine = new Set(names);
  let held = 0;
  for (const [p, n] of holder) if (p >= first && p <= last && !mine.has(n)) held++;
  return last - first + 1 - held;
}

/** What is wrong with an allocation given by hand or by code, as (path inside the allocation, message) pairs. */
export function allocationProblems(priorities: unknown): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  if (!isRecord(priorities)) return [{ path: [], message: "is not a map of scopes" }];
  for (const [scope, allocation] of Object.entries(priorities)) {
    if (!isRecord(allocation)) {
      out.push({ path: [scope], message: `scope "${scope}" is not a map with priorities (and retired)` });
      continue;
    }
    for (const key of Object.keys(allocation))
      if (key !== "priorities" && key !== "retired") out.push({ path: [scope, key], message: `scope "${scope}" has an unknown key "${key}" (only priorities and retired)` });
    const live = allocation.priorities ?? {};
    const byPriority = new Map<number, string>();
    if (!isRecord(live)) out.push({ path: [scope, "priorities"], message: `scope "${scope}": priorities is not a map from rule name to priority` });
    else {
      for (const [name, p] of Object.entries(live)) {
        if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 65535) {
          out.push({ path: [scope, "priorities", name], message: `scope "${scope}", rule "${name}": priority ${JSON.stringify(p)} is not a whole number from 0 to 65535` });
          continue;
        }
        const other = byPriority.get(p);
        if (other !== undefined) out.push({ path: [scope, "priorities", name], message: `scope "${scope}": rules "${other}" and "${name}" both have priority ${p}` });
        else byPriority.set(p, name);
      }
    }
    const retired = allocation.retired ?? {};
    if (!isRecord(retired)) out.push({ path: [scope, "retired"], message: `scope "${scope}": retired is not a map from priority to rule name` });
    else {
      for (const [key, name] of Object.entries(retired)) {
        const p = Number(key);
        if (!/^\d+$/.test(key) || p > 65535) out.push({ path: [scope, "retired", key], message: `scope "${scope}": retired key ${JSON.stringify(key)} is not a priority from 0 to 65535` });
        else if (typeof name !== "string" || name === "") out.push({ path: [scope, "retired", key], message: `scope "${scope}": retired priority ${key} does not name the rule that held it` });
        else if (byPriority.has(p) && byPriority.get(p) !== name)
          out.push({ path: [scope, "retired", key], message: `scope "${scope}": priority ${p} is both retired (from "${name}") and held by "${byPriority.get(p)}"` });
      }
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A binary min-heap under `less` (negative: the first goes first). */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i], a[parent]) >= 0) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.less(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
