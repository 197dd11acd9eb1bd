/**
 * Several networks per environment and cloud (docs/environments.md, "Several
 * networks"): a small three-tier catalog placed in a DMZ and an internal
 * network on AWS, GCP and Azure, rendered, verified exact, and refused by code.
 */
import { writeFileSync } from "fs";
import * as path from "path";
import { compareStack, expectedFromStackJson } from "../../modules/aws/drift";
import { CLOUD_IDS } from "../../modules/clouds";
import { checkEnvironment } from "../../modules/engine/check";
import { ConfigError } from "../../policy";
import { loadBoundEnvironments, parseEnvironment } from "../../stacks/environment";
import { jsonPath, synthesizeAll } from "../../synth/synthesize";
import { readJson } from "../support/synthesized";
import { readFileSync } from "fs";
import Ajv from "ajv";
import reportSchema from "../../synth/report/coverage-report.schema.json";
import { reportPath } from "../../synth/layout";
import { agrees, formatReach, parseReachArgs, reach } from "../../verify/reach";
import { rejected, thrown } from "../support/thrown";
import { synth as synthGcp } from "./gcp/fixtures";
import { TIERS_CATALOG } from "../support/tiers";
import { DMZ_VPC, environment, INTERNAL_VPC, NETWORKS_ENVIRONMENTS, workspace } from "./networks-fixtures";

const ws = workspace(NETWORKS_ENVIRONMENTS);
let stacks: Record<string, Record<string, any>>;

beforeAll(async () => {
  const result = await synthesizeAll(ws);
  stacks = Object.fromEntries(result.stacks.map((s) => [s.name, readJson(jsonPath(ws.outdir, s.name))]));
}, 120_000);

const env = (name: string) => loadBoundEnvironments({ ...ws, only: [name] })[0];

describe("AWS: each group in its role's VPC; a peer of another VPC is its group across a peering, its CIDRs otherwise", () => {
  test("GIVEN unpeered VPCs THEN edge's group is in the DMZ VPC, the others internal, and app-from-edge names the DMZ's CIDRs", () => {
    const json = stacks["split-aws"];
    const groups = json.resource.aws_security_group;
    expect(Object.fromEntries(Object.values<any>(groups).map((g) => [g.tags["catalog-role"], g.vpc_id]))).toEqual({ edge: DMZ_VPC, app: INTERNAL_VPC, db: INTERNAL_VPC });
    const ingress = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule);
    const fromEdge = ingress.filter((r) => r.from_port === 8443);
    expect(fromEdge.map((r) => [r.cidr_ipv4, r.referenced_security_group_id])).toEqual([["10.31.0.0/16", undefined]]);
    // Same VPC: still the group.
    expect(ingress.filter((r) => r.from_port === 5432).map((r) => r.referenced_security_group_id)).toEqual(["${aws_security_group.app.id}"]);
    expect(json.output.vpc_ids.value).toEqual({ edge: DMZ_VPC, app: INTERNAL_VPC, db: INTERNAL_VPC });
    expect(env("split").placed.aws!.widened).toEqual([expect.objectContaining({ ruleId: "app-from-edge", role: "edge", network: "dmz", cidrs: ["10.31.0.0/16"] })]);
  });

  test("GIVEN the VPCs peered (same region) THEN app-from-edge references edge's group", () => {
    const ingress = Object.values<any>(stacks["peered-aws"].resource.aws_vpc_security_group_ingress_rule);
    expect(ingress.filter((r) => r.from_port === 8443).map((r) => [r.cidr_ipv4, r.referenced_security_group_id])).toEqual([[undefined, "${aws_security_group.edge.id}"]]);
    expect(env("peered").placed.aws!.widened).toEqual([]);
  });

  test("GIVEN egress rules across unpeered VPCs THEN the egress side names the other VPC's CIDRs too; peered, the group", () => {
    const egressOf = (stack: string) => Object.values<any>(stacks[stack].resource.aws_vpc_security_group_egress_rule).filter((r) => r.from_port === 8443);
    expect(egressOf("egress-aws").map((r) => r.cidr_ipv4)).toEqual(["10.30.0.0/16"]);
    expect(egressOf("egress-peered-aws").map((r) => r.referenced_security_group_id)).toEqual(["${aws_security_group.app.id}"]);
  });
});

test("GIVEN GCP networks THEN every firewall is in the network of the role it targets, and a role of the other network is its CIDRs (tags do not cross networks)", () => {
  const json = stacks["split-gcp"];
  const firewalls = Object.values<any>(json.resource.google_compute_firewall);
  const networkOf = (tag: string) => [...new Set(firewalls.filter((f) => f.target_tags?.includes(tag)).map((f) => f.network))];
  expect(networkOf("tr-split-edge")).toEqual(["tiers-dmz"]);
  expect(networkOf("tr-split-app")).toEqual(["tiers-vpc"]);
  const fromEdge = firewalls.filter((f) => f.allow?.some((a: any) => a.ports?.includes("8443")));
  expect(fromEdge.map((f) => [f.network, f.source_ranges, f.source_tags])).toEqual([["tiers-vpc", ["10.31.0.0/16"], undefined]]);
  const fromApp = firewalls.filter((f) => f.allow?.some((a: any) => a.ports?.includes("5432")));
  expect(fromApp.map((f) => [f.network, f.source_tags])).toEqual([["tiers-vpc", ["tr-split-app"]]]);
  expect(json.output.networks.value).toEqual({ edge: "tiers-dmz", app: "tiers-vpc", db: "tiers-vpc" });
});

test("GIVEN GCP egress rules to roles THEN each names the CIDRs of the role's network, within one network too (egress firewalls name ranges only), listed as widened", () => {
  const firewalls = Object.values<any>(stacks["egress-gcp-gcp"].resource.google_compute_firewall).filter((f) => f.direction === "EGRESS" && f.allow);
  const egressTo = (port: string) => firewalls.filter((f) => f.allow.some((a: any) => a.ports?.includes(port))).map((f) => [f.network, f.target_tags, f.destination_ranges]);
  // edge (dmz) to app (internal): across networks.
  expect(egressTo("8443")).toEqual([["tiers-dmz", ["tr-egress-gcp-edge"], ["10.30.0.0/16"]]]);
  // app to db: both internal, still the internal network's CIDRs.
  expect(egressTo("5432")).toEqual([["tiers-vpc", ["tr-egress-gcp-app"], ["10.30.0.0/16"]]]);
  expect(
    env("egress-gcp")
      .placed.gcp!.widened.filter((w) => w.ruleId !== "app-from-edge")
      .map((w) => [w.ruleId, w.role, w.network, w.cidrs]),
  ).toEqual([
    ["edge-to-app", "app", "internal", ["10.30.0.0/16"]],
    ["app-to-db", "db", "internal", ["10.30.0.0/16"]],
  ]);
});

test("GIVEN GCP with one network and no gcp.networks (no CIDRs to name a role by) THEN each egress rule to a role is still refused", async () => {
  const w = workspace({
    one: environment("one", "tiers-egress", "gcp:\n  project: tiers-project\n  region: europe-west1\n  network: tiers-vpc\n  backend:\n    local: { path: terraform.tfstate }\n"),
  });
  expect(await rejected(synthesizeAll(w))).toEqual({ error: "SynthesisError", codes: ["GCP_EGRESS_TO_ROLE", "GCP_EGRESS_TO_ROLE"] });
});

test("GIVEN Azure VNets THEN a role of another VNet is its address space (ASGs do not cross VNets), one of the same VNet its ASG", () => {
  const json = stacks["split-azure"];
  const rules = Object.values<any>(json.resource.azurerm_network_security_rule);
  const fromEdge = rules.filter((r) => r.destination_port_range === "8443" || r.destination_port_ranges?.includes("8443"));
  expect(fromEdge.map((r) => [r.source_address_prefix ?? r.source_address_prefixes, r.source_application_security_group_ids])).toEqual([["10.31.0.0/16", undefined]]);
  const fromApp = rules.filter((r) => r.destination_port_range === "5432" || r.destination_port_ranges?.includes("5432"));
  expect(fromApp.map((r) => r.source_application_security_group_ids)).toEqual([["${azurerm_application_security_group.asg_app.id}"]]);
  expect(json.output.virtual_networks.value).toEqual({ edge: "tiers-dmz-vnet", app: "tiers-vnet", db: "tiers-vnet" });
});

test("GIVEN an AWS stack of several VPCs WHEN drift compares it THEN each group is looked for in its own VPC", () => {
  const expected = expectedFromStackJson(stacks["split-aws"]);
  expect(expected.vpcIds).toEqual([INTERNAL_VPC, DMZ_VPC].sort());
  const groups = expected.groups.map((g, i) => ({ id: `sg-${i}`, name: g.name, description: g.description, vpcId: g.vpcId, tags: g.tags }));
  const live = { region: "eu-west-1", vpcId: expected.vpcId, groups, rules: [] };
  expect(compareStack("split-aws", expected, live).findings.filter((f) => f.subject === "group")).toEqual([]);
  // The Edge's group of that name, but in the internal VPC, is not the Edge's.
  const moved = { ...live, groups: groups.map((g) => (g.name === "tr-split-edge" ? { ...g, vpcId: INTERNAL_VPC } : g)) };
  expect(
    compareStack("split-aws", expected, moved)
      .findings.filter((f) => f.subject === "group")
      .map((f) => [f.kind, f.group]),
  ).toEqual([["missing", "tr-split-edge"]]);
});

test("GIVEN placed clouds THEN the coverage report shows each cloud's networks, placement and widened peers (JSON valid against its schema, and the page)", () => {
  const json = readJson(reportPath(ws.outdir, "split", "json"));
  expect(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).validate(reportSchema, json)).toBe(true);
  expect(json.networks.aws.placement).toEqual({ edge: "dmz", app: "internal", db: "internal" });
  expect(json.networks.aws.networks.dmz).toEqual({ id: DMZ_VPC, cidrs: ["10.31.0.0/16"] });
  for (const cloud of ["aws", "gcp", "azure"]) expect(json.networks[cloud].widened.map((w: any) => [w.rule, w.role, w.cidrs])).toEqual([["app-from-edge", "edge", ["10.31.0.0/16"]]]);
  expect(readJson(reportPath(ws.outdir, "peered", "json")).networks.aws.widened).toEqual([]);
  const page = readFileSync(reportPath(ws.outdir, "split", "md"), "utf8");
  expect(page).toContain("## Networks");
  expect(page).toMatch(/\*\*widened\*\* rule `app-from-edge`: role edge is named as network dmz's 10\.31\.0\.0\/16/);
});

test("GIVEN a widened peer that opens an administration port to a world-wide network THEN the lint refuses the policy as placed", async () => {
  const sshFromEdge = TIERS_CATALOG.replace("ports: [8443]", "ports: [22]");
  const networks = `aws:\n  region: eu-west-1\n  networks:\n    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }\n    dmz: { vpcId: ${DMZ_VPC}, cidrs: [128.0.0.0/1] }\n  placement: { "*": internal, edge: dmz }\n  backend:\n    local: { path: terraform.tfstate }\n`;
  const w = workspace({ wide: environment("wide", "tiers", networks) });
  writeFileSync(path.join(w.catalogDir, "tiers.yaml"), sshFromEdge);
  expect(await rejected(synthesizeAll(w))).toEqual({ error: "SynthesisError", codes: ["CATALOG_LINT_ERROR"] });
});

test("GIVEN a DMZ address WHEN reach asks for app THEN the catalog as placed (a widened peer) allows it on every cloud, and that agrees", async () => {
  const args = parseReachArgs(["--env", "split", "--from", "10.31.0.5", "--to", "app", "--protocol", "tcp", "--port", "8443", ws.outdir]);
  const report = await reach(args, ws);
  expect(report.catalog.decision).toBe("deny");
  expect(Object.fromEntries(Object.entries(report.placed ?? {}).map(([c, a]) => [c, a!.decision]))).toEqual({ aws: "allow", azure: "allow", gcp: "allow" });
  expect(Object.fromEntries(Object.entries(report.clouds).map(([c, a]) => [c, a!.decision]))).toEqual({ aws: "allow", azure: "allow", gcp: "allow" });
  expect(agrees(report)).toBe(true);
  expect(formatReach(args, report)).toContain("widened peer");
  // Outside the DMZ's CIDRs nothing changes: the catalog and every cloud deny.
  const outside = await reach(parseReachArgs(["--env", "split", "--from", "10.99.0.5", "--to", "app", "--protocol", "tcp", "--port", "8443", ws.outdir]), ws);
  expect(outside.placed).toBeUndefined();
  expect(agrees(outside)).toBe(true);
});

test("GIVEN the load balancer's group in the DMZ WHEN reach asks from a DMZ address and from a health-check address THEN the widened peer is the placement's (AWS) and the health-check ranges the cloud's words (GCP), and all agree", async () => {
  const ask = (from: string) => reach(parseReachArgs(["--env", "lb-split", "--from", from, "--to", "app", "--protocol", "tcp", "--port", "8080", ws.outdir]), ws);
  const dmz = await ask("10.31.0.5");
  expect(dmz.catalog.decision).toBe("deny");
  expect(Object.fromEntries(Object.entries(dmz.placed ?? {}).map(([c, a]) => [c, [a!.decision, a!.rule]]))).toEqual({ aws: ["allow", "app-from-lb"] });
  expect(Object.fromEntries(Object.entries(dmz.clouds).map(([c, a]) => [c, a!.decision]))).toEqual({ aws: "allow", azure: "deny", gcp: "deny" });
  expect(agrees(dmz)).toBe(true);
  const health = await ask("35.191.0.7");
  expect(health.placed).toBeUndefined();
  expect(Object.fromEntries(Object.entries(health.catalogOnCloud ?? {}).map(([c, a]) => [c, [a!.decision, a!.rule]]))).toEqual({ gcp: ["allow", "app-from-lb"] });
  expect(Object.fromEntries(Object.entries(health.clouds).map(([c, a]) => [c, a!.decision]))).toEqual({ aws: "deny", azure: "deny", gcp: "allow" });
  expect(agrees(health)).toBe(true);
});

test("GIVEN a GcpFirewall of one's own app with networkOfRole and a policy not placed WHEN a rule names a role of another network by its tag THEN it is refused (GCP_ROLE_PEER_ACROSS_NETWORKS); placed, it renders", () => {
  const e = env("split");
  const networkOfRole = { edge: "tiers-dmz", app: "tiers-vpc", db: "tiers-vpc" };
  expect(thrown(() => synthGcp(e.bound, { networkOfRole }))).toEqual({ error: "SynthesisError", codes: ["GCP_ROLE_PEER_ACROSS_NETWORKS"] });
  expect(Object.values(synthGcp(e.placed.gcp!.bound, { networkOfRole }).fw).map((f) => f.network)).toContain("tiers-dmz");
});

describe("AWS: platform:load-balancer is the load balancer's group, placed like any role peer", () => {
  test("GIVEN the load balancer's group in a VPC not peered with the application's THEN app-from-lb names the DMZ's CIDRs, listed among the widened peers", () => {
    const ingress = Object.values<any>(stacks["lb-split-aws"].resource.aws_vpc_security_group_ingress_rule);
    expect(ingress.filter((r) => r.from_port === 8080).map((r) => [r.cidr_ipv4, r.referenced_security_group_id])).toEqual([["10.31.0.0/16", undefined]]);
    expect(env("lb-split").placed.aws!.widened).toEqual([
      expect.objectContaining({ ruleId: "app-from-edge", role: "edge", network: "dmz", cidrs: ["10.31.0.0/16"] }),
      expect.objectContaining({ ruleId: "app-from-lb", role: "lb", network: "dmz", cidrs: ["10.31.0.0/16"], reason: expect.stringContaining("not peered") }),
    ]);
  });

  test("GIVEN the two VPCs peered THEN app-from-lb references the load balancer's group, and nothing is widened", () => {
    const ingress = Object.values<any>(stacks["lb-peered-aws"].resource.aws_vpc_security_group_ingress_rule);
    expect(ingress.filter((r) => r.from_port === 8080).map((r) => [r.cidr_ipv4, r.referenced_security_group_id])).toEqual([[undefined, "${aws_security_group.lb.id}"]]);
    expect(env("lb-peered").placed.aws!.widened).toEqual([]);
  });

  test("GIVEN GCP and Azure THEN the load balancer is their own words (health-check ranges, the AzureLoadBalancer tag), never widened", () => {
    for (const cloud of ["gcp", "azure"] as const) expect(env("lb-split").placed[cloud]!.widened.map((w) => w.ruleId)).toEqual(["app-from-edge"]);
  });

  test("GIVEN the coverage report THEN its networks section lists the load balancer's widened peer", () => {
    const report = readJson(reportPath(ws.outdir, "lb-split", "json"));
    expect(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).validate(reportSchema, report)).toBe(true);
    expect(report.networks.aws.widened.map((w: any) => [w.rule, w.role])).toEqual([
      ["app-from-edge", "edge"],
      ["app-from-lb", "lb"],
    ]);
    // The load balancer's outside addresses on GCP and Azure are in the Exposure section, and each cloud decides them as the catalog in its words.
    expect(Object.fromEntries(Object.entries<any[]>(report.exposure.outside.onClouds).map(([cloud, items]) => [cloud, items.map((i) => [i.role, i.traffic, i.from, i.rule])]))).toEqual({
      gcp: [["app", "tcp 8080", ["35.191.0.0/16", "130.211.0.0/22"], "app-from-lb"]],
      azure: [["app", "tcp 8080", ["168.63.129.16/32"], "app-from-lb"]],
    });
    expect(report.exposure.disagreements).toEqual(expect.objectContaining({ checked: true, items: [] }));
    const page = readFileSync(reportPath(ws.outdir, "lb-split", "md"), "utf8");
    expect(page).toContain("**On GCP**, a platform peer (`platform:load-balancer`) is addresses outside the environment's networks");
  });
});

describe("verify is exact across networks: the cloud is held to the policy as placed", () => {
  test.each(["split", "peered", "egress", "egress-peered", "egress-gcp", "lb-split", "lb-peered"])("GIVEN %s THEN every cloud agrees on every flow, with no finding", (name) => {
    const e = env(name);
    const present = CLOUD_IDS.filter((c) => stacks[`${name}-${c}`]);
    const report = checkEnvironment({ bound: e.bound, stacks: present.map((cloud) => ({ cloud, json: stacks[`${name}-${cloud}`], section: e.environment[cloud] })) });
    expect(report.disagreements.map((d) => d.explanation)).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.flowsChecked).toBeGreaterThan(50);
  });

  test("GIVEN an AWS stack that references the DMZ group across unpeered VPCs THEN verify finds it (AWS refuses that reference)", () => {
    const e = env("split");
    const json = JSON.parse(JSON.stringify(stacks["split-aws"]));
    const rule = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule).find((r) => r.from_port === 8443);
    delete rule.cidr_ipv4;
    rule.referenced_security_group_id = "${aws_security_group.edge.id}";
    const report = checkEnvironment({ bound: e.bound, stacks: [{ cloud: "aws", json, section: e.environment.aws }] });
    expect(report.findings).toEqual([expect.stringContaining("not peered")]);
  });

  test("GIVEN an AWS stack that references the load balancer's group across unpeered VPCs THEN verify finds it", () => {
    const e = env("lb-split");
    const json = JSON.parse(JSON.stringify(stacks["lb-split-aws"]));
    const rule = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule).find((r) => r.from_port === 8080);
    delete rule.cidr_ipv4;
    rule.referenced_security_group_id = "${aws_security_group.lb.id}";
    const report = checkEnvironment({ bound: e.bound, stacks: [{ cloud: "aws", json, section: e.environment.aws }] });
    expect(report.findings).toEqual([expect.stringContaining("not peered")]);
  });

  test("GIVEN a placed AWS stack whose group sits in the wrong VPC THEN verify finds it", () => {
    const e = env("split");
    const json = JSON.parse(JSON.stringify(stacks["split-aws"]));
    json.resource.aws_security_group.edge.vpc_id = INTERNAL_VPC;
    const report = checkEnvironment({ bound: e.bound, stacks: [{ cloud: "aws", json, section: e.environment.aws }] });
    expect(report.findings).toEqual([expect.stringContaining("the role's machines cannot use it")]);
  });

  test("GIVEN a GCP firewall naming the DMZ's tag from the internal network THEN verify finds it (tags do not cross networks)", () => {
    const e = env("split");
    const json = JSON.parse(JSON.stringify(stacks["split-gcp"]));
    const fw = Object.values<any>(json.resource.google_compute_firewall).find((f) => f.allow?.some((a: any) => a.ports?.includes("8443")));
    delete fw.source_ranges;
    fw.source_tags = ["tr-split-edge"];
    const report = checkEnvironment({ bound: e.bound, stacks: [{ cloud: "gcp", json, section: e.environment.gcp }] });
    expect(report.findings).toEqual([expect.stringContaining("match instances of the firewall's own network only")]);
  });

  test("GIVEN an Azure rule naming the DMZ's ASG from the internal VNet THEN verify finds it (ASGs do not cross VNets)", () => {
    const e = env("split");
    const json = JSON.parse(JSON.stringify(stacks["split-azure"]));
    const rule = Object.values<any>(json.resource.azurerm_network_security_rule).find((r) => r.destination_port_range === "8443" || r.destination_port_ranges?.includes("8443"));
    delete rule.source_address_prefix;
    delete rule.source_address_prefixes;
    rule.source_application_security_group_ids = ["${azurerm_application_security_group.asg_edge.id}"];
    const report = checkEnvironment({ bound: e.bound, stacks: [{ cloud: "azure", json, section: e.environment.azure }] });
    expect(report.findings).toEqual([expect.stringContaining("holds network interfaces of one VNet only")]);
  });

  test("GIVEN an AWS stack that kept the group reference where the placement needs CIDRs, read without the placement THEN the flows from outside the DMZ disagree", () => {
    // The placed policy admits 10.31.0.0/16; the group reference admits edge members only: verify is not fooled either way.
    const e = env("split");
    const json = JSON.parse(JSON.stringify(stacks["peered-aws"]));
    const report = checkEnvironment({ bound: e.bound, stacks: [{ cloud: "aws", json: renamed(json, "peered", "split"), section: e.environment.aws }] });
    expect(report.disagreements.length).toBeGreaterThan(0);
  });
});

/** A stack's JSON with its environment's name swapped (names and tags), to read it as another environment's. */
function renamed(json: unknown, from: string, to: string): unknown {
  return JSON.parse(JSON.stringify(json).split(`tr-${from}-`).join(`tr-${to}-`));
}

describe("refusals, by code, at the environment file's line", () => {
  const parse = (sections: string) => () => parseEnvironment(environment("net", "tiers", sections), "environments/net.yaml");
  const aws = (networks: string, placement = `{ "*": internal, edge: dmz }`, extra = "") =>
    `aws:\n  region: eu-west-1\n${extra}  networks:\n${networks}  placement: ${placement}\n  backend:\n    local: { path: terraform.tfstate }\n`;
  const two = `    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }\n    dmz: { vpcId: ${DMZ_VPC}, cidrs: [10.31.0.0/16] }\n`;

  test.each([
    ["networks and vpcId both", "ENV_NETWORKS_AND_ONE_NETWORK", aws(two, undefined, `  vpcId: ${INTERNAL_VPC}\n`)],
    ["placement naming an unknown network", "ENV_PLACEMENT_UNKNOWN_NETWORK", aws(two, `{ "*": internal, edge: dmzz }`)],
    [
      "peeredWith naming an unknown network",
      "ENV_PEERING_UNKNOWN_NETWORK",
      aws(`    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16], peeredWith: [dmz2] }\n    dmz: { vpcId: ${DMZ_VPC}, cidrs: [10.31.0.0/16] }\n`),
    ],
    ["overlapping CIDRs", "ENV_NETWORK_CIDRS_OVERLAP", aws(`    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }\n    dmz: { vpcId: ${DMZ_VPC}, cidrs: [10.30.128.0/17] }\n`)],
    ["a CIDR with host bits", "ENV_NETWORK_CIDR_INVALID", aws(`    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.1/16] }\n    dmz: { vpcId: ${DMZ_VPC}, cidrs: [10.31.0.0/16] }\n`)],
    ["one VPC declared twice", "ENV_NETWORK_ID_DUPLICATE", aws(`    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }\n    dmz: { vpcId: ${INTERNAL_VPC}, cidrs: [10.31.0.0/16] }\n`)],
    ["no network at all", "ENV_NETWORK_MISSING", `aws:\n  region: eu-west-1\n  backend:\n    local: { path: terraform.tfstate }\n`],
    ["networks without placement", "ENV_NETWORKS_WITHOUT_PLACEMENT", `aws:\n  region: eu-west-1\n  networks:\n${two}  backend:\n    local: { path: terraform.tfstate }\n`],
    [
      "placement without networks",
      "ENV_PLACEMENT_WITHOUT_NETWORKS",
      `aws:\n  region: eu-west-1\n  vpcId: ${INTERNAL_VPC}\n  placement: { "*": internal }\n  backend:\n    local: { path: terraform.tfstate }\n`,
    ],
  ])("GIVEN %s THEN %s", (_what, code, sections) => {
    expect(thrown(parse(sections))).toEqual({ error: "ConfigError", codes: [code] });
  });

  test("GIVEN a refusal THEN it names the environment file's line and column", () => {
    const e = (() => {
      try {
        parse(aws(two, `{ "*": internal, edge: dmzz }`))();
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error("not refused");
    })();
    expect(e.problems[0].location).toEqual(expect.objectContaining({ file: "environments/net.yaml", line: 11 }));
  });

  const bind = (sections: string) => () => loadBoundEnvironments({ ...workspace({ net: environment("net", "tiers", sections) }) });
  test.each([
    ["a placement naming a role the catalog lacks", "ENV_PLACEMENT_UNKNOWN_ROLE", aws(two, `{ "*": internal, edge: dmz, web: dmz }`)],
    ['a role left unplaced, with no "*"', "ENV_PLACEMENT_ROLE_UNPLACED", aws(two, `{ app: internal, edge: dmz }`)],
    ["unpeered VPCs and the peer's network without CIDRs", "ENV_NETWORK_CIDRS_NEEDED", aws(`    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }\n    dmz: { vpcId: ${DMZ_VPC} }\n`)],
  ])("GIVEN %s THEN %s, located in the environment file", (_what, code, sections) => {
    expect(thrown(bind(sections))).toEqual({ error: "ConfigError", codes: [code] });
    try {
      bind(sections)();
    } catch (err) {
      expect((err as ConfigError).problems[0].location?.file).toMatch(/net\.yaml$/);
    }
  });

  test("GIVEN peered VPCs and the peer's network without CIDRs THEN nothing needs them and it binds", () => {
    const networks = `    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }\n    dmz: { vpcId: ${DMZ_VPC}, peeredWith: [internal] }\n`;
    expect(bind(aws(networks))()[0].placed.aws!.widened).toEqual([]);
  });
});
