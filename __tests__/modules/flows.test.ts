/**
 * A flow written once, rendered on each cloud: AWS an ingress rule referencing
 * the source's group (and an egress rule referencing the destination's where
 * the source's egress is restricted), Azure both NSGs, GCP one ingress
 * firewall; verify agrees with both sides on every cloud.
 */
import Ajv from "ajv";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { FirewallCatalog, FirewallCatalogClouds } from "../../modules/firewall-catalog";
import { Policy } from "../../policy";
import { CatalogBuilder, Peer, Port } from "../../policy/builders";
import { reportCatalog, verifyCatalog } from "../../verify/catalog";
import reportSchema from "../../synth/report/coverage-report.schema.json";
import { thrown } from "../support/thrown";

/** Servers stream to the edges (a flow); the edges take HTTPS from anywhere. */
function streaming(serverEgress: "allow" | "deny"): Policy {
  return new CatalogBuilder({ name: "st", description: "SecureTransport tiers" })
    .role("server", "SecureTransport Servers", { egressDefault: serverEgress })
    .role("edge", "SecureTransport Edges", { egressDefault: "deny" })
    .allowFlow("stream", { from: "server", to: "edge", port: Port.tcp(8080), description: "Streaming from the servers to the edges", origin: "vendor KB 163747" })
    .allowIngress("https", { to: "edge", from: Peer.any(), port: Port.tcp(443), description: "HTTPS from the partners" })
    .build();
}

const ALL_CLOUDS: FirewallCatalogClouds = { aws: { vpcId: "vpc-0a1b2c3d" }, gcp: { network: "st-vpc" }, azure: { resourceGroupName: "rg-st", location: "westeurope" } };

function render(policy: Policy, clouds: FirewallCatalogClouds = ALL_CLOUDS) {
  const stack = new TerraformStack(Testing.app(), "st");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "st-project" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const firewall = new FirewallCatalog(stack, "fw", { policy, bindings: { environment: "prod", addressSets: {} }, namePrefix: "st", clouds });
  const json = JSON.parse(Testing.synth(stack));
  const resources = (type: string) => Object.values<Record<string, unknown>>(json.resource?.[type] ?? {});
  const ofRule = (type: string, ruleId: string) =>
    resources(type).filter((r) => (r.tags as Record<string, string> | undefined)?.["catalog-rule"] === ruleId || String(r.name ?? "").endsWith(`-${ruleId}`));
  return { firewall, resources, ofRule };
}

describe("a flow on AWS and Azure where the source restricts its egress", () => {
  const { firewall, ofRule } = render(streaming("deny"), { aws: ALL_CLOUDS.aws, azure: ALL_CLOUDS.azure });

  test("GIVEN the flow THEN AWS has the destination's ingress referencing the source's group and the source's egress referencing the destination's", () => {
    expect(ofRule("aws_vpc_security_group_ingress_rule", "stream-in")).toEqual([
      expect.objectContaining({ security_group_id: "${aws_security_group.fw_aws_edge.id}", referenced_security_group_id: "${aws_security_group.fw_aws_server.id}", from_port: 8080, to_port: 8080 }),
    ]);
    expect(ofRule("aws_vpc_security_group_egress_rule", "stream-out")).toEqual([
      expect.objectContaining({ security_group_id: "${aws_security_group.fw_aws_server.id}", referenced_security_group_id: "${aws_security_group.fw_aws_edge.id}", from_port: 8080, to_port: 8080 }),
    ]);
  });

  test("GIVEN the flow THEN Azure has an inbound rule on the destination's NSG from the source's ASG and an outbound rule on the source's NSG to the destination's ASG", () => {
    expect(ofRule("azurerm_network_security_rule", "stream-in")).toEqual([
      expect.objectContaining({
        direction: "Inbound",
        access: "Allow",
        network_security_group_name: "${azurerm_network_security_group.fw_azure_nsg_edge.name}",
        source_application_security_group_ids: ["${azurerm_application_security_group.fw_azure_asg_server.id}"],
      }),
    ]);
    expect(ofRule("azurerm_network_security_rule", "stream-out")).toEqual([
      expect.objectContaining({
        direction: "Outbound",
        access: "Allow",
        network_security_group_name: "${azurerm_network_security_group.fw_azure_nsg_server.name}",
        destination_application_security_group_ids: ["${azurerm_application_security_group.fw_azure_asg_edge.id}"],
      }),
    ]);
  });

  test("GIVEN the synthesized stack THEN verify finds every flow decided alike by the catalog, AWS and Azure", () => {
    const { report } = verifyCatalog(firewall);
    expect(report.flowsChecked).toBeGreaterThan(100);
    expect(report.disagreements).toEqual([]);
  });

  test("GIVEN the coverage report THEN each side names its flow", () => {
    const rules = reportCatalog(firewall).json.rules;
    expect(rules.filter((r) => r.flow).map((r) => [r.id, r.flow])).toEqual([
      ["stream-in", { id: "stream", from: "server", to: "edge", side: "destination" }],
      ["stream-out", { id: "stream", from: "server", to: "edge", side: "source" }],
    ]);
    expect(reportCatalog(firewall).markdown).toContain("(destination side of flow `stream`)");
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(reportSchema);
    expect(validate(reportCatalog(firewall).json) ? [] : validate.errors).toEqual([]);
  });

  test("GIVEN GCP as well THEN it refuses the source side with GCP_FLOW_SOURCE_EGRESS_TO_ROLE (GCP egress rules cannot name tags)", () => {
    expect(thrown(() => render(streaming("deny")))).toEqual({ error: "SynthesisError", codes: ["GCP_FLOW_SOURCE_EGRESS_TO_ROLE"] });
  });
});

describe("a flow on every cloud where the source's egress default allows it", () => {
  const { firewall, ofRule, resources } = render(streaming("allow"));

  test("GIVEN the flow THEN GCP has one ingress firewall, target tag the destination's and source tag the source's", () => {
    const ingress = resources("google_compute_firewall").filter((f) => f.direction === "INGRESS" && (f.source_tags as string[] | undefined) !== undefined);
    expect(ingress).toEqual([expect.objectContaining({ target_tags: ["st-prod-edge"], source_tags: ["st-prod-server"], allow: [{ protocol: "tcp", ports: ["8080"] }] })]);
    // No egress firewall allows anything: the source side is left to GCP's implied allow.
    expect(resources("google_compute_firewall").filter((f) => f.direction === "EGRESS" && f.allow)).toEqual([]);
  });

  test("GIVEN the flow THEN AWS and Azure render the destination side only (the egress default allows the source side)", () => {
    expect(ofRule("aws_vpc_security_group_ingress_rule", "stream-in")).toHaveLength(1);
    expect(ofRule("aws_vpc_security_group_egress_rule", "stream-out")).toEqual([]);
    expect(ofRule("azurerm_network_security_rule", "stream-in")).toHaveLength(1);
    expect(ofRule("azurerm_network_security_rule", "stream-out")).toEqual([]);
  });

  test("GIVEN the synthesized stack THEN verify agrees on every cloud, and the report says why the source side is not rendered", () => {
    expect(verifyCatalog(firewall).report.disagreements).toEqual([]);
    const out = reportCatalog(firewall).json.rules.find((r) => r.id === "stream-out")!;
    expect(out.inapplicable).toContain("egress default");
    expect(Object.values(out.clouds).map((c) => c.how)).toEqual(["inapplicable", "inapplicable", "inapplicable"]);
  });
});
