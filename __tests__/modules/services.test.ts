/**
 * Services in a user's own CDKTF app: FirewallCatalog takes their ports in
 * `bindings.services`, and every cloud renders the bound ports as plain ports.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { bindCatalog, CatalogBindings, FirewallCatalog } from "../../modules/firewall-catalog";
import { ConfigError, Policy } from "../../policy";
import { CatalogBuilder, Peer, Port } from "../../policy/builders";
import { reportCatalog, verifyCatalog } from "../../verify/catalog";

const policy = (): Policy =>
  new CatalogBuilder({ name: "mft", description: "managed file transfer" })
    .role("ftp", "FTP servers", { egressDefault: "deny" })
    .addressSet("partners", "partner networks")
    .service("ftp-passive", "FTP passive data ports", { protocol: "tcp" })
    .allowIngress("ftp-in", { to: "ftp", from: Peer.set("partners"), port: [Port.tcp(21), Port.tcpService("ftp-passive")], description: "FTP from partners" })
    .build();

function userStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "mft");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "p-1" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

const clouds = { aws: { vpcId: "vpc-1" }, gcp: { network: "vpc" }, azure: { resourceGroupName: "rg", location: "westeurope" } };

function codesOf(work: () => unknown): readonly string[] {
  try {
    work();
  } catch (e) {
    if (e instanceof ConfigError) return e.codes;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

test("GIVEN the passive range in bindings.services THEN AWS, GCP and Azure each open 21 and 30000-30100 as plain ports", () => {
  const stack = userStack();
  new FirewallCatalog(stack, "fw", {
    policy: policy(),
    bindings: { environment: "prod", addressSets: { partners: ["198.51.100.0/24"] }, services: { "ftp-passive": ["30000-30100"] } },
    namePrefix: "mft",
    clouds,
  });
  const json = JSON.parse(Testing.synth(stack, true));
  const aws = Object.values<{ from_port: number; to_port: number }>(json.resource.aws_vpc_security_group_ingress_rule).map((r) => `${r.from_port}-${r.to_port}`);
  expect(aws.sort()).toEqual(["21-21", "30000-30100"]);
  const gcp = Object.values<{ allow?: { ports?: string[] }[] }>(json.resource.google_compute_firewall).flatMap((f) => (f.allow ?? []).flatMap((a) => a.ports ?? []));
  expect(gcp.sort()).toEqual(["21", "30000-30100"]);
  const azure = Object.values<{ destination_port_range?: string; destination_port_ranges?: string[] }>(json.resource.azurerm_network_security_rule).flatMap(
    (r) => r.destination_port_ranges ?? (r.destination_port_range && r.destination_port_range !== "*" ? [r.destination_port_range] : []),
  );
  expect(azure.sort()).toEqual(["21", "30000-30100"]);
});

test("GIVEN no binding of the range in code THEN ENV_SERVICE_UNBOUND; GIVEN bindings.services not a map of port lists THEN LIB_BAD_PROP", () => {
  const bindings: CatalogBindings = { environment: "prod", addressSets: { partners: ["198.51.100.0/24"] } };
  expect(codesOf(() => bindCatalog(policy(), bindings))).toEqual(["ENV_SERVICE_UNBOUND"]);
  expect(codesOf(() => new FirewallCatalog(userStack(), "fw", { policy: policy(), bindings, namePrefix: "mft", clouds }))).toEqual(["ENV_SERVICE_UNBOUND"]);
  for (const services of [["30000-30100"], { "ftp-passive": "30000-30100" }, { "ftp-passive": [null] }, null]) {
    expect(codesOf(() => new FirewallCatalog(userStack(), "fw", { policy: policy(), bindings: { ...bindings, services: services as never }, namePrefix: "mft", clouds }))).toEqual(["LIB_BAD_PROP"]);
  }
});

test("GIVEN a FirewallCatalog with the passive range bound THEN verify finds every cloud deciding as the catalog, and the report read from the stack names the service", () => {
  const firewall = new FirewallCatalog(userStack(), "fw", {
    policy: policy(),
    bindings: { environment: "prod", addressSets: { partners: ["198.51.100.0/24"] }, services: { "ftp-passive": ["30000-30100"] } },
    namePrefix: "mft",
    clouds,
  });
  const { report } = verifyCatalog(firewall);
  expect(report.flowsChecked).toBeGreaterThan(0);
  expect(report.disagreements).toEqual([]);
  expect(reportCatalog(firewall).json.rules[0].services).toEqual([{ id: "ftp-passive", ports: "30000-30100" }]);
});

test("GIVEN a service bound to a token (a Terraform variable) THEN ENV_SERVICE_PORTS_TOKEN: the ports must be known at synthesis", () => {
  const stack = userStack();
  const port = new TerraformVariable(stack, "pasv_from", { type: "number" });
  for (const value of [Token.asString(port.value), port.numberValue]) {
    const bindings: CatalogBindings = { environment: "prod", addressSets: { partners: ["198.51.100.0/24"] }, services: { "ftp-passive": [30000, value] } };
    expect(codesOf(() => bindCatalog(policy(), bindings))).toEqual(["ENV_SERVICE_PORTS_TOKEN"]);
  }
});
