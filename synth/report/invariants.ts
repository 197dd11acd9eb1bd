/**
 * The coverage report's section on the catalog's invariants: each listed with
 * what it forbids or requires. Synthesis has already refused any rendering
 * that breaks one (synth/synthesize.ts), so a report that exists says they hold.
 */
import { describeInvariant } from "../../modules/engine/invariants";
import { BoundPolicy } from "../../policy";

export function invariantsJson(bound: BoundPolicy): { id: string; description: string; kind: string; property: string; holds: true }[] {
  return (bound.policy.invariants ?? []).map((inv) => ({ id: inv.id, description: inv.description, kind: inv.kind, property: describeInvariant(inv), holds: true }));
}

export function invariantsMarkdown(bound: BoundPolicy): string[] {
  const invariants = bound.policy.invariants ?? [];
  if (invariants.length === 0) return [];
  return [
    "",
    "## Invariants",
    "",
    "Checked on every cloud's rendering at synthesis (it refuses a rendering that breaks one): all hold.",
    "",
    ...invariants.map((inv) => `- \`${inv.id}\`: ${describeInvariant(inv)}. ${inv.description}.`),
  ];
}
