/**
 * Several networks in a user's own app: FirewallCatalog's `clouds.<cloud>`
 * (and each per-cloud construct used alone) take `networks` and `placement`
 * as an environment file's cloud section does, and render what our own stacks
 * render for the same catalog and environment: each role's resources in its
 * network, role peers of another network widened to its CIDRs (the load
 * balancer's group on AWS included), verify exact. The app side uses the
 * package's entry point (index.ts) only.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AwsSecurityGroups, AzureNetworkSecurityGroups, bindPolicy, FirewallCatalog, FirewallCatalogClouds, GcpFirewall, lintPolicy, parseCatalog, reportCatalog, verifyCatalog } from "../../index";
import { jsonPath, synthesizeAll } from "../../synth/synthesize";
import { readJson } from "../support/synthesized";
import { thrown } from "../support/thrown";
import { TIERS_LB_CATALOG } from "../support/tiers";

const INTERNAL_VPC = "vpc-0c3d4e5f607182930";
const DMZ_VPC = "vpc-0d4e5f60718293a4b";
const PARTNERS = ["198.51.100.0/24"];

/** The environment file of our own stacks: the load balancer and the Edge in the DMZ, unpeered on AWS. */
const ENVIRONMENT = `name: split
catalog: tiers-lb
namePrefix: tr
addressSets:
  partners: [${PARTNERS.join(", ")}]
aws:
  region: eu-west-1
  networks:
    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }
    dmz: { vpcId: ${DMZ_VPC}, cidrs: [10.31.0.0/16] }
  placement: { "*": internal, edge: dmz, lb: dmz }
  backend:
    local: { path: terraform.tfstate }
gcp:
  project: tiers-project
  region: europe-west1
  networks:
    internal: { network: tiers-vpc, cidrs: [10.30.0.0/16] }
    dmz: { network: tiers-dmz, cidrs: [10.31.0.0/16] }
  placement: { "*": internal, edge: dmz, lb: dmz }
  backend:
    local: { path: terraform.tfstate }
azure:
  subscriptionId: 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9
  resourceGroup: rg-tiers
  location: westeurope
  networks:
    internal: { vnet: tiers-vnet, cidrs: [10.30.0.0/16] }
    dmz: { vnet: tiers-dmz-vnet, cidrs: [10.31.0.0/16] }
  placement: { "*": internal, edge: dmz, lb: dmz }
  backend:
    local: { path: terraform.tfstate }
`;

/** The same environment as a user's app writes it: FirewallCatalog's clouds (our stacks' options: bare logical ids, the catalog tag). */
const CLOUDS: FirewallCatalogClouds = {
  aws: {
    networks: { internal: { vpcId: INTERNAL_VPC, cidrs: ["10.30.0.0/16"] }, dmz: { vpcId: DMZ_VPC, cidrs: ["10.31.0.0/16"] } },
    placement: { "*": "internal", edge: "dmz", lb: "dmz" },
    tags: { catalog: "tiers-lb" },
    logicalIdScope: "none",
  },
  gcp: {
    networks: { internal: { network: "tiers-vpc", cidrs: ["10.30.0.0/16"] }, dmz: { network: "tiers-dmz", cidrs: ["10.31.0.0/16"] } },
    placement: { "*": "internal", edge: "dmz", lb: "dmz" },
    project: "tiers-project",
    logicalIdScope: "none",
  },
  azure: {
    networks: { internal: { vnet: "tiers-vnet", cidrs: ["10.30.0.0/16"] }, dmz: { vnet: "tiers-dmz-vnet", cidrs: ["10.31.0.0/16"] } },
    placement: { "*": "internal", edge: "dmz", lb: "dmz" },
    resourceGroupName: "rg-tiers",
    location: "westeurope",
    tags: { catalog: "tiers-lb" },
    logicalIdScope: "none",
  },
};

const policy = parseCatalog(TIERS_LB_CATALOG, "tiers-lb.yaml");

function userStack() {
  const stack = new TerraformStack(Testing.app(), "shop");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "tiers-project" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

function userApp(clouds: FirewallCatalogClouds = CLOUDS) {
  const stack = userStack();
  const firewall = new FirewallCatalog(stack, "fw", { policy, bindings: { environment: "split", addressSets: { partners: PARTNERS } }, namePrefix: "tr", clouds });
  return { stack, firewall, json: JSON.parse(Testing.synth(stack)) };
}

/** A stack's resources without CDKTF's "//" comments (construct paths differ between the two apps). */
function resources(json: any): Record<string, Record<string, unknown>> {
  return JSON.parse(JSON.stringify(json.resource ?? {}, (key, value) => (key === "//" ? undefined : value)));
}

let ours: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-library-networks-"));
  const ws = { catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "out") };
  mkdirSync(ws.catalogDir);
  mkdirSync(ws.environmentsDir);
  writeFileSync(path.join(ws.catalogDir, "tiers-lb.yaml"), TIERS_LB_CATALOG);
  writeFileSync(path.join(ws.environmentsDir, "split.yaml"), ENVIRONMENT);
  const result = await synthesizeAll(ws);
  ours = Object.assign({}, ...result.stacks.map((s) => resources(readJson(jsonPath(ws.outdir, s.name)))));
}, 120_000);

describe("FirewallCatalog with networks and placement renders what our stacks render", () => {
  test("GIVEN a two-network environment on AWS, GCP and Azure THEN the app's resources are our stacks' resources, one for one", () => {
    const mine = resources(userApp().json);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(ours).sort());
    for (const type of Object.keys(ours)) expect({ type, resources: mine[type] }).toEqual({ type, resources: ours[type] });
  });

  test("GIVEN unpeered VPCs THEN the Edge's and the load balancer's groups are in the DMZ VPC, and the rules from them name the DMZ's CIDRs", () => {
    const { firewall, json } = userApp();
    const groups = Object.values<any>(json.resource.aws_security_group);
    expect(Object.fromEntries(groups.map((g) => [g.tags["catalog-role"], g.vpc_id]))).toEqual({ lb: DMZ_VPC, edge: DMZ_VPC, app: INTERNAL_VPC, db: INTERNAL_VPC });
    const ingress = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule).filter((r) => r.from_port === 8443 || r.from_port === 8080);
    expect(ingress.map((r) => [r.from_port, r.cidr_ipv4, r.referenced_security_group_id])).toEqual([
      [8443, "10.31.0.0/16", undefined],
      [8080, "10.31.0.0/16", undefined],
    ]);
    expect(firewall.firewalls.aws!.placed!.widened.map((w) => [w.ruleId, w.role, w.network])).toEqual([
      ["app-from-edge", "edge", "dmz"],
      ["app-from-lb", "lb", "dmz"],
    ]);
  });

  test("GIVEN the app's stack THEN verifyCatalog holds each cloud to the policy as placed and agrees, and reportCatalog lists the widened peers", () => {
    const { firewall } = userApp();
    const check = verifyCatalog(firewall);
    expect(check.report.disagreements.map((d) => d.explanation)).toEqual([]);
    expect(check.report.findings).toEqual([]);
    expect(check.report.flowsChecked).toBeGreaterThan(50);
    expect(reportCatalog(firewall).json.networks?.aws?.widened.map((w) => w.rule)).toEqual(["app-from-edge", "app-from-lb"]);
  });

  test("GIVEN the VPC ids as tokens of the app's own Vpcs THEN each group is in its VPC, and verifyCatalog agrees", () => {
    const stack = userStack();
    const internal = new Vpc(stack, "internal", { cidrBlock: "10.30.0.0/16" });
    const dmz = new Vpc(stack, "dmz", { cidrBlock: "10.31.0.0/16" });
    const aws = { ...CLOUDS.aws!, networks: { internal: { vpcId: internal.id, cidrs: ["10.30.0.0/16"] }, dmz: { vpcId: dmz.id, cidrs: ["10.31.0.0/16"] } } };
    const firewall = new FirewallCatalog(stack, "fw", { policy, bindings: { environment: "split", addressSets: { partners: PARTNERS } }, namePrefix: "tr", clouds: { aws } });
    const groups = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.aws_security_group);
    expect(Object.fromEntries(groups.map((g) => [g.tags["catalog-role"], g.vpc_id]))).toEqual({
      lb: "${aws_vpc.dmz.id}",
      edge: "${aws_vpc.dmz.id}",
      app: "${aws_vpc.internal.id}",
      db: "${aws_vpc.internal.id}",
    });
    const check = verifyCatalog(firewall);
    expect(check.report.disagreements.map((d) => d.explanation)).toEqual([]);
    expect(check.report.findings).toEqual([]);
  });

  test("GIVEN the GCP networks as tokens of the app's own ComputeNetworks THEN each firewall is in its role's network, and verifyCatalog agrees", () => {
    const stack = userStack();
    const internal = new ComputeNetwork(stack, "internal", { name: "tiers-vpc", autoCreateSubnetworks: false });
    const dmz = new ComputeNetwork(stack, "dmz", { name: "tiers-dmz", autoCreateSubnetworks: false });
    const gcp = { ...CLOUDS.gcp!, networks: { internal: { network: internal.name, cidrs: ["10.30.0.0/16"] }, dmz: { network: dmz.name, cidrs: ["10.31.0.0/16"] } } };
    const firewall = new FirewallCatalog(stack, "fw", { policy, bindings: { environment: "split", addressSets: { partners: PARTNERS } }, namePrefix: "tr", clouds: { gcp } });
    const firewalls = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.google_compute_firewall);
    expect([...new Set(firewalls.map((f) => f.network))].sort()).toEqual(["${google_compute_network.dmz.name}", "${google_compute_network.internal.name}"]);
    const check = verifyCatalog(firewall);
    expect(check.report.disagreements.map((d) => d.explanation)).toEqual([]);
    expect(check.report.findings).toEqual([]);
  });

  test("GIVEN the DMZ peered with the internal VPC THEN the rules reference the Edge's and the load balancer's groups across the peering", () => {
    const aws = { ...CLOUDS.aws!, networks: { ...CLOUDS.aws!.networks, dmz: { vpcId: DMZ_VPC, cidrs: ["10.31.0.0/16"], peeredWith: ["internal"] } } };
    const { firewall, json } = userApp({ aws });
    const ingress = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule).filter((r) => r.from_port === 8443 || r.from_port === 8080);
    expect(ingress.map((r) => r.referenced_security_group_id)).toEqual(["${aws_security_group.edge.id}", "${aws_security_group.lb.id}"]);
    expect(firewall.firewalls.aws!.placed!.widened).toEqual([]);
  });

  test("GIVEN a widened peer on an administration port from a world-wide network THEN synthesis refuses it (the lint reads the policy as placed)", () => {
    const wide = { ...CLOUDS.aws!, networks: { internal: CLOUDS.aws!.networks!.internal, dmz: { vpcId: DMZ_VPC, cidrs: ["128.0.0.0/1"] } } };
    const admin = parseCatalog(TIERS_LB_CATALOG.replace("ports: [8443]", "ports: [22]"), "tiers-lb.yaml");
    const bindings = { environment: "split", addressSets: { partners: PARTNERS } };
    const stack = userStack();
    const firewall = new FirewallCatalog(stack, "fw", { policy: admin, bindings, namePrefix: "tr", clouds: { aws: wide } });
    // The catalog itself passes the lint; as placed, app-from-edge opens port 22 to 128.0.0.0/1.
    expect(firewall.lintResult.errors).toEqual([]);
    expect(lintPolicy(firewall.firewalls.aws!.placed!.bound).errors.map((f) => [f.check, f.ruleId])).toEqual([["admin-port-open-to-any", "app-from-edge"]]);
    expect(firewall.firewalls.aws!.node.validate()).toHaveLength(1);
    expect(() => Testing.synth(stack, true)).toThrow();
    // An error of the catalog itself is reported once, by the catalog, not again as placed.
    const sshFromAny = parseCatalog(TIERS_LB_CATALOG.replace("peer: set:partners\n    protocol: tcp\n    ports: [443]", "peer: any\n    protocol: tcp\n    ports: [22]"), "tiers-lb.yaml");
    const both = new FirewallCatalog(userStack(), "fw", { policy: sshFromAny, bindings, namePrefix: "tr", clouds: { aws: CLOUDS.aws } });
    expect(both.lintResult.errors.map((f) => [f.check, f.ruleId])).toEqual([["admin-port-open-to-any", "edge-from-partners"]]);
    expect(both.node.validate()).toHaveLength(1);
    expect(both.firewalls.aws!.node.validate()).toEqual([]);
    // One network: the same catalog synthesizes (role peers stay the role).
    const single = userStack();
    new FirewallCatalog(single, "fw", { policy: admin, bindings, namePrefix: "tr", clouds: { aws: { vpcId: INTERNAL_VPC } } });
    expect(() => Testing.synth(single, true)).not.toThrow();
  });
});

describe("the per-cloud constructs used alone place the policy the same way", () => {
  const bound = bindPolicy(policy, { environment: "split", addressSets: { partners: PARTNERS } });

  test("GIVEN AwsSecurityGroups, GcpFirewall and AzureNetworkSecurityGroups with networks THEN each renders FirewallCatalog's resources", () => {
    const stack = userStack();
    const { aws, gcp, azure } = CLOUDS;
    const groups = new AwsSecurityGroups(stack, "groups", { ...aws!, policy: bound, namePrefix: "tr" });
    new GcpFirewall(stack, "firewall", { ...gcp!, policy: bound, namePrefix: "tr" });
    const nsgs = new AzureNetworkSecurityGroups(stack, "nsgs", { ...azure!, policy: bound, namePrefix: "tr" });
    expect(resources(JSON.parse(Testing.synth(stack)))).toEqual(resources(userApp().json));
    expect(groups.vpcIdOfRole).toEqual({ lb: DMZ_VPC, edge: DMZ_VPC, app: INTERNAL_VPC, db: INTERNAL_VPC });
    expect(nsgs.vnetOfRole).toEqual({ lb: "tiers-dmz-vnet", edge: "tiers-dmz-vnet", app: "tiers-vnet", db: "tiers-vnet" });
  });

  test("GIVEN networks that cannot be placed THEN each is refused with the environment file's code (or LIB_…), all at once", () => {
    const aws = CLOUDS.aws!;
    const refused = (props: Record<string, unknown>) => thrown(() => new AwsSecurityGroups(userStack(), "groups", { ...aws, policy: bound, namePrefix: "tr", ...props }));
    expect(refused({ placement: undefined })).toEqual({ error: "ConfigError", codes: ["ENV_NETWORKS_WITHOUT_PLACEMENT"] });
    expect(refused({ vpcId: INTERNAL_VPC })).toEqual({ error: "ConfigError", codes: ["ENV_NETWORKS_AND_ONE_NETWORK"] });
    expect(refused({ vpcIdOfRole: { app: INTERNAL_VPC } })).toEqual({ error: "ConfigError", codes: ["LIB_BAD_PROP"] });
    expect(refused({ placement: { "*": "internal", edge: "elsewhere", web: "dmz" } })).toEqual({ error: "ConfigError", codes: ["ENV_PLACEMENT_UNKNOWN_NETWORK"] });
    expect(refused({ placement: { "*": "internal", web: "dmz" } })).toEqual({ error: "ConfigError", codes: ["ENV_PLACEMENT_UNKNOWN_ROLE"] });
    expect(refused({ placement: { edge: "dmz" } })).toEqual({ error: "ConfigError", codes: ["ENV_PLACEMENT_ROLE_UNPLACED", "ENV_PLACEMENT_ROLE_UNPLACED", "ENV_PLACEMENT_ROLE_UNPLACED"] });
    expect(refused({ networks: { internal: { vpcId: INTERNAL_VPC, cidrs: ["10.30.0.0/16"] }, dmz: { vpcId: DMZ_VPC } } })).toEqual({
      error: "ConfigError",
      codes: ["ENV_NETWORK_CIDRS_NEEDED", "ENV_NETWORK_CIDRS_NEEDED"],
    });
    expect(refused({ networks: { internal: { vpcId: INTERNAL_VPC, cidrs: ["10.30.0.1/16"] }, dmz: { vpcId: DMZ_VPC, cidrs: ["10.30.0.0/17"] } } }).codes).toEqual(
      expect.arrayContaining(["ENV_NETWORK_CIDR_INVALID"]),
    );
    expect(refused({ networks: ["internal"] })).toEqual({ error: "ConfigError", codes: ["LIB_BAD_PROP"] });
  });

  test("GIVEN a network's CIDRs as a token (vpc.cidrBlock) THEN LIB_NETWORK_CIDRS_TOKEN: the policy is placed at synthesis", () => {
    const stack = userStack();
    const cidr = new Vpc(stack, "vpc", { cidrBlock: "10.30.0.0/16" }).cidrBlock;
    const aws = { ...CLOUDS.aws!, networks: { internal: { vpcId: INTERNAL_VPC, cidrs: [cidr] }, dmz: { vpcId: DMZ_VPC, cidrs: ["10.31.0.0/16"] } } };
    expect(thrown(() => new AwsSecurityGroups(stack, "groups", { ...aws, policy: bound, namePrefix: "tr" }))).toEqual({ error: "ConfigError", codes: ["LIB_NETWORK_CIDRS_TOKEN"] });
  });

  test("GIVEN no networks THEN the constructs still require vpcId and network", () => {
    expect(thrown(() => new AwsSecurityGroups(userStack(), "groups", { policy: bound, namePrefix: "tr" }))).toEqual({ error: "ConfigError", codes: ["LIB_MISSING_PROP"] });
    expect(thrown(() => new GcpFirewall(userStack(), "firewall", { policy: bound, namePrefix: "tr" }))).toEqual({ error: "ConfigError", codes: ["LIB_MISSING_PROP"] });
  });
});
