/** One vocabulary: protocol names, numbers and port protocols come from policy/protocols.ts only. */
import { readFileSync } from "fs";
import { hasPorts as terraformHasPorts, protocolOf } from "../../modules/effective";
import { definePolicy, hasPorts, NAMED_PROTOCOLS, PORT_PROTOCOLS, protocolFamily, protocolName, protocolNumber, PROTOCOL_NUMBERS } from "../../policy";
import { rule } from "../support/policies";
import { thrown } from "../support/thrown";

describe("the protocol table", () => {
  test("GIVEN the table THEN names, numbers, ports and families agree with IANA and with each other", () => {
    expect(PROTOCOL_NUMBERS).toEqual({ tcp: 6, udp: 17, sctp: 132, icmp: 1, icmpv6: 58 });
    expect(NAMED_PROTOCOLS).toEqual(["tcp", "udp", "sctp", "icmp", "icmpv6", "all"]);
    expect(PORT_PROTOCOLS).toEqual(["tcp", "udp", "sctp"]);
    for (const [name, n] of Object.entries(PROTOCOL_NUMBERS)) {
      expect(protocolName(n)).toBe(name);
      expect(protocolNumber(name as never)).toBe(n);
      // By name, by number, and as the clouds' Terraform spells it: one answer.
      expect(hasPorts(n)).toBe(hasPorts(name as never));
      expect(terraformHasPorts(protocolOf(name) as number)).toBe(hasPorts(name as never));
    }
    expect(hasPorts("all")).toBe(false);
    expect(hasPorts(47)).toBe(false);
    expect(protocolFamily("icmp")).toBe(4);
    expect(protocolFamily("icmpv6")).toBe(6);
    expect(protocolFamily("tcp")).toBeUndefined();
    expect(protocolOf("ipv6-icmp")).toBe(58);
  });

  test("GIVEN a named protocol by number, or ports on a portless protocol THEN the catalog refuses it", () => {
    const catalog = (r: ReturnType<typeof rule>) => () => definePolicy({ name: "p", description: "p", roles: [{ id: "web", description: "web", egressDefault: "deny" }], rules: [r] });
    expect(thrown(catalog(rule("r", { protocol: 132, ports: undefined })))).toEqual({ error: "ConfigError", codes: ["CATALOG_PROTOCOL_HAS_NAME"] });
    expect(thrown(catalog(rule("r", { protocol: "icmp", ports: [1] })))).toEqual({ error: "ConfigError", codes: ["CATALOG_PORTS_NOT_ALLOWED"] });
  });

  test("GIVEN the sources THEN no other file writes a protocol's number next to its name", () => {
    const files = [
      "policy/catalog.ts",
      "policy/semantics.ts",
      "modules/effective.ts",
      "modules/aws/aws-limits.ts",
      "modules/gcp/plan.ts",
      "modules/engine/flows.ts",
      "policy/lint/checks/admin-port-open-to-any.ts",
    ];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect([file, /\b(tcp|udp|sctp|icmp|icmpv6)"?\s*:\s*\d+/.test(text)]).toEqual([file, false]);
      expect([file, /\["tcp", "udp", "sctp"\]/.test(text)]).toEqual([file, false]);
    }
  });
});
