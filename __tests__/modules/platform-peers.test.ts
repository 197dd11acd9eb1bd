/**
 * The neutral platform peer platform:load-balancer: one catalog rule that each
 * cloud renders in its own vocabulary (GCP's health-check ranges, Azure's
 * AzureLoadBalancer tag, AWS's group of the role designated as the load
 * balancer), held exact by verify on every cloud; misuse refused by code.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { FirewallCatalog, FirewallCatalogClouds } from "../../modules/firewall-catalog";
import { boundForCloud } from "../../modules/platform";
import { CLOUDS } from "../../modules/clouds";
import { LOAD_BALANCER_RANGES } from "../../modules/gcp/vocabulary";
import { bindPolicy, CatalogDocument, ConfigError, definePolicy, parseCatalog, Policy } from "../../policy";
import { CatalogBuilder, Peer, Port } from "../../policy/builders";
import { catalogRecords, reportCatalog, resourcesUnder, verifyCatalog } from "../../verify/catalog";
import { agrees, answerQuestion } from "../../verify/reach";
import { buildCoverageReport } from "../../synth/report/coverage";
import { lintPolicy } from "../../policy/lint";
import { CloudDefinition, EffectiveView } from "../../modules/cloud";
import { CloudId } from "../../modules/clouds";
import { thrown, thrownOf } from "../support/thrown";
import Ajv from "ajv";
import reportSchema from "../../synth/report/coverage-report.schema.json";

/** A load balancer role (designated unless told), the Edges behind it, health checks and traffic from the load balancer. */
function edgeBehindLoadBalancer(designated = true): CatalogDocument {
  return {
    name: "st",
    description: "SecureTransport Edges behind a load balancer",
    roles: [
      { id: "st-lb", description: "the load balancer group", egressDefault: "deny", ...(designated ? { platform: "load-balancer" as const } : {}) },
      { id: "st-edge", description: "SecureTransport Edges", egressDefault: "deny" },
    ],
    rules: [
      {
        id: "lb-https",
        target: "st-edge",
        direction: "ingress",
        action: "allow",
        peer: "platform:load-balancer",
        protocol: "tcp",
        ports: [443, 8443],
        description: "HTTPS and health checks from the load balancer",
      },
      { id: "lb-no-admin", target: "st-edge", direction: "ingress", action: "deny", peer: "any", protocol: "tcp", ports: [8443], description: "never the admin port from elsewhere" },
    ],
  };
}

const ALL_CLOUDS: FirewallCatalogClouds = { aws: { vpcId: "vpc-0a1b2c3d" }, gcp: { network: "st-vpc" }, azure: { resourceGroupName: "rg-st", location: "westeurope" } };

function render(policy: Policy, clouds: FirewallCatalogClouds = ALL_CLOUDS, ipv6 = false, addressSets: Record<string, string[]> = {}) {
  const stack = new TerraformStack(Testing.app(), "st");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "st-project" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const firewall = new FirewallCatalog(stack, "fw", { policy, bindings: { environment: "prod", addressSets, ipv6 }, namePrefix: "st", clouds });
  const json = JSON.parse(Testing.synth(stack));
  const resources = (type: string) => Object.values<Record<string, unknown>>(json.resource?.[type] ?? {});
  /** Each cloud's reading of the catalog's own resources, as verify reads them. */
  const views = () => {
    // toTerraform keeps the "//" comments (the catalog's record, the resources' paths) that Testing.synth strips.
    const full = JSON.parse(JSON.stringify(stack.toTerraform()));
    const [record] = catalogRecords(full);
    const own = resourcesUnder(full, record.path, Object.assign({}, ...Object.values(record.clouds).map((c) => c.outputs)));
    return (Object.keys(record.clouds) as CloudId[]).map((cloud) => ({
      cloud,
      view: (CLOUDS[cloud] as unknown as CloudDefinition<unknown>).readEffective(own, record.clouds[cloud].section) as EffectiveView,
    }));
  };
  /** The coverage report as synthesis builds it, with each cloud's reading to compare the Exposure section with. */
  const report = (readingsInstead?: Partial<Record<CloudId, EffectiveView>>) => {
    const [record] = catalogRecords(JSON.parse(JSON.stringify(stack.toTerraform())));
    const readings = readingsInstead ?? Object.fromEntries(views().map(({ cloud, view }) => [cloud, view]));
    const realised = Object.fromEntries(
      Object.entries(record.clouds).map(([cloud, c]) => [cloud, { stack: "st", realisations: c.realisations, egressDefaults: c.egressDefaults, ingressDefaults: c.ingressDefaults }]),
    );
    return buildCoverageReport({ environment: "prod", bound: record.bound, clouds: realised, lint: lintPolicy(record.bound), views: readings });
  };
  return { firewall, resources, views, report };
}

describe("platform:load-balancer on every cloud", () => {
  const { firewall, resources } = render(definePolicy(edgeBehindLoadBalancer()));

  test("GIVEN the rule THEN AWS admits the designated role's group", () => {
    const rules = resources("aws_vpc_security_group_ingress_rule").filter((r) => (r.tags as Record<string, string>)["catalog-rule"] === "lb-https");
    expect(rules.map((r) => [r.referenced_security_group_id, r.from_port])).toEqual([
      ["${aws_security_group.fw_aws_st_lb.id}", 443],
      ["${aws_security_group.fw_aws_st_lb.id}", 8443],
    ]);
  });

  test("GIVEN the rule THEN GCP admits the health-check and proxy ranges", () => {
    const allow = resources("google_compute_firewall").filter((f) => f.direction === "INGRESS" && f.allow);
    expect(allow).toEqual([expect.objectContaining({ source_ranges: [...LOAD_BALANCER_RANGES], target_tags: ["st-prod-st-edge"] })]);
    expect(LOAD_BALANCER_RANGES).toEqual(["35.191.0.0/16", "130.211.0.0/22"]);
  });

  test("GIVEN the rule THEN Azure admits the AzureLoadBalancer service tag", () => {
    const rules = resources("azurerm_network_security_rule").filter((r) => String(r.name).includes("lb-https"));
    expect(rules).toEqual([expect.objectContaining({ direction: "Inbound", access: "Allow", source_address_prefix: "AzureLoadBalancer" })]);
  });

  test("GIVEN the synthesized stack THEN verify finds every cloud exact against the catalog in its own words", () => {
    const { report } = verifyCatalog(firewall);
    expect(report.flowsChecked).toBeGreaterThan(100);
    expect(report.disagreements).toEqual([]);
  });

  test("GIVEN the coverage report THEN the rule's peer is the platform's, realised on each cloud", () => {
    const rule = reportCatalog(firewall).json.rules.find((r) => r.id === "lb-https")!;
    expect(rule.peer).toBe("platform:load-balancer");
    expect(rule.peerResolved).toEqual(["platform:load-balancer"]);
    expect(Object.values(rule.clouds).map((c) => c.how)).toEqual(["rendered", "rendered", "rendered"]);
  });

  test("GIVEN a reach question from a health-check address THEN each cloud is held to the catalog in its own words, and all agree", () => {
    const bound = bindPolicy(definePolicy(edgeBehindLoadBalancer()), { environment: "prod", addressSets: {}, ipv6: false });
    const question = { from: { kind: "cidrs" as const, cidrs: ["35.191.0.7/32"], text: "35.191.0.7" }, to: { kind: "role" as const, role: "st-edge" }, protocol: 6, port: 443 };
    const report = answerQuestion(bound, question, render(definePolicy(edgeBehindLoadBalancer())).views());
    expect(report.catalog.decision).toBe("deny");
    expect(report.catalogOnCloud).toEqual({ gcp: { decision: "allow", rule: "lb-https", by: "rule lb-https" } });
    expect([report.clouds.aws?.decision, report.clouds.azure?.decision, report.clouds.gcp?.decision]).toEqual(["deny", "deny", "allow"]);
    expect(agrees(report)).toBe(true);
  });

  test("GIVEN an address set inside GCP's health-check ranges THEN the report's Exposure section holds GCP to the catalog in its words", () => {
    const doc = edgeBehindLoadBalancer();
    const withMonitoring: CatalogDocument = {
      ...doc,
      addressSets: [{ id: "monitoring", description: "monitoring probes" }],
      rules: [...doc.rules, { id: "mon", target: "st-edge", direction: "ingress", action: "allow", peer: "set:monitoring", protocol: "tcp", ports: [9000], description: "monitoring" }],
    };
    const { report } = render(definePolicy(withMonitoring), { gcp: ALL_CLOUDS.gcp }, false, { monitoring: ["35.191.0.0/24"] });
    const { disagreements } = report().json.exposure;
    expect(disagreements.checked).toBe(true);
    expect(disagreements.items).toEqual([]);
  });

  test("GIVEN the coverage report THEN the Exposure section lists what the load balancer's outside addresses reach on GCP and Azure, and nothing for AWS (its group is inside)", () => {
    const { outside } = render(definePolicy(edgeBehindLoadBalancer())).report().json.exposure;
    // In the catalog the platform peer names no address, and lb-no-admin closes 8443 to everything else.
    expect(outside.items).toEqual([]);
    const reached = (cloud: string) => outside.onClouds?.[cloud]?.map((i) => [i.role, i.traffic, i.from, i.except, i.rule, i.clouds[cloud].resources.length > 0]);
    expect(Object.keys(outside.onClouds ?? {}).sort()).toEqual(["azure", "gcp"]);
    expect(reached("gcp")).toEqual([["st-edge", "tcp 443, 8443", ["35.191.0.0/16", "130.211.0.0/22"], [], "lb-https", true]]);
    expect(reached("azure")).toEqual([["st-edge", "tcp 443, 8443", ["168.63.129.16/32"], [], "lb-https", true]]);
  });

  test("GIVEN the load balancer's rule on an administration port THEN the Exposure section says who reaches it through that rule on GCP and Azure, outside", () => {
    const doc = edgeBehindLoadBalancer();
    const onSsh: CatalogDocument = { ...doc, rules: [{ ...doc.rules[0], id: "lb-ssh", ports: [22], description: "a health check on the SSH port" }, ...doc.rules] };
    const json = render(definePolicy(onSsh)).report().json;
    expect(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).validate(reportSchema, json)).toBe(true);
    const { administration } = json.exposure;
    // In the catalog the port is reached by nobody (the platform peer names no address).
    expect(administration.items.find((i) => i.role === "st-edge" && i.port === 22)?.reachedBy).toEqual([]);
    const reached = (cloud: string) => administration.onClouds?.[cloud]?.map((i) => [i.role, i.port, i.reachedBy.map((x) => [x.rule, x.peer, x.from, x.outside])]);
    expect(reached("gcp")).toEqual([["st-edge", 22, [["lb-ssh", "platform:load-balancer", ["35.191.0.0/16", "130.211.0.0/22"], true]]]]);
    expect(reached("azure")).toEqual([["st-edge", 22, [["lb-ssh", "platform:load-balancer", ["168.63.129.16/32"], true]]]]);
    expect(administration.onClouds?.aws).toBeUndefined();
  });

  test("GIVEN a GCP reading that denies the health-check ranges THEN the Exposure section's probes find the disagreement", () => {
    const { report } = render(definePolicy(edgeBehindLoadBalancer()), { gcp: ALL_CLOUDS.gcp });
    // A reading that denies every flow: in the catalog's words only 0.0.0.0 would be probed, which GCP denies too.
    const denying = { decide: () => ({ action: "deny", resources: [] }) } as unknown as EffectiveView;
    const rebuilt = report({ gcp: denying });
    const items = rebuilt.json.exposure.disagreements.items;
    expect(items.map((d) => [d.role, d.from, d.port, d.catalog, d.decision])).toEqual(
      expect.arrayContaining([
        ["st-edge", "35.191.0.0", 443, "allow", "deny"],
        ["st-edge", "130.211.0.0", 443, "allow", "deny"],
      ]),
    );
  });

  test("GIVEN IPv6 on THEN GCP still admits only the IPv4 ranges (no IPv6 health-check range is assumed)", () => {
    const { firewall: dual, resources: dualResources } = render(definePolicy(edgeBehindLoadBalancer()), { gcp: ALL_CLOUDS.gcp }, true);
    const allow = dualResources("google_compute_firewall").filter((f) => f.direction === "INGRESS" && f.allow);
    expect(allow.map((f) => f.source_ranges)).toEqual([[...LOAD_BALANCER_RANGES]]);
    expect(verifyCatalog(dual).report.disagreements).toEqual([]);
  });
});

describe("each cloud's words for platform:load-balancer, before rendering", () => {
  const bound = bindPolicy(definePolicy(edgeBehindLoadBalancer()), { environment: "prod", addressSets: {}, ipv6: false });

  test("GIVEN the environment's bound policy THEN the rule keeps no peer of its own, and each cloud fills it", () => {
    expect(bound.rules[0]).toEqual(expect.objectContaining({ peers: [], platform: "load-balancer" }));
    expect(boundForCloud(bound, CLOUDS.aws).rules[0].peers).toEqual([{ kind: "role", role: "st-lb" }]);
    expect(boundForCloud(bound, CLOUDS.gcp).rules[0].peers).toEqual(LOAD_BALANCER_RANGES.map((cidr) => ({ kind: "cidr", cidr, family: 4 })));
    expect(boundForCloud(bound, CLOUDS.azure).rules[0].peers).toEqual([{ kind: "cidr", cidr: "168.63.129.16/32", family: 4, platform: "load-balancer" }]);
    // A policy without platform peers is every cloud's as it is.
    const plain = bindPolicy(definePolicy({ ...edgeBehindLoadBalancer(), rules: edgeBehindLoadBalancer().rules.slice(1) }), { environment: "prod", addressSets: {}, ipv6: false });
    expect(boundForCloud(plain, CLOUDS.gcp)).toBe(plain);
  });

  test("GIVEN the load balancer role bound to addresses THEN AWS admits those addresses", () => {
    const withAddresses = bindPolicy(definePolicy(edgeBehindLoadBalancer()), { environment: "prod", addressSets: {}, roles: { "st-lb": { kind: "addresses", cidrs: ["10.0.5.0/24"] } }, ipv6: false });
    expect(boundForCloud(withAddresses, CLOUDS.aws).rules[0].peers).toEqual([{ kind: "cidr", cidr: "10.0.5.0/24", family: 4 }]);
  });
});

describe("refusals of platform peers, by code", () => {
  test("GIVEN AWS and no role designated as the load balancer THEN AWS_LOAD_BALANCER_ROLE_MISSING; GCP and Azure render it", () => {
    const policy = definePolicy(edgeBehindLoadBalancer(false));
    expect(thrown(() => render(policy, { aws: ALL_CLOUDS.aws }))).toEqual({ error: "SynthesisError", codes: ["AWS_LOAD_BALANCER_ROLE_MISSING"] });
    expect(verifyCatalog(render(policy, { gcp: ALL_CLOUDS.gcp, azure: ALL_CLOUDS.azure }).firewall).report.disagreements).toEqual([]);
  });

  const yaml = (role: string, rule: string) => `name: st
description: st
roles:
  - id: st-lb
    description: load balancer
    egressDefault: deny
${role}  - id: st-edge
    description: edges
    egressDefault: deny
rules:
  - id: lb
    target: st-edge
${rule}    action: allow
    protocol: tcp
    ports: [443]
    description: from the load balancer
`;
  const codesAt = (text: string) => thrownOf(ConfigError, () => parseCatalog(text, "catalog/st.yaml")).problems.map((p) => [p.code, p.location?.line]);

  test("GIVEN platform:load-balancer on an egress rule THEN CATALOG_PLATFORM_PEER_EGRESS at its direction", () => {
    expect(codesAt(yaml("", "    direction: egress\n    peer: platform:load-balancer\n"))).toEqual([["CATALOG_PLATFORM_PEER_EGRESS", 13]]);
  });

  test("GIVEN an unknown platform service THEN CATALOG_PLATFORM_PEER_UNKNOWN at the peer", () => {
    expect(codesAt(yaml("", "    direction: ingress\n    peer: platform:health-checks\n"))).toEqual([["CATALOG_PLATFORM_PEER_UNKNOWN", 14]]);
  });

  test("GIVEN two roles designated as the load balancer THEN CATALOG_PLATFORM_ROLE_DUPLICATE at the second", () => {
    const text = yaml("    platform: load-balancer\n", "    direction: ingress\n    peer: platform:load-balancer\n").replace(
      "    description: edges\n",
      "    description: edges\n    platform: load-balancer\n",
    );
    expect(codesAt(text)).toEqual([["CATALOG_PLATFORM_ROLE_DUPLICATE", 10]]);
  });

  test("GIVEN an invariant from platform:load-balancer THEN CATALOG_INVARIANT_INVALID (it means something else on each cloud)", () => {
    const doc = { ...edgeBehindLoadBalancer(), invariants: [{ id: "lb-only", description: "x", never: { from: "platform:load-balancer", to: "st-edge", protocol: "tcp", ports: [22] } }] };
    expect(thrown(() => definePolicy(doc))).toEqual({ error: "ConfigError", codes: ["CATALOG_INVARIANT_INVALID"] });
  });
});

describe("platform peers in code", () => {
  test("GIVEN CatalogBuilder with Peer.loadBalancer() and a role of platform load-balancer THEN the same policy as the document", () => {
    const built = new CatalogBuilder({ name: "st", description: "SecureTransport Edges behind a load balancer" })
      .role("st-lb", "the load balancer group", { egressDefault: "deny", platform: "load-balancer" })
      .role("st-edge", "SecureTransport Edges", { egressDefault: "deny" })
      .allowIngress("lb-https", { to: "st-edge", from: Peer.loadBalancer(), port: [Port.tcp(443), Port.tcp(8443)], description: "HTTPS and health checks from the load balancer" })
      .denyIngress("lb-no-admin", { to: "st-edge", from: Peer.any(), port: Port.tcp(8443), description: "never the admin port from elsewhere" })
      .build();
    expect(built).toEqual(definePolicy(edgeBehindLoadBalancer()));
    expect(built.rules[0].peer).toEqual({ kind: "platform", service: "load-balancer" });
    expect(built.roles[0].platform).toBe("load-balancer");
  });
});

/** The load balancer in front of the Edges, the Servers streaming to them, and (when asked) a flow from the Edges, whose egress is restricted. */
function dmz(withEdgeFlow: boolean): Policy {
  const builder = new CatalogBuilder({ name: "st", description: "SecureTransport DMZ" })
    .role("st-lb", "the load balancer group", { egressDefault: "deny", platform: "load-balancer" })
    .role("st-edge", "SecureTransport Edges", { egressDefault: "deny" })
    .role("st-server", "SecureTransport Servers", { egressDefault: "allow" })
    .allowIngress("edge-from-lb", { to: "st-edge", from: Peer.loadBalancer(), port: [Port.tcp(443), Port.tcp(10022)], description: "Clients and health checks through the load balancer" })
    .allowFlow("stream", { from: "st-server", to: "st-edge", port: Port.tcp(20021), description: "Streaming from the Servers to the Edges", origin: "vendor KB 163747" });
  return (withEdgeFlow ? builder.allowFlow("edge-ask", { from: "st-edge", to: "st-server", port: Port.tcp(8444), description: "The Edges ask the Servers" }) : builder).build();
}

describe("a catalog with flows and the platform peer together", () => {
  test("GIVEN AWS and Azure THEN verify agrees with both sides of every flow and with the load balancer in each cloud's words", () => {
    const { firewall } = render(dmz(true), { aws: ALL_CLOUDS.aws, azure: ALL_CLOUDS.azure });
    expect(verifyCatalog(firewall).report.disagreements).toEqual([]);
    expect(reportCatalog(firewall).json.lint.errors).toEqual([]);
  });

  test("GIVEN GCP THEN the flow whose source restricts its egress is refused, and without it every cloud agrees", () => {
    expect(thrown(() => render(dmz(true)))).toEqual({ error: "SynthesisError", codes: ["GCP_FLOW_SOURCE_EGRESS_TO_ROLE"] });
    expect(verifyCatalog(render(dmz(false)).firewall).report.disagreements).toEqual([]);
  });
});
