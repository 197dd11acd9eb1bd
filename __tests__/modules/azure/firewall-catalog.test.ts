/** FirewallCatalog with clouds.azure: the Azure construct inside a user's own stack, with the catalog-level checks. */
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { FirewallCatalog } from "../../../modules/firewall-catalog";
import { definePolicy } from "../../../policy";
import { rule } from "../../support/policies";

function stackWith(rules: ReturnType<typeof rule>[], office: string[] = ["10.1.0.0/16"]) {
  const stack = new TerraformStack(Testing.app(), "s");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const policy = definePolicy({ name: "shop", description: "shop", roles: [{ id: "web", description: "web", egressDefault: "deny" }], addressSets: [{ id: "office", description: "office" }], rules });
  const catalog = new FirewallCatalog(stack, "fw", { policy, bindings: { environment: "prod", addressSets: { office } }, namePrefix: "shop", clouds: { azure: { resourceGroupName: "rg-shop", location: "westeurope" } } });
  return { stack, catalog };
}

test("GIVEN clouds.azure in a user's stack THEN the ASG, the NSG and its rules are synthesized, with the role's ASG as its handle", () => {
  const { stack, catalog } = stackWith([rule("https", { peer: "set:office" })]);
  const json = JSON.parse(Testing.synth(stack));
  expect(Object.keys(json.resource).sort()).toEqual(["azurerm_application_security_group", "azurerm_network_security_group", "azurerm_network_security_rule"]);
  expect(Object.values<any>(json.resource.azurerm_network_security_rule).map((r) => `${r.name} ${r.priority}`).sort()).toEqual(["default-in-deny-all 4096", "default-out-deny-all 4096", "in-allow-https 100"]);
  expect(Object.keys(catalog.roleHandles("azure"))).toEqual(["web"]);
  expect(catalog.firewalls.azure!.realisations.map((r) => r.how)).toEqual(["rendered"]);
});

test("GIVEN tcp 22 from any THEN the user's synthesis fails validation with the lint's error, as ours does", () => {
  const { stack } = stackWith([rule("ssh", { ports: [22] })]);
  expect(() => Testing.synth(stack, true)).toThrow(/Validation failed[\s\S]*\[s\/fw\] security lint found 1 error\(s\)[\s\S]*error \[admin-port-open-to-any\] environment "prod", rule "ssh"/);
});
