/** Azure's semantics as the evaluator reads them, on small hand-written configurations. */
import { azureDecide, azureEffective, loadAzureView } from "../../../modules/azure/effective";
import { checkEnvironment } from "../../../modules/engine/check";
import { boundOf, rule } from "../../support/policies";
import { ConfigError, Flow } from "../../../policy";
import { thrown } from "../../support/thrown";

const NSG = "${azurerm_network_security_group.nsg_web.name}";
const WEB_ASG = "${azurerm_application_security_group.asg_web.id}";
const DB_ASG = "${azurerm_application_security_group.asg_db.id}";
function view(rules: Record<string, any>) {
  const base = {
    resource_group_name: "rg",
    network_security_group_name: NSG,
    source_port_range: "*",
    destination_address_prefix: "*",
    destination_port_range: "*",
    protocol: "*",
    direction: "Inbound",
    access: "Allow",
    source_address_prefix: "*",
  };
  return loadAzureView({
    output: {
      network_security_group_ids: { value: { web: "${azurerm_network_security_group.nsg_web.id}" } },
      application_security_group_ids: { value: { web: WEB_ASG, db: DB_ASG } },
    },
    resource: {
      azurerm_network_security_group: { nsg_web: { name: "web" } },
      azurerm_application_security_group: { asg_web: { name: "asg-web" }, asg_db: { name: "asg-db" } },
      azurerm_network_security_rule: Object.fromEntries(Object.entries(rules).map(([id, r]) => [id, { ...base, name: id, ...r }])),
    },
  });
}
const member = (role: string, family: 4 | 6 = 4) => ({ kind: "role", role, family }) as const;
const address = (a: string) => ({ kind: "address", address: a, family: a.includes(":") ? 6 : 4 }) as const;
const flow = (f: Partial<Flow>): Flow => ({ direction: "ingress", target: "web", peer: member("db"), protocol: 6, port: 22, ...f });

test("GIVEN rules at several priorities THEN the lowest number that matches decides, whatever its access", () => {
  const v = view({ allow: { priority: 200, protocol: "Tcp", destination_port_range: "22" }, deny: { priority: 100, access: "Deny", protocol: "Tcp" } });
  expect(azureDecide(v, flow({}))).toEqual(expect.objectContaining({ action: "deny", resources: ["azurerm_network_security_rule.deny"] }));
  const w = view({ allow: { priority: 100, protocol: "Tcp", destination_port_range: "22" }, deny: { priority: 200, access: "Deny", protocol: "Tcp" } });
  expect(azureDecide(w, flow({})).action).toBe("allow");
  expect(azureDecide(w, flow({ port: 23 })).action).toBe("deny");
});

test("GIVEN no rule of ours THEN Azure's default rules decide: the virtual network and the load balancer get in, the Internet does not; all egress to the network and the Internet is allowed", () => {
  const v = view({});
  expect(azureDecide(v, flow({}))).toEqual({ action: "allow", resources: [], decidedBy: "AllowVnetInBound (Azure default rule 65000)", byDefault: true });
  expect(azureDecide(v, flow({ peer: address("168.63.129.16") })).action).toBe("allow");
  // Whether 192.0.2.1 is in the virtual network the configuration does not say: the decision is uncertain.
  expect(azureDecide(v, flow({ peer: address("192.0.2.1") })).uncertain).toMatch(
    /AllowVnetInBound .* if 192\.0\.2\.1 is in the virtual network, by DenyAllInBound \(Azure default rule 65500\) otherwise/,
  );
  expect(azureDecide(v, flow({ direction: "egress" }))).toEqual(expect.objectContaining({ action: "allow", decidedBy: "AllowVnetOutBound (Azure default rule 65000)" }));
  expect(azureDecide(v, flow({ direction: "egress", peer: address("10.200.0.1") })).uncertain).toMatch(/AllowVnetOutBound.*DenyAllOutBound|AllowVnetOutBound.*AllowInternetOutBound/);
});

test("GIVEN our overrides at 4096 THEN they decide what no rule matches, as defaults, whatever the address is", () => {
  const v = view({ "default-in": { name: "default-in-deny-all", priority: 4096, access: "Deny" }, "default-out": { name: "default-out-allow-all", priority: 4096, direction: "Outbound" } });
  expect(azureDecide(v, flow({ peer: address("192.0.2.1") }))).toEqual({ action: "deny", resources: [], decidedBy: "azurerm_network_security_rule.default-in", byDefault: true });
  expect(azureDecide(v, flow({}))).toEqual(expect.objectContaining({ action: "deny", byDefault: true }));
  expect(azureDecide(v, flow({ direction: "egress", peer: address("10.200.0.1") }))).toEqual({
    action: "allow",
    resources: [],
    decidedBy: "azurerm_network_security_rule.default-out",
    byDefault: true,
  });
});

test("GIVEN application security groups THEN members of the role match them, addresses never; the target side holds the target's members", () => {
  const v = view({ a: { priority: 100, source_application_security_group_ids: [DB_ASG], source_address_prefix: undefined }, d: { name: "default-in-deny-all", priority: 4096, access: "Deny" } });
  expect(azureDecide(v, flow({ peer: member("db") })).action).toBe("allow");
  expect(azureDecide(v, flow({ peer: member("web") })).action).toBe("deny");
  expect(azureDecide(v, flow({ peer: address("10.0.0.5") })).action).toBe("deny");
  const toOther = view({
    a: { priority: 100, destination_application_security_group_ids: [DB_ASG], destination_address_prefix: undefined },
    d: { name: "default-in-deny-all", priority: 4096, access: "Deny" },
  });
  expect(azureDecide(toOther, flow({})).action).toBe("deny");
});

test("GIVEN prefixes THEN addresses inside match; a member matches only `*`, VirtualNetwork or the whole space of its family", () => {
  const rules = (prefix: string) => view({ a: { priority: 100, source_address_prefix: prefix }, d: { name: "default-in-deny-all", priority: 4096, access: "Deny" } });
  expect(azureDecide(rules("10.0.0.0/8"), flow({ peer: address("10.1.2.3") })).action).toBe("allow");
  expect(azureDecide(rules("10.0.0.0/8"), flow({ peer: address("11.0.0.1") })).action).toBe("deny");
  expect(azureDecide(rules("10.0.0.0/8"), flow({ peer: member("db") })).action).toBe("deny");
  expect(azureDecide(rules("0.0.0.0/0"), flow({ peer: member("db") })).action).toBe("allow");
  expect(azureDecide(rules("0.0.0.0/0"), flow({ peer: member("db", 6) })).action).toBe("deny");
  expect(azureDecide(rules("VirtualNetwork"), flow({ peer: member("db", 6) })).action).toBe("allow");
  expect(azureDecide(rules("Internet"), flow({ peer: member("db") })).action).toBe("deny");
  expect(azureDecide(rules("10.1.2.3"), flow({ peer: address("10.1.2.3") })).action).toBe("allow");
});

test("GIVEN Icmp THEN it is the ICMP of the packet's family; * is every protocol; Tcp/Udp ports are destination ports", () => {
  const v = view({
    i: { priority: 100, protocol: "Icmp" },
    u: { priority: 110, protocol: "Udp", destination_port_ranges: ["53", "8088-8093"], destination_port_range: undefined },
    d: { name: "default-in-deny-all", priority: 4096, access: "Deny" },
  });
  expect(azureDecide(v, flow({ protocol: 1, port: undefined })).action).toBe("allow");
  expect(azureDecide(v, flow({ protocol: 58, port: undefined, peer: member("db", 6) })).action).toBe("allow");
  expect(azureDecide(v, flow({ protocol: 58, port: undefined })).action).toBe("deny");
  expect(azureDecide(v, flow({ protocol: 17, port: 8090 })).action).toBe("allow");
  expect(azureDecide(v, flow({ protocol: 17, port: 8094 })).action).toBe("deny");
  expect(azureDecide(v, flow({ protocol: 6, port: 53 })).action).toBe("deny");
  expect(azureDecide(view({ all: { priority: 100 } }), flow({ protocol: 47, port: undefined })).resources).toEqual(["azurerm_network_security_rule.all"]);
});

test("GIVEN what Azure itself rejects THEN the reader refuses it, naming the resources", () => {
  const codes = (rules: Record<string, any>) => {
    try {
      view(rules);
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).codes;
    }
  };
  expect(thrown(() => view({ a: { priority: 100 }, b: { priority: 100 } }))).toEqual({ error: "ConfigError", codes: ["VERIFY_BAD_VALUE"] });
  expect(codes({ a: { priority: 4097 } })).toEqual(["VERIFY_BAD_VALUE"]);
  expect(codes({ a: { priority: 100, source_application_security_group_ids: [DB_ASG] } })).toEqual(["VERIFY_BAD_VALUE"]);
  // Fail closed: a protocol Azure does not know is refused at reading, before any decision.
  expect(codes({ a: { priority: 100, protocol: "Gre" } })).toEqual(["VERIFY_BAD_VALUE"]);
  expect(codes({ a: { priority: 100, source_address_prefix: "Storage" } })).toEqual(["VERIFY_UNKNOWN_SERVICE_TAG"]);
});

test("GIVEN rules that deny the virtual network and the Internet only THEN verify probes the load balancer's address, where AllowAzureLoadBalancerInBound may let it in", () => {
  const v = view({ vnet: { priority: 100, access: "Deny", source_address_prefix: "VirtualNetwork" }, internet: { priority: 101, access: "Deny", source_address_prefix: "Internet" } });
  const report = checkEnvironment({ bound: boundOf([rule("db-out", { target: "db", direction: "egress", peer: "any" })]), stacks: [{ cloud: "azure", view: azureEffective(v) }] });
  const toWeb = report.disagreements.filter((d) => d.flow.target === "web" && d.flow.direction === "ingress");
  // Elsewhere the rules decide alike wherever the address is; at the probe address the load balancer's default may let it in.
  const byLoadBalancer = toWeb.filter((d) => /AllowAzureLoadBalancerInBound/.test(d.clouds.azure?.uncertain ?? ""));
  expect(byLoadBalancer.map((d) => [d.flow.protocol, d.flow.peer.kind === "address" && d.flow.peer.address, (d.flow.peer as { lastAddress?: string }).lastAddress])).toEqual(
    expect.arrayContaining([[6, "168.63.129.16", "168.63.129.16"]]),
  );
  expect(byLoadBalancer.every((d) => d.flow.peer.kind === "address" && d.flow.peer.address === "168.63.129.16")).toBe(true);
});
