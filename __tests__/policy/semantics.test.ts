import { bindPolicy, decide, loadCatalogFile, Flow } from "../../policy";
import { secureTransportBindings } from "../support/policies";

describe("the catalog's own decision (first match, then defaults)", () => {
  // GIVEN the SecureTransport catalog bound to an environment
  const bound = bindPolicy(loadCatalogFile("catalog/securetransport.yaml"), {
    environment: "dev",
    ...secureTransportBindings(),
    ipv6: false,
  });
  const server = { kind: "role", role: "st-server", family: 4 } as const;
  const flow = (peer: Flow["peer"], protocol: number, port?: number): Flow => ({ direction: "ingress", target: "st-server", peer, protocol, port });

  test.each([
    ["server to server TCP 8090 (note)", flow(server, 6, 8090), "allow", "st-cluster-cache-tcp"],
    ["server to server UDP 8088 (note)", flow(server, 17, 8088), "allow", "st-cluster-cache-udp"],
    ["server to server TCP 8087 hits the deny", flow(server, 6, 8087), "deny", "st-deny-all-tcp"],
    ["admin host TCP 444", flow({ kind: "address", address: "10.20.0.10", family: 4 }, 6, 444), "allow", "st-admin-tool-https"],
    ["other host TCP 444", flow({ kind: "address", address: "10.20.0.11", family: 4 }, 6, 444), "deny", "st-deny-all-tcp"],
    ["server ICMP", flow(server, 1), "allow", "st-icmp-cluster"],
    ["admin host ICMP: no rule, default deny", flow({ kind: "address", address: "10.20.0.10", family: 4 }, 1), "deny", undefined],
    ["server GRE: no rule, default deny", flow(server, 47), "deny", undefined],
  ])("GIVEN %s THEN the first matching rule decides", (_name, f, action, ruleId) => {
    const d = decide(bound, f);
    expect(d.action).toBe(action);
    expect(d.rule?.id).toBe(ruleId);
  });

  test("GIVEN unmatched egress THEN the role's declared default decides", () => {
    const d = decide(bound, { direction: "egress", target: "st-server", peer: { kind: "address", address: "8.8.8.8", family: 4 }, protocol: 6, port: 25 });
    expect(d).toEqual({ action: "allow" });
  });
});
