/**
 * What the catalog decides for a probe flow. policy/semantics.ts decides for a
 * role member whose address it does not know; a probe gives the member an
 * address, so a catalog rule matches it through a role entry naming its role or
 * through a CIDR entry containing its address — the two readings combined.
 */
import { BoundPolicy, BoundRule, decide, Decision, Direction, Flow, ruleMatches } from "../../policy";
import { ProbeFlow } from "./flows";

// The rules of one direction and target, in precedence order (a check asks for tens of thousands of flows).
const rulesByTarget = new WeakMap<BoundPolicy, Record<Direction, Map<string, BoundRule[]>>>();

function rulesOf(bound: BoundPolicy, flow: Flow): readonly BoundRule[] {
  let index = rulesByTarget.get(bound);
  if (!index) {
    index = { ingress: new Map(), egress: new Map() };
    for (const r of bound.rules) index[r.direction].set(r.target, [...(index[r.direction].get(r.target) ?? []), r]);
    rulesByTarget.set(bound, index);
  }
  return index[flow.direction].get(flow.target) ?? [];
}

export function catalogDecide(bound: BoundPolicy, flow: ProbeFlow | Flow): Decision {
  const peer = flow.peer as ProbeFlow["peer"];
  if (peer.kind !== "role" || peer.address === undefined) return decide(bound, flow);
  const asMember: Flow = { ...flow, peer: { kind: "role", role: peer.role, family: peer.family } };
  const atAddress: Flow = { ...flow, peer: { kind: "address", address: peer.address, family: peer.family } };
  const rule = rulesOf(bound, flow).find((r) => ruleMatches(r, asMember) || ruleMatches(r, atAddress));
  // No rule matched: the default decides, the same for every peer.
  return rule ? { action: rule.action, rule } : decide(bound, asMember);
}
