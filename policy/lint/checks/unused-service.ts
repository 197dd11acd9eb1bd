import { LintCheck } from "../check";

/** A declared service no rule names: its bindings in every environment change nothing, which is rarely what was meant. */
export const unusedService: LintCheck = {
  id: "unused-service",
  severity: "warning",
  title: "Service no rule names",
  explanation: "A service that no rule names opens nothing, so the ports environments bind to it change nothing; name it in a rule's ports (service:<id>) or remove it.",
  check(bound) {
    const named = new Set(bound.policy.rules.flatMap((r) => (r.services ?? []).map((s) => s.service)));
    return (bound.policy.services ?? [])
      .filter((s) => !named.has(s.id))
      .map((s) => ({
        subject: `service "${s.id}"`,
        location: s.location,
        message: `no rule names it, so its ports change nothing. Name it in a rule's ports as service:${s.id}, or remove it`,
      }));
  },
};
