/** The SecureTransport-on-Azure table (docs/azure.md) is what dev-azure renders in the Servers' NSG: every NSG rule it names, with its priority and protocol, and no other. */
import { readFileSync } from "fs";
import { jsonPath } from "../../../synth/synthesize";
import { readJson, synthesizeExamples } from "../../support/synthesized";

test("GIVEN the docs' table of the SecureTransport rows on Azure THEN dev-azure's server NSG has exactly those NSG rules, priorities and protocols", async () => {
  const { outdir } = await synthesizeExamples();
  const readme = readFileSync("docs/azure.md", "utf8");
  const table = readme.slice(readme.indexOf("### The SecureTransport table on Azure"), readme.indexOf("Every difference, and why"));
  const named = [...table.matchAll(/\| `([a-z0-9-]+)` \((\d+)(?:, outbound)?\) \| `([^`]+)` \|/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  const rendered = Object.values<any>(readJson(jsonPath(outdir, "dev-azure")).resource.azurerm_network_security_rule)
    .filter((r) => r.network_security_group_name === "${azurerm_network_security_group.nsg_st_server.name}")
    .map((r) => `${r.name} ${r.priority} ${r.protocol}`);
  expect(named.sort()).toEqual(rendered.sort());
  expect(named).toHaveLength(15);
});
