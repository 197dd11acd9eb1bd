/**
 * Priority changes between two configurations of one stack, for clouds that
 * order rules by priority: a count and a list, and the renumberings that
 * are a risk while they are applied (docs/priorities.md):
 * - `priority-reorder`: two rules of opposite actions in one scope whose
 *   order differs in some moment of the apply (one updated, the other not
 *   yet), so a flow both match may be decided the other way meanwhile;
 * - `priority-collision`: an apply order in which the cloud refuses a call
 *   because another rule still holds that priority (Azure).
 */
import { CloudDefinition } from "../modules/cloud";
import { resourcesOf } from "./resources";

export interface PriorityChange {
  readonly address: string;
  readonly from: number;
  readonly to: number;
}

export interface PriorityReview {
  readonly changes: PriorityChange[];
  /** One sentence per risky pair or refused call. */
  readonly reorders: string[];
  readonly collisions: string[];
}

export function reviewPriorities(cloud: CloudDefinition<unknown>, baseJson: unknown, headJson: unknown): PriorityReview {
  const rules = cloud.priorityRules;
  if (!rules) return { changes: [], reorders: [], collisions: [] };
  const base = resourcesOf(baseJson);
  const head = resourcesOf(headJson);
  const read = (address: string, body: Record<string, any>) => rules.ruleOf(address.slice(0, address.indexOf(".")), body);
  const both: { address: string; scope: string; action: string; from: number; to: number }[] = [];
  for (const [address, body] of head) {
    const before = base.get(address);
    const a = read(address, body);
    const b = before && read(address, before);
    if (a && b && a.scope === b.scope) both.push({ address, scope: a.scope, action: a.action, from: b.priority, to: a.priority });
  }
  const changes = both
    .filter((r) => r.from !== r.to)
    .map(({ address, from, to }) => ({ address, from, to }))
    .sort((x, y) => x.address.localeCompare(y.address));
  const reorders: string[] = [];
  const sign = (x: number, y: number) => Math.sign(x - y);
  for (const x of both) {
    if (x.from === x.to) continue;
    for (const y of both) {
      if (y === x || y.scope !== x.scope || y.action === x.action || (y.from !== y.to && y.address < x.address)) continue;
      const states = new Set([sign(x.from, y.from), sign(x.to, y.to), sign(x.to, y.from), sign(x.from, y.to)]);
      if (states.size > 1)
        reorders.push(`\`${x.address}\` (${x.from} → ${x.to}) and \`${y.address}\` (${y.from}${y.from !== y.to ? ` → ${y.to}` : ""}) can be in either order while the change is applied`);
    }
  }
  return { changes, reorders: reorders.sort(), collisions: rules.collisions ? rules.collisions(baseJson, headJson) : [] };
}
