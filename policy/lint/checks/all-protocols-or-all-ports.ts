import { isAllPorts } from "../../ports";
import { LintCheck, ruleSubject } from "../check";

export const allProtocolsOrAllPorts: LintCheck = {
  id: "all-protocols-or-all-ports",
  severity: "warning",
  title: "Allow of every protocol or every port",
  explanation: "An allow of all protocols or all ports opens far more than any service needs; name the protocol and ports the service uses.",
  check(bound) {
    return bound.rules
      .filter((r) => r.action === "allow" && (r.protocol === "all" || isAllPorts(r.ports)))
      .map((r) => ({
        ...ruleSubject(r),
        message: r.protocol === "all" ? "allows every IP protocol. Name the protocol (tcp, udp, icmp, …) the service uses" : `allows every ${r.protocol} port. List the ports the service uses`,
      }));
  },
};
