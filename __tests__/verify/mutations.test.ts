/**
 * The tamperings a reviewer must never hear "all agree" about: each makes the
 * engine find a disagreement, a finding, or refuse the configuration (a
 * ConfigError with a VERIFY_ code: verify's exit 2, "cannot tell"). And the
 * cases it must not cry wolf about pass.
 */
import { ConfigError } from "../../policy";
import { CloudId } from "../../modules/clouds";
import { checkEnvironment } from "../../modules/engine/check";
import { normaliseConfig } from "../../verify/effective/twin";
import { loadBoundEnvironments } from "../../stacks/environment";
import { jsonPath } from "../../synth/synthesize";
import { boundOf, rule } from "../support/policies";
import { readJson, synthesizeExamples } from "../support/synthesized";

const ENVIRONMENTS = loadBoundEnvironments();
const env = (name: string) => ENVIRONMENTS.find((e) => e.environment.name === name)!;

let outdir: string;
beforeAll(async () => {
  outdir = (await synthesizeExamples()).outdir;
});

type Verdict = { kind: "agree" } | { kind: "disagree"; lines: string[] } | { kind: "refused"; codes: readonly string[] };

/** What the engine says about one cloud's configuration of an example environment, read as verify reads a folder. */
function judge(envName: string, cloud: CloudId, config: unknown): Verdict {
  const e = env(envName);
  try {
    const report = checkEnvironment({
      bound: e.bound,
      stacks: [{ cloud, json: normaliseConfig(config), section: e.environment[cloud], context: { environment: e.environment.name, namePrefix: e.environment.namePrefix } }],
    });
    const lines = [...report.findings, ...report.disagreements.map((d) => d.explanation)];
    return lines.length === 0 ? { kind: "agree" } : { kind: "disagree", lines };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { kind: "refused", codes: e.codes };
  }
}

const stack = (envName: string, cloud: CloudId) => readJson(jsonPath(outdir, `${envName}-${cloud}`));

type Tampering = { name: string; env: string; cloud: CloudId; apply: (j: any) => void; expect?: RegExp | string };
const SG = "${aws_security_group.st_server.id}";

const TAMPERINGS: Tampering[] = [
  // --- AWS -----------------------------------------------------------------
  {
    name: "SSH from anywhere as an inline ingress block",
    env: "prod",
    cloud: "aws",
    apply: (j) => (j.resource.aws_security_group.st_server.ingress = [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }]),
    expect: /tcp 22 from .*AWS allow \(aws_security_group\.st_server\.ingress\[0\]\)/,
  },
  {
    name: "SSH from anywhere as an aws_security_group_rule",
    env: "prod",
    cloud: "aws",
    apply: (j) => (j.resource.aws_security_group_rule = { ssh: { type: "ingress", security_group_id: SG, from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] } }),
    expect: /aws_security_group_rule\.ssh/,
  },
  {
    name: "tcp 22 from ::/0 in an ipv6: false environment",
    env: "dev",
    cloud: "aws",
    apply: (j) => (j.resource.aws_vpc_security_group_ingress_rule.v6 = { security_group_id: SG, cidr_ipv6: "::/0", ip_protocol: "tcp", from_port: 22, to_port: 22 }),
    expect: /tcp 22 from any IPv6 address to role st-server: catalog deny .*AWS allow/,
  },
  {
    name: "ICMP narrowed to echo requests only",
    env: "prod",
    cloud: "aws",
    apply: (j) => {
      for (const r of Object.values<any>(j.resource.aws_vpc_security_group_ingress_rule))
        if (r.ip_protocol === "icmp") {
          r.from_port = 8;
          r.to_port = -1;
        }
    },
    expect: /icmp \(a type no rule names\)/,
  },
  {
    // staging: one VPC for every tier (prod places its DMZ in a VPC of its own; a group outside its role's network is tested with networks).
    name: "a group moved to another VPC",
    env: "staging",
    cloud: "aws",
    apply: (j) => (j.resource.aws_security_group.st_server.vpc_id = "vpc-0123456789abcdef0"),
    expect: /is in VPC vpc-0123456789abcdef0, not the environment's/,
  },
  { name: "a group moved to the default VPC (vpc_id removed)", env: "prod", cloud: "aws", apply: (j) => delete j.resource.aws_security_group.st_server.vpc_id, expect: /default VPC/ },
  {
    name: "an egress rule added through a prefix list defined in the configuration",
    env: "dev",
    cloud: "aws",
    apply: (j) => {
      j.resource.aws_ec2_managed_prefix_list = { pl: { name: "pl", address_family: "IPv4", max_entries: 1, entry: [{ cidr: "0.0.0.0/0" }] } };
      j.resource.aws_vpc_security_group_ingress_rule.pl = { security_group_id: SG, prefix_list_id: "${aws_ec2_managed_prefix_list.pl.id}", ip_protocol: "tcp", from_port: 3306, to_port: 3306 };
    },
    expect: /tcp 3306/,
  },
  {
    name: "a rule through a prefix list the configuration does not hold",
    env: "dev",
    cloud: "aws",
    apply: (j) => (j.resource.aws_vpc_security_group_ingress_rule.pl = { security_group_id: SG, prefix_list_id: "pl-0123456789abcdef0", ip_protocol: "tcp", from_port: 3306, to_port: 3306 }),
    expect: "VERIFY_UNKNOWN_PREFIX_LIST",
  },
  {
    name: "an allow rule switched off with count = 0",
    env: "dev",
    cloud: "aws",
    apply: (j) => (Object.values<any>(j.resource.aws_vpc_security_group_ingress_rule)[0].count = 0),
    expect: /catalog allow .*AWS deny/,
  },
  {
    name: "a rule with count from a variable",
    env: "dev",
    cloud: "aws",
    apply: (j) => (Object.values<any>(j.resource.aws_vpc_security_group_ingress_rule)[0].count = "${var.enabled ? 1 : 0}"),
    expect: "VERIFY_UNKNOWN_COUNT",
  },
  {
    name: "a rule with for_each",
    env: "dev",
    cloud: "aws",
    apply: (j) => (Object.values<any>(j.resource.aws_vpc_security_group_ingress_rule)[0].for_each = { a: 1 }),
    expect: "VERIFY_UNKNOWN_FOR_EACH",
  },
  {
    name: "a CIDR from a variable",
    env: "dev",
    cloud: "aws",
    apply: (j) => (Object.values<any>(j.resource.aws_vpc_security_group_ingress_rule).find((r) => r.cidr_ipv4).cidr_ipv4 = "${var.office}"),
    expect: "VERIFY_UNRESOLVED_EXPRESSION",
  },
  {
    name: "a network ACL (a resource type that changes access and is not read)",
    env: "dev",
    cloud: "aws",
    apply: (j) => (j.resource.aws_network_acl_rule = { open: { network_acl_id: "acl-1", rule_number: 1, egress: false, protocol: "-1", rule_action: "allow", cidr_block: "0.0.0.0/0" } }),
    expect: "VERIFY_UNKNOWN_RESOURCE_TYPE",
  },
  {
    name: "an argument the engine does not know on a rule",
    env: "dev",
    cloud: "aws",
    apply: (j) => (Object.values<any>(j.resource.aws_vpc_security_group_ingress_rule)[0].surprise = true),
    expect: "VERIFY_UNKNOWN_ATTRIBUTE",
  },
  { name: "a module call", env: "dev", cloud: "aws", apply: (j) => (j.module = { extra: { source: "./extra" } }), expect: "VERIFY_MODULE_CALL" },
  {
    name: "a second group with rules that serves no role",
    env: "dev",
    cloud: "aws",
    apply: (j) => {
      j.resource.aws_security_group.other = { name: "other", vpc_id: j.resource.aws_security_group.st_server.vpc_id };
      j.resource.aws_vpc_security_group_ingress_rule.other = { security_group_id: "${aws_security_group.other.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" };
    },
    expect: /aws_security_group\.other is no catalog role's group/,
  },
  {
    name: "a rule whose source is a group id from elsewhere",
    env: "dev",
    cloud: "aws",
    apply: (j) =>
      (j.resource.aws_vpc_security_group_ingress_rule.ext = { security_group_id: SG, referenced_security_group_id: "sg-0123456789abcdef0", ip_protocol: "tcp", from_port: 5432, to_port: 5432 }),
    expect: "VERIFY_UNKNOWN_GROUP",
  },
  // --- GCP -----------------------------------------------------------------
  {
    name: "target_tags removed (the rule applies to every VM)",
    env: "prod",
    cloud: "gcp",
    apply: (j) => {
      const f = Object.values<any>(j.resource.google_compute_firewall).find((r) => r.allow);
      delete f.target_tags;
    },
    expect: /has no target: it allows traffic to every VM of the network/,
  },
  {
    name: "destination_ranges added to an ingress rule",
    env: "prod",
    cloud: "gcp",
    apply: (j) => (Object.values<any>(j.resource.google_compute_firewall).find((r) => r.allow && r.direction === "INGRESS").destination_ranges = ["10.0.0.0/8"]),
    expect: /uncertain/,
  },
  {
    name: "source_tags added (a tag no role carries)",
    env: "prod",
    cloud: "gcp",
    apply: (j) => (Object.values<any>(j.resource.google_compute_firewall).find((r) => r.allow && r.source_ranges).source_tags = ["bastion"]),
    expect: /uncertain/,
  },
  {
    // staging: one network for every tier (declared in gcp.networks, so the placement says where each role is).
    name: "every firewall moved to another network",
    env: "staging",
    cloud: "gcp",
    apply: (j) => {
      for (const f of Object.values<any>(j.resource.google_compute_firewall)) f.network = "other-vpc";
    },
    expect: /is in network other-vpc, but gcp\.placement puts role st-[a-z]+ in st-staging-vpc/,
  },
  {
    name: "a deny firewall disabled",
    env: "prod",
    cloud: "gcp",
    // The Servers' deny rows (other tiers' egress default denies come earlier in the file).
    apply: (j) => (Object.values<any>(j.resource.google_compute_firewall).find((r) => r.deny && r.direction === "INGRESS" && r.target_tags?.includes("st-prod-st-server")).disabled = true),
    expect: /catalog deny \(rule "st-deny-all-tcp".*GCP deny \(implied rule\)/,
  },
  {
    name: "a firewall policy rule (a resource type that changes access and is not read)",
    env: "prod",
    cloud: "gcp",
    apply: (j) => (j.resource.google_compute_network_firewall_policy_rule = { r: { action: "allow", priority: 1, direction: "INGRESS", firewall_policy: "p", match: {} } }),
    expect: "VERIFY_UNKNOWN_RESOURCE_TYPE",
  },
  {
    name: "a firewall with params (secure tags)",
    env: "prod",
    cloud: "gcp",
    apply: (j) => (Object.values<any>(j.resource.google_compute_firewall)[0].params = { resource_manager_tags: {} }),
    expect: "VERIFY_UNKNOWN_ATTRIBUTE",
  },
  // --- Azure ---------------------------------------------------------------
  {
    name: "an inline security_rule (RDP from *) on the NSG",
    env: "prod",
    cloud: "azure",
    apply: (j) =>
      (j.resource.azurerm_network_security_group.nsg_st_server.security_rule = [
        {
          name: "rdp",
          priority: 100,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          source_port_range: "*",
          destination_port_range: "3389",
          source_address_prefix: "*",
          destination_address_prefix: "*",
        },
      ]),
    expect: /tcp 3389 .*Azure allow \(azurerm_network_security_group\.nsg_st_server\.security_rule\[0\] \(rdp\)\)/,
  },
  {
    name: "a subnet association of another NSG",
    env: "prod",
    cloud: "azure",
    apply: (j) => (j.resource.azurerm_subnet_network_security_group_association = { s: { subnet_id: "x", network_security_group_id: "${azurerm_network_security_group.nsg_st_server.id}" } }),
    expect: "VERIFY_AZURE_SUBNET_NSG",
  },
  {
    name: "a deny that holds only some source ports",
    env: "prod",
    cloud: "azure",
    apply: (j) => {
      const r = Object.values<any>(j.resource.azurerm_network_security_rule).find((x) => x.access === "Deny" && x.direction === "Inbound");
      r.source_port_range = "1024-65535";
    },
    expect: /source ports/,
  },
  {
    name: "an unknown service tag",
    env: "prod",
    cloud: "azure",
    apply: (j) => (Object.values<any>(j.resource.azurerm_network_security_rule).find((x) => x.source_address_prefix).source_address_prefix = "Storage"),
    expect: "VERIFY_UNKNOWN_SERVICE_TAG",
  },
  {
    name: "a dynamic block",
    env: "prod",
    cloud: "azure",
    apply: (j) => (j.resource.azurerm_network_security_group.nsg_st_server.dynamic = { security_rule: { for_each: "${var.rules}" } }),
    expect: "VERIFY_DYNAMIC_BLOCK",
  },
];

describe("GIVEN a tampered configuration THEN verify never says all agree", () => {
  test.each(TAMPERINGS.map((t) => [t.name, t] as const))("GIVEN %s THEN the engine catches it", (_name, t) => {
    // GIVEN the untouched stack agrees
    expect(judge(t.env, t.cloud, stack(t.env, t.cloud))).toEqual({ kind: "agree" });
    // WHEN it is tampered with
    const json = stack(t.env, t.cloud);
    t.apply(json);
    const verdict = judge(t.env, t.cloud, json);
    // THEN the engine disagrees, with a line naming the tampering, or refuses with the code
    expect(verdict.kind).not.toBe("agree");
    if (typeof t.expect === "string") expect(verdict).toEqual({ kind: "refused", codes: expect.arrayContaining([t.expect]) });
    else if (t.expect) expect(verdict.kind === "disagree" ? verdict.lines.join("\n") : verdict).toMatch(t.expect);
  });
});

describe("GIVEN configurations that change nothing THEN the engine raises no alarm", () => {
  test.each(ENVIRONMENTS.flatMap((e) => (["aws", "azure", "gcp"] as const).map((c) => [e.environment.name, c] as const)))(
    "GIVEN %s %s as synthesized THEN it agrees with no finding",
    (envName, cloud) => {
      expect(judge(envName, cloud, stack(envName, cloud))).toEqual({ kind: "agree" });
    },
  );

  test("GIVEN an AWS SCTP rule that carries ports (AWS ignores them) and a catalog allowing all SCTP THEN they agree", () => {
    const bound = boundOf([rule("sctp", { protocol: "sctp", ports: "all", peer: "10.0.0.0/8" })]);
    const json = {
      output: { security_group_ids: { value: { web: "${aws_security_group.web.id}" } } },
      resource: {
        aws_security_group: { web: { name: "web" } },
        aws_vpc_security_group_ingress_rule: { sctp: { security_group_id: "${aws_security_group.web.id}", cidr_ipv4: "10.0.0.0/8", ip_protocol: "sctp", from_port: 5000, to_port: 5001 } },
      },
    };
    const report = checkEnvironment({ bound, stacks: [{ cloud: "aws", json }] });
    expect(report.disagreements.map((d) => d.explanation)).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  test("GIVEN harmless changes (count = 1, a neutral resource, destination_ranges of the whole space) THEN they agree", () => {
    const aws = stack("dev", "aws");
    Object.values<any>(aws.resource.aws_vpc_security_group_ingress_rule)[0].count = 1;
    aws.resource.aws_instance = { vm: { ami: "ami-1", instance_type: "t3.micro", vpc_security_group_ids: [SG] } };
    expect(judge("dev", "aws", aws)).toEqual({ kind: "agree" });
    // (IPv4 only: on a dual-stack rule, 0.0.0.0/0 as destination would cut its IPv6 half off.)
    const gcp = stack("dev", "gcp");
    for (const f of Object.values<any>(gcp.resource.google_compute_firewall)) if (f.direction === "INGRESS") f.destination_ranges = ["0.0.0.0/0"];
    expect(judge("dev", "gcp", gcp)).toEqual({ kind: "agree" });
  });
});
