import { isWorldWide, LintCheck, ruleSubject } from "../check";

export const egressOpenToWorld: LintCheck = {
  id: "egress-open-to-world",
  severity: "warning",
  title: "Egress open to the world",
  explanation: "Unrestricted egress lets a compromised host reach anything (exfiltration, command and control); list the destinations a role needs.",
  check(bound) {
    const byRules = bound.rules
      .filter((r) => r.direction === "egress" && r.action === "allow" && r.peers.some(isWorldWide))
      .map((r) => ({ ...ruleSubject(r), message: "allows egress to any address. Name the destinations (address sets) the role needs" }));
    const byDefault = bound.managedRoles
      .filter((r) => r.egressDefault === "allow")
      .map((r) => ({
        subject: `role "${r.id}"`,
        roleId: r.id,
        location: r.location,
        message: "egress default is allow: every destination no rule denies is allowed. Prefer egressDefault: deny with egress rules",
      }));
    return [...byRules, ...byDefault];
  },
};
