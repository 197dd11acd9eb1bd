/** The azure section of an environment file: good input gives the stack, bad input a located error; the report shows what Azure needed. */
import { readFileSync } from "fs";
import * as path from "path";
import { ConfigError } from "../../../policy";
import { parseEnvironment, stackName } from "../../../stacks/environment";
import { sharedStateProblems, stackStates } from "../../../stacks/state";
import { jsonPath } from "../../../synth/synthesize";
import { readJson, synthesizeExamples } from "../../support/synthesized";

const HEAD = `name: qa
catalog: securetransport
namePrefix: st
addressSets:
  admin-host: [10.0.0.1/32]
`;
const AZURE = `azure:
  subscriptionId: 00000000-0000-4000-8000-000000000000
  resourceGroup: rg-fw
  location: westeurope
  backend:
    azurerm: { storageAccount: mystate, container: tfstate }
`;
const parse = (azure: string) => parseEnvironment(`${HEAD}${azure}`, "environments/qa.yaml");

test("GIVEN an azure section alone THEN it is a valid environment with that cloud only", () => {
  expect(parse(AZURE).azure).toEqual({
    subscriptionId: "00000000-0000-4000-8000-000000000000",
    resourceGroup: "rg-fw",
    location: "westeurope",
    backend: { azurerm: { storageAccount: "mystate", container: "tfstate" } },
  });
  expect(parse(AZURE.replace("    azurerm: { storageAccount: mystate, container: tfstate }", "    local: { path: state/qa.tfstate }")).azure?.backend).toEqual({ local: { path: "state/qa.tfstate" } });
});

const bad: [string, string, RegExp][] = [
  [
    "subscription id not a GUID",
    AZURE.replace("00000000-0000-4000-8000-000000000000", "my-subscription"),
    /qa\.yaml:7:19: environment "qa": azure\.subscriptionId: "my-subscription" is not valid\. Azure subscription id \(a GUID\)/,
  ],
  ["location that is no Azure region", AZURE.replace("westeurope", "marsnorth"), /qa\.yaml:9:13: environment "qa": "marsnorth" is not an Azure region\. Did you mean /],
  [
    "resource group ending with a dot",
    AZURE.replace("rg-fw", "rg-fw."),
    /qa\.yaml:8:18: environment "qa": azure\.resourceGroup: "rg-fw\." is not valid\. Resource group of the security groups: up to 90/,
  ],
  [
    "storage account with upper case",
    AZURE.replace("mystate", "MyState"),
    /qa\.yaml:11:32: environment "qa": azure\.backend\.azurerm\.storageAccount: "MyState" is not valid\. Storage account name: 3-24 lower-case letters and digits/,
  ],
  ["container with a double hyphen", AZURE.replace("tfstate }", "tf--state }"), /qa\.yaml:11:52: environment "qa": azure\.backend\.azurerm\.container: "tf--state" is not valid\. Blob container name/],
  [
    "priority base below 100",
    `${AZURE}  priorityBase: 99\n`,
    /qa\.yaml:12:17: environment "qa": azure\.priorityBase: 99 is outside 100-4095\. Lowest priority of the catalog's rules .*; 4096 is kept for the overrides of Azure's default rules/,
  ],
  ["priority base on the override's 4096", `${AZURE}  priorityBase: 4096\n`, /azure\.priorityBase: 4096 is outside 100-4095/],
  ["priority step 0", `${AZURE}  priorityStep: 0\n`, /qa\.yaml:12:17: environment "qa": azure\.priorityStep: 0 is outside 1-1000/],
  ["tag name with a slash", `${AZURE}  tags: { a/b: x }\n`, /qa\.yaml:12:11: environment "qa": azure\.tags: invalid key "a\/b"\. Azure tag name: 1-512 characters, none of/],
  ["tag value too long", `${AZURE}  tags: { owner: ${"x".repeat(257)} }\n`, /qa\.yaml:12:18: environment "qa": azure\.tags\.owner: "x{57}\.\.\." is 257 characters long; at most 256 are allowed/],
  ["unknown field", `${AZURE}  region: westeurope\n`, /qa\.yaml:12:3: environment "qa": azure: unknown field "region"\. Remove it or use one of: subscriptionId, resourceGroup, location/],
  ["missing resource group", AZURE.replace("  resourceGroup: rg-fw\n", ""), /environment "qa": azure: missing required field "resourceGroup"/],
  [
    "two backends",
    AZURE.replace("    azurerm: { storageAccount: mystate, container: tfstate }", "    azurerm: { storageAccount: mystate, container: tfstate }\n    local: { path: x }"),
    /environment "qa": azure\.backend/,
  ],
  [
    "absolute local state path",
    AZURE.replace("    azurerm: { storageAccount: mystate, container: tfstate }", "    local: { path: /var/state }"),
    /environment "qa": azure\.backend\.local\.path: "\/var\/state" is not valid\. Relative path of the state file/,
  ],
];
test.each(bad)("GIVEN %s THEN a located error", (_name, azure, expected) => {
  expect(() => parse(azure)).toThrow(ConfigError);
  expect(() => parse(azure)).toThrow(expected);
});

describe("GIVEN the example environments synthesized", () => {
  let outdir: string;
  beforeAll(async () => {
    outdir = (await synthesizeExamples()).outdir;
  });

  test("THEN prod's Azure stack keeps its state in its own blob and priorities start a step (100) above its base", () => {
    const json = readJson(jsonPath(outdir, "prod-azure"));
    expect(json.terraform.backend.azurerm).toEqual({
      storage_account_name: "stfwstateprod",
      container_name: "tfstate",
      key: "firewall/prod-azure.tfstate",
      resource_group_name: "rg-st-terraform-state",
      use_azuread_auth: true,
    });
    expect(Math.min(...Object.values<any>(json.resource.azurerm_network_security_rule).map((r) => r.priority))).toBe(1100);
    expect(readJson(jsonPath(outdir, "dev-azure")).terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });

  test("THEN each report lists how Azure keeps the ingress default (the override of AllowVnetInBound) and the egress default", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const md = readFileSync(path.join(outdir, "reports", `${env}.md`), "utf8");
      expect(md).toContain("## Ingress defaults");
      expect(md).toMatch(
        /- `st-server`: deny\. AWS: default, the cloud's own default denies ingress that no rule matches\. Azure: rendered \(`azurerm_network_security_rule\.st_server_default_in_deny_all`\), deny-all inbound at priority 4096 overrides Azure's AllowVnetInBound \(65000\)/,
      );
      // prod has IPv6; dev and staging do not, and deny IPv6 outbound before the allow
      const ipv6Deny = env === "prod" ? "" : "`azurerm_network_security_rule\\.st_server_default_out_deny_ipv6`, ";
      expect(md).toMatch(new RegExp(`Azure: rendered \\(${ipv6Deny}\`azurerm_network_security_rule\\.st_server_default_out_allow_all\`\\), allow-all outbound at priority 4096`));
      const json = readJson(path.join(outdir, "reports", `${env}.json`));
      expect(json.ingressDefaults[0].clouds.azure).toEqual(expect.objectContaining({ how: "rendered", resources: ["azurerm_network_security_rule.st_server_default_in_deny_all"] }));
      // Every rule is rendered on Azure but the source sides of the Servers' flows, which their allow-all egress carries.
      expect(json.rules.filter((r: any) => r.clouds.azure.how !== "rendered").map((r: any) => [r.id, r.clouds.azure.how])).toEqual(
        ["st-streaming-out", "st-socks-out", "st-db-access-out", "st-storage-access-out"].map((id) => [id, "inapplicable"]),
      );
    }
  });
});

describe("GIVEN Azure state settings", () => {
  const withKey = (name: string, key?: string) =>
    parseEnvironment(`${HEAD.replace("name: qa", `name: ${name}`)}${AZURE.replace("container: tfstate }", `container: tfstate${key ? `, key: ${key}` : ""} }`)}`, `environments/${name}.yaml`);

  test("THEN each stack's blob is its own by default, and one key written in two environments is refused, naming both stacks and the setting", () => {
    expect(sharedStateProblems([...stackStates(withKey("qa"), stackName), ...stackStates(withKey("uat"), stackName)])).toEqual([]);
    expect(stackStates(withKey("qa"), stackName)[0].objects).toEqual(["azurerm://mystate/tfstate/firewall/qa-azure.tfstate"]);
    const shared = sharedStateProblems([...stackStates(withKey("qa", "fw.tfstate"), stackName), ...stackStates(withKey("uat", "fw.tfstate"), stackName)]);
    expect(shared.map((p) => [p.code, p.subject])).toEqual([["ENV_SHARED_STATE", 'stacks "qa-azure" and "uat-azure"']]);
  });
});
