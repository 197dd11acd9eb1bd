/**
 * Which orders Terraform may apply a change to Azure security rules in, and
 * whether any of them makes two rules of one NSG direction hold one priority
 * (Azure refuses the second with SecurityRuleConflict and the apply stops
 * half-way). Read from the two configurations' Terraform JSON alone.
 *
 * The model of `terraform apply`, kept conservative (it forces no order that
 * Terraform might not force, so more orders count as possible):
 * - each create, update and delete is one atomic call; calls of different
 *   resources run in any order, except that a create or update waits for the
 *   create or update of every rule it refers to or names in `depends_on`
 *   (in the new configuration);
 * - a delete of a rule removed from the configuration waits for nothing;
 * - a replacement (a new name or NSG) is a delete, then a create.
 */
import { AZURE_CHANGE_RULES } from "./changes";
import { RULE_TYPE } from "./network-security-groups";

export interface ApplyOperation {
  /** `azurerm_network_security_rule.<id>` */
  readonly address: string;
  readonly kind: "create" | "update" | "delete";
  /** `<NSG reference> <direction>`: the rules that compete for priorities. */
  readonly scope: string;
  /** Priority held before the call (undefined: none). */
  readonly from?: number;
  /** Priority held after the call (undefined: none). */
  readonly to?: number;
}

export interface ApplyPlan {
  /** Calls that change who holds a priority, per scope, in no particular order. */
  readonly operations: readonly ApplyOperation[];
  /** Priority held through the apply by rules no call moves, per scope. */
  readonly steady: ReadonlyMap<string, ReadonlyMap<number, string>>;
  /** Operation index → the operation indexes that must run before it. */
  readonly waitsFor: ReadonlyMap<number, ReadonlySet<number>>;
}

export interface Collision {
  readonly scope: string;
  readonly priority: number;
  /** The call that would be refused. */
  readonly address: string;
  /** The rule that may still hold that priority then. */
  readonly holder: string;
}

type Rules = Map<string, Record<string, any>>;

function rulesOf(json: any): Rules {
  return new Map(Object.entries<any>(json?.resource?.[RULE_TYPE] ?? {}).map(([id, body]) => [`${RULE_TYPE}.${id}`, body]));
}

const scopeOf = (body: Record<string, any>) => `${body.network_security_group_name} ${body.direction}`;

/** The rule addresses a rule body waits for: its references and depends_on. */
function dependencies(body: Record<string, any>): Set<string> {
  const out = new Set<string>();
  const text = JSON.stringify(body);
  for (const m of text.matchAll(new RegExp(`${RULE_TYPE}\\.([A-Za-z0-9_-]+)`, "g"))) out.add(`${RULE_TYPE}.${m[1]}`);
  return out;
}

export function azureApplyPlan(oldJson: unknown, newJson: unknown): ApplyPlan {
  const before = rulesOf(oldJson);
  const after = rulesOf(newJson);
  const replacedWhen = AZURE_CHANGE_RULES.replacedWhen[RULE_TYPE];
  const operations: ApplyOperation[] = [];
  const steady = new Map<string, Map<number, string>>();
  const hold = (scope: string, p: number, address: string) => {
    const m = steady.get(scope) ?? new Map<number, string>();
    m.set(p, address);
    steady.set(scope, m);
  };
  const createOf = new Map<string, number>();
  const deleteOf = new Map<string, number>();
  const waitsFor = new Map<number, Set<number>>();
  for (const [address, body] of before) {
    const next = after.get(address);
    const replaced = next !== undefined && (replacedWhen(body, next, () => false).length > 0 || scopeOf(body) !== scopeOf(next));
    if (!next || replaced) {
      deleteOf.set(address, operations.push({ address, kind: "delete", scope: scopeOf(body), from: body.priority }) - 1);
      if (next) createOf.set(address, operations.push({ address, kind: "create", scope: scopeOf(next), to: next.priority }) - 1);
    } else if (next.priority !== body.priority) {
      createOf.set(address, operations.push({ address, kind: "update", scope: scopeOf(next), from: body.priority, to: next.priority }) - 1);
    } else hold(scopeOf(body), body.priority, address);
  }
  for (const [address, body] of after) if (!before.has(address)) createOf.set(address, operations.push({ address, kind: "create", scope: scopeOf(body), to: body.priority }) - 1);
  for (const [address, index] of createOf) {
    const waits = new Set<number>();
    const d = deleteOf.get(address);
    if (d !== undefined) waits.add(d);
    for (const dep of dependencies(after.get(address)!)) {
      const other = createOf.get(dep);
      if (other !== undefined && dep !== address) waits.add(other);
    }
    waitsFor.set(index, waits);
  }
  return { operations, steady, waitsFor };
}

/** Whether operation `a` runs before `b` in every order Terraform may choose (transitively). */
function mustPrecede(plan: ApplyPlan, a: number, b: number): boolean {
  const seen = new Set<number>();
  const stack = [...(plan.waitsFor.get(b) ?? [])];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x === a) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    stack.push(...(plan.waitsFor.get(x) ?? []));
  }
  return false;
}

/**
 * Every call that some apply order makes Azure refuse: it takes a priority
 * that another rule holds at that moment in that order. Exact for the model:
 * a rule vacating the priority by a call not forced before it can be later.
 */
export function possibleCollisions(plan: ApplyPlan): Collision[] {
  const out: Collision[] = [];
  plan.operations.forEach((op, i) => {
    if (op.to === undefined) return;
    const holder = plan.steady.get(op.scope)?.get(op.to);
    if (holder) out.push({ scope: op.scope, priority: op.to, address: op.address, holder });
    plan.operations.forEach((other, j) => {
      if (j === i || other.scope !== op.scope || other.address === op.address) return;
      // Another rule holding it before the apply, until its own call moves it away.
      if (other.from === op.to && other.to !== op.to && !mustPrecede(plan, j, i)) out.push({ scope: op.scope, priority: op.to!, address: op.address, holder: other.address });
      // Another rule taking it too, and keeping it.
      if (other.to === op.to && j < i) out.push({ scope: op.scope, priority: op.to!, address: op.address, holder: other.address });
    });
  });
  return out;
}

/** Runs one apply order and returns the first refused call, if any (for tests that walk every order). */
export function simulate(plan: ApplyPlan, order: readonly number[]): Collision | undefined {
  const held = new Map<string, Map<number, string>>();
  const scope = (s: string) => held.get(s) ?? held.set(s, new Map(plan.steady.get(s) ?? [])).get(s)!;
  for (const op of plan.operations) if (op.from !== undefined && op.kind !== "create") scope(op.scope).set(op.from, op.address);
  for (const i of order) {
    const op = plan.operations[i];
    const m = scope(op.scope);
    if (op.from !== undefined && m.get(op.from) === op.address) m.delete(op.from);
    if (op.to !== undefined) {
      const holder = m.get(op.to);
      if (holder !== undefined && holder !== op.address) return { scope: op.scope, priority: op.to, address: op.address, holder };
      m.set(op.to, op.address);
    }
  }
  return undefined;
}

/** Every order of the operations that respects `waitsFor` (use on small plans: the count grows factorially). */
export function* applyOrders(plan: ApplyPlan): Generator<number[]> {
  const n = plan.operations.length;
  const done = new Set<number>();
  const order: number[] = [];
  function* walk(): Generator<number[]> {
    if (order.length === n) {
      yield [...order];
      return;
    }
    for (let i = 0; i < n; i++) {
      if (done.has(i) || [...(plan.waitsFor.get(i) ?? [])].some((w) => !done.has(w))) continue;
      done.add(i);
      order.push(i);
      yield* walk();
      order.pop();
      done.delete(i);
    }
  }
  yield* walk();
}
