/** FirewallCatalog with clouds.azure: the Azure construct inside a user's own stack, with the catalog-level checks. */
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { FirewallCatalog } from "../../../modules/firewall-catalog";
import { definePolicy } from "../../../policy";
import { rule } from "../../support/policies";

function stackWith(rules: ReturnType<typeof rule>[], office: string[] = ["10.1.0.0/16"]) {
  const stack = new TerraformStack(Testing.app(), "s");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const policy = definePolicy({ name: "shop", description: "shop", roles: [{ id: "web", description: "web", egressDefault: "deny" }], addressSets: [{ id: "office", description: "office" }], rules });
  const catalog = new FirewallCatalog(stack, "fw", {
    policy,
    bindings: { environment: "prod", addressSets: { office } },
    namePrefix: "shop",
    clouds: { azure: { resourceGroupName: "rg-shop", location: "westeurope" } },
  });
  return { stack, catalog };
}

test("GIVEN clouds.azure in a user's stack THEN the ASG, the NSG and its rules are synthesized, with the role's ASG as its handle", () => {
  const { stack, catalog } = stackWith([rule("https", { peer: "set:office" })]);
  const json = JSON.parse(Testing.synth(stack));
  expect(Object.keys(json.resource).sort()).toEqual(["azurerm_application_security_group", "azurerm_network_security_group", "azurerm_network_security_rule"]);
  expect(
    Object.values<any>(json.resource.azurerm_network_security_rule)
      .map((r) => `${r.name} ${r.priority}`)
      .sort(),
  ).toEqual(["default-in-deny-all 4096", "default-out-deny-all 4096", "in-allow-https 200"]);
  expect(Object.keys(catalog.roleHandles("azure"))).toEqual(["web"]);
  expect(catalog.firewalls.azure!.realisations.map((r) => r.how)).toEqual(["rendered"]);
});

test("GIVEN tcp 22 from any THEN the user's synthesis fails validation with the lint's error, as ours does", () => {
  const { stack } = stackWith([rule("ssh", { ports: [22] })]);
  expect(() => Testing.synth(stack, true)).toThrow(/Validation failed[\s\S]*\[s\/fw\] security lint found 1 error\(s\)[\s\S]*error \[admin-port-open-to-any\] environment "prod", rule "ssh"/);
});

test("GIVEN a resource group, a location and a set address as tokens of the user's resources THEN they pass through, and no rule merges across a deny next to the token", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const rg = new ResourceGroup(stack, "rg", { name: "rg-shop", location: "westeurope" });
  const officeCidr = new TerraformVariable(stack, "office_cidr", { type: "string" });
  const policy = definePolicy({
    name: "shop",
    description: "shop",
    roles: [{ id: "web", description: "web", egressDefault: "deny" }],
    addressSets: [{ id: "office", description: "office" }],
    rules: [rule("https", { peer: "set:office" }), rule("no-guests", { action: "deny", peer: "10.0.99.0/24", ports: "all" }), rule("admin", { peer: "set:office", ports: [8443] })],
  });
  new FirewallCatalog(stack, "fw", {
    policy,
    bindings: { environment: "prod", addressSets: { office: ["192.168.0.0/16", officeCidr.stringValue] } },
    namePrefix: "shop",
    clouds: { azure: { resourceGroupName: rg.name, location: rg.location } },
  });
  const json = JSON.parse(Testing.synth(stack, true));
  const rules = Object.values<any>(json.resource.azurerm_network_security_rule).filter((r) => !r.name.startsWith("default-"));
  expect(rules.map((r) => `${r.priority} ${r.name} ${r.destination_port_range} ${(r.source_address_prefixes ?? [r.source_address_prefix]).join(",")}`).sort()).toEqual([
    "200 in-allow-https 443 192.168.0.0/16,${var.office_cidr}",
    "300 in-deny-no-guests * 10.0.99.0/24",
    "400 in-allow-admin 8443 192.168.0.0/16,${var.office_cidr}",
  ]);
  expect(Object.values<any>(json.resource.azurerm_network_security_group)[0]).toEqual(
    expect.objectContaining({ resource_group_name: "${azurerm_resource_group.rg.name}", location: "${azurerm_resource_group.rg.location}" }),
  );
});
