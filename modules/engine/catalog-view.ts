/**
 * The catalog's own decisions as an effective view, for judging invariants
 * where no cloud's Terraform JSON is at hand: a construct in a user's app, at
 * synthesis (modules/construct-checks.ts). The catalog's rules are also the
 * footprints every question is cut by (engine/reach.ts adds them itself).
 */
import { BoundPolicy, decide } from "../../policy";
import type { EffectiveView } from "../cloud";

export function catalogView(bound: BoundPolicy): EffectiveView {
  return {
    decide: (flow) => {
      const d = decide(bound, flow);
      return { action: d.action, resources: d.rule ? [`rule ${d.rule.id}`] : [] };
    },
    roles: () => bound.managedRoles.map((r) => r.id),
    defaultOf: (role) => `role ${role}`,
    findings: () => [],
    icmpTypes: () => [],
    ports: () => [],
    cuts: () => [],
    protocols: () => [],
    footprints: () => [],
  };
}
