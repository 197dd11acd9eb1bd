import { Policy } from "../../model";
import { portsContain } from "../../ports";
import { hasPorts } from "../../protocols";
import { isWorldWide, LintCheck, ruleSubject } from "../check";

/** SSH and RDP, plus the ports a catalog declares as administrative. */
const ALWAYS_ADMIN = [22, 3389];

/** The administration ports of a catalog, sorted: 22, 3389 and its adminPorts (the coverage report lists who reaches each). */
export function administrationPorts(policy: Policy): number[] {
  return [...new Set([...ALWAYS_ADMIN, ...policy.adminPorts])].sort((a, b) => a - b);
}

export const adminPortOpenToAny: LintCheck = {
  id: "admin-port-open-to-any",
  severity: "error",
  title: "Administration port open to any address",
  explanation: "SSH (22), RDP (3389) and the catalog's adminPorts must only be reachable from known administration hosts, never from the whole Internet.",
  check(bound) {
    const ports = administrationPorts(bound.policy);
    return bound.rules
      .filter((r) => r.direction === "ingress" && r.action === "allow" && r.peers.some(isWorldWide))
      .flatMap((r) => {
        const open = r.protocol === "all" ? ports : hasPorts(r.protocol) ? ports.filter((p) => portsContain(r.ports, p)) : [];
        if (open.length === 0) return [];
        const wide = r.peers
          .filter(isWorldWide)
          .map((e) => (e.kind === "cidr" ? e.cidr : ""))
          .join(", ");
        return [{ ...ruleSubject(r), message: `opens administration port(s) ${open.join(", ")} to ${wide}. Restrict the peer to an address set of administration hosts` }];
      });
  },
};
