/**
 * Drift: a synthesized stack against what AWS holds, compared exactly (every
 * rule, protocol, port range, CIDR, referenced group, description and tag),
 * without talking to AWS: the live side is built here as DescribeSecurityGroupRules
 * would answer. The e2e suite runs the same code against the emulator.
 */
import { awsDrift, compareStack, expectedFromStackJson } from "../../../modules/aws/drift";
import { LiveGroups, LiveRule } from "../../../modules/aws/live";
import { DriftUnknownError, rateDrift, worstSeverity } from "../../../modules/drift";
import { awsLiveEffective, loadAwsLiveView } from "../../../modules/aws/effective";
import { checkEnvironment } from "../../../modules/engine/check";
import { adminPortsOf, CannotTell, driftOf, formatReport } from "../../../verify/drift";
import { secureTransportSeedTier, synthAws } from "./fixtures";
import { thrown, rejected } from "../../support/thrown";

const VPC = "vpc-0123456789abcdef0";
const SG = "sg-0aaaaaaaaaaaaaaaa";

/** The synthesized stack and a live answer that matches it exactly (made once; tests change copies only). */
let made: ReturnType<typeof makeDeployed> | undefined;
function deployed() {
  return (made ??= makeDeployed());
}

function makeDeployed() {
  // The seed's server tier: one group, as AWS would hold it.
  const bound = secureTransportSeedTier();
  const { json } = synthAws(bound, { tags: { owner: "team ${x}" } });
  json.provider.aws[0].default_tags = [{ tags: { environment: "dev" } }];
  const expected = expectedFromStackJson(json);
  const group = expected.groups[0];
  const rules: LiveRule[] = expected.rules.map((r, i) => ({
    id: `sgr-${String(i).padStart(17, "0")}`,
    groupId: SG,
    direction: r.direction,
    protocol: r.protocol,
    // AWS answers -1/-1 where a rule has no ports.
    fromPort: r.fromPort ?? -1,
    toPort: r.toPort ?? -1,
    cidrIpv4: r.cidrIpv4,
    cidrIpv6: r.cidrIpv6,
    referencedGroupId: r.referencedGroupLogicalId ? SG : undefined,
    description: r.description,
    tags: r.tags,
  }));
  const live: LiveGroups = { region: "eu-west-1", vpcId: VPC, groups: [{ id: SG, name: group.name, description: group.description, vpcId: VPC, tags: group.tags }], rules };
  return { bound, json, expected, live };
}

const report = (live: LiveGroups) => compareStack("dev-aws", deployed().expected, live);
const words = (live: LiveGroups) => report(live).findings.map((f) => `${f.kind} ${f.subject} ${f.rule ?? f.group}`);

describe("AWS drift", () => {
  test("GIVEN AWS holds exactly the stack THEN there is no finding, and the escaped text is compared as AWS holds it", () => {
    const { live, expected } = deployed();
    expect(report(live)).toMatchObject({ findings: [], checked: { groups: 1, rules: expected.rules.length }, location: `${VPC} in eu-west-1` });
    expect(live.groups[0].tags.owner).toBe("team ${x}");
    expect(live.groups[0].tags.environment).toBe("dev");
  });

  test("GIVEN a rule added by hand THEN it is an extra rule, named by protocol, port, peer and group", () => {
    const { live } = deployed();
    const extra: LiveRule = { id: "sgr-0ffffffffffffffff", groupId: SG, direction: "ingress", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "0.0.0.0/0", tags: {} };
    const r = report({ ...live, rules: [...live.rules, extra] });
    expect(r.findings).toEqual([expect.objectContaining({ kind: "extra", subject: "rule", group: "st-dev-st-server", rule: "ingress tcp 3389 from 0.0.0.0/0", liveId: "sgr-0ffffffffffffffff" })]);
    expect(formatReport(rateDrift(r, []))).toMatch(
      new RegExp(`^error: extra rule on st-dev-st-server \\(${SG}\\): ingress tcp 3389 from 0\\.0\\.0\\.0/0 \\(sgr-0ffffffffffffffff\\) is not in the stack; \\[admin-port-open-to-any\\]`),
    );
  });

  test.each<[string, (r: LiveRule) => LiveRule, string[]]>([
    ["a port range widened", (r) => ({ ...r, toPort: (r.toPort ?? 0) + 1 }), ["missing", "extra"]],
    ["the protocol (tcp to udp)", (r) => ({ ...r, protocol: "udp" }), ["missing", "extra"]],
    ["the protocol written as a number (6 for tcp): the same rule", (r) => ({ ...r, protocol: "6" }), []],
    ["the CIDR (on the Administration Tool rule)", (r) => (r.cidrIpv4 ? { ...r, cidrIpv4: "10.10.0.11/32" } : r), ["missing", "extra"]],
    ["the peer: a CIDR instead of the group", (r) => ({ ...r, referencedGroupId: undefined, cidrIpv4: "10.0.0.0/8" }), ["missing", "extra"]],
    ["the peer: another account's group", (r) => ({ ...r, referencedGroupId: "sg-0bbbbbbbbbbbbbbbb" }), ["missing", "extra"]],
    ["the description", (r) => ({ ...r, description: "SNMP (edited)" }), ["changed"]],
    ["the description removed", (r) => ({ ...r, description: undefined }), ["changed"]],
    ["a tag value", (r) => ({ ...r, tags: { ...r.tags, "catalog-rule": "other" } }), ["changed"]],
    ["a tag added", (r) => ({ ...r, tags: { ...r.tags, extra: "" } }), ["changed"]],
    ["a tag removed", (r) => ({ ...r, tags: Object.fromEntries(Object.entries(r.tags).filter(([k]) => k !== "environment")) }), ["changed"]],
    ["a tag whose value reads like the placeholder for none", (r) => ({ ...r, tags: { ...r.tags, "(no such tag)": "(no such tag)" } }), ["changed"]],
  ])("GIVEN the SNMP rule with %s THEN exactly that is reported", (what, change, kinds) => {
    const { live } = deployed();
    const snmp = live.rules.findIndex((r) => r.fromPort === (what.includes("Administration Tool") ? 444 : 80));
    const rules = live.rules.map((r, i) => (i === snmp ? change(r) : r));
    const findings = report({ ...live, rules }).findings;
    expect(findings.map((f) => f.kind).sort()).toEqual([...kinds].sort());
    for (const f of findings) expect(f.group).toBe("st-dev-st-server");
  });

  test("GIVEN a rule revoked by hand THEN it is missing, with the Terraform address that brings it back", () => {
    const { live } = deployed();
    const r = report({ ...live, rules: live.rules.filter((x) => x.fromPort !== 80) });
    expect(r.findings).toEqual([
      expect.objectContaining({ kind: "missing", rule: "ingress tcp 80 from group st-dev-st-server", address: "aws_vpc_security_group_ingress_rule.st_server_ingress_st_snmp_tcp_80_self" }),
    ]);
  });

  test("GIVEN the group's tags or description changed by hand THEN the group is reported as changed", () => {
    const { live } = deployed();
    const g = live.groups[0];
    expect(words({ ...live, groups: [{ ...g, tags: { ...g.tags, owner: "someone" } }] })).toEqual(["changed group st-dev-st-server"]);
    expect(words({ ...live, groups: [{ ...g, description: "edited" }] })).toEqual(["changed group st-dev-st-server"]);
  });

  test("GIVEN the group deleted THEN one finding says so (not one per rule)", () => {
    const { live } = deployed();
    expect(words({ ...live, groups: [], rules: [] })).toEqual(["missing group st-dev-st-server"]);
  });

  test("GIVEN the live rules THEN the effective-policy checker agrees with the catalog on them, and catches an extra rule", () => {
    const { live, bound } = deployed();
    expect(checkEnvironment({ bound, stacks: [{ cloud: "aws", view: awsLiveEffective(live) }] }).disagreements).toEqual([]);
    const extra: LiveRule = { id: "sgr-0eeeeeeeeeeeeeeee", groupId: SG, direction: "ingress", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "0.0.0.0/0", tags: {} };
    const d = checkEnvironment({ bound, stacks: [{ cloud: "aws", view: awsLiveEffective({ ...live, rules: [...live.rules, extra] }) }] }).disagreements;
    expect(d.length).toBeGreaterThan(0);
    expect(d[0].explanation).toMatch(/tcp 3389 from .* to role st-server: catalog deny .*AWS allow \(sgr-0eeeeeeeeeeeeeeee/);
  });

  test("GIVEN a live group without its catalog-role tag, or a prefix-list rule THEN the checker refuses to guess", () => {
    const { live } = deployed();
    expect(() => loadAwsLiveView({ ...live, groups: [{ ...live.groups[0], tags: {} }] })).toThrow(/has no catalog-role tag/);
    const pl: LiveRule = { id: "sgr-0ddddddddddddddddd", groupId: SG, direction: "egress", protocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-1234", tags: {} };
    expect(() => loadAwsLiveView({ ...live, rules: [...live.rules, pl] })).toThrow(/prefix list/);
  });

  test("GIVEN AWS cannot be read THEN drift cannot be told (not 'no drift')", async () => {
    const { json } = deployed();
    await expect(awsDrift("dev-aws", json, async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")))).rejects.toThrow(DriftUnknownError);
    expect(await rejected(awsDrift("dev-aws", json, async () => Promise.reject(new Error("x"))))).toEqual({ error: "DriftUnknownError", codes: ["DRIFT_AWS_UNREADABLE"] });
  });

  test("GIVEN a stack whose groups have no literal VPC id or whose rules reference no group of the stack THEN it cannot tell", () => {
    const { json } = deployed();
    const noVpc = structuredClone(json);
    noVpc.resource.aws_security_group.st_server.vpc_id = "${var.vpc}";
    expect(thrown(() => expectedFromStackJson(noVpc))).toEqual({ error: "DriftUnknownError", codes: ["DRIFT_AWS_VPC_NOT_LITERAL"] });
    const foreign = structuredClone(json);
    Object.values<any>(foreign.resource.aws_vpc_security_group_ingress_rule)[0].security_group_id = "sg-123";
    expect(thrown(() => expectedFromStackJson(foreign))).toEqual({ error: "DriftUnknownError", codes: ["DRIFT_AWS_BAD_REFERENCE"] });
  });
});

describe("drift severities (rateDrift, from the security lint)", () => {
  const rule = (over: Partial<LiveRule>): LiveRule => ({
    id: "sgr-0ccccccccccccccccc",
    groupId: SG,
    direction: "ingress",
    protocol: "tcp",
    fromPort: 8443,
    toPort: 8443,
    cidrIpv4: "10.1.0.0/16",
    tags: {},
    ...over,
  });
  const rated = (changes: (live: LiveGroups) => LiveGroups, adminPorts: number[] = []) => rateDrift(report(changes(deployed().live)), adminPorts);
  const severityOf = (extra: LiveRule, adminPorts: number[] = []) => rated((l) => ({ ...l, rules: [...l.rules, extra] }), adminPorts).findings.map((f) => f.severity);

  test.each<[string, Partial<LiveRule>, number[], string]>([
    ["tcp 3389 from 0.0.0.0/0 (RDP from anywhere)", { fromPort: 3389, toPort: 3389, cidrIpv4: "0.0.0.0/0" }, [], "error"],
    ["tcp 22 from ::/0 (SSH from anywhere over IPv6)", { fromPort: 22, toPort: 22, cidrIpv4: undefined, cidrIpv6: "::/0" }, [], "error"],
    ["tcp 1-65535 from 0.0.0.0/0 (every port: the admin ports among them)", { fromPort: 1, toPort: 65535, cidrIpv4: "0.0.0.0/0" }, [], "error"],
    ["all protocols from 0.0.0.0/0", { protocol: "-1", fromPort: -1, toPort: -1, cidrIpv4: "0.0.0.0/0" }, [], "error"],
    ["tcp 8443 from 0.0.0.0/0 where the catalog names 8443 an admin port", { cidrIpv4: "0.0.0.0/0" }, [8443], "error"],
    ["tcp 8443 from 0.0.0.0/0 where it is no admin port", { cidrIpv4: "0.0.0.0/0" }, [], "warning"],
    ["tcp 3389 from a prefix list (its networks unread: judged as everyone)", { fromPort: 3389, toPort: 3389, cidrIpv4: undefined, prefixListId: "pl-0123" }, [], "error"],
    ["tcp 3389 from 10.1.0.0/16 (a private network)", { fromPort: 3389, toPort: 3389 }, [], "warning"],
    ["tcp 3389 from the group itself", { fromPort: 3389, toPort: 3389, cidrIpv4: undefined, referencedGroupId: SG }, [], "warning"],
    ["all protocols from 10.1.0.0/16", { protocol: "-1", fromPort: -1, toPort: -1 }, [], "warning"],
    ["egress tcp 443 to 0.0.0.0/0", { direction: "egress", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, [], "warning"],
    ["icmp from 0.0.0.0/0", { protocol: "icmp", fromPort: -1, toPort: -1, cidrIpv4: "0.0.0.0/0" }, [], "warning"],
    ["protocol 47 (GRE) from 0.0.0.0/0", { protocol: "47", fromPort: undefined, toPort: undefined, cidrIpv4: "0.0.0.0/0" }, [], "warning"],
  ])("GIVEN an extra rule %s THEN its severity comes from the lint", (_what, over, adminPorts, severity) => {
    expect(severityOf(rule(over), adminPorts)).toEqual([severity]);
  });

  test("GIVEN a description change, a revoked rule and RDP from anywhere added by hand THEN the RDP rule is first and an error, the missing rule a warning, the description info", () => {
    const r = rated((l) => ({
      ...l,
      rules: [...l.rules.filter((x) => x.fromPort !== 9999).map((x) => (x.fromPort === 80 ? { ...x, description: "edited" } : x)), rule({ fromPort: 3389, toPort: 3389, cidrIpv4: "0.0.0.0/0" })],
    }));
    expect(r.findings.map((f) => `${f.severity} ${f.kind} ${f.rule}`)).toEqual([
      "error extra ingress tcp 3389 from 0.0.0.0/0",
      "warning missing ingress tcp 9999 from group st-dev-st-server",
      "info changed ingress tcp 80 from group st-dev-st-server",
    ]);
    expect(worstSeverity(r)).toBe("error");
    const lines = formatReport(r).trimEnd().split("\n");
    // One line per finding, starting with its severity, naming protocol and port; the summary after them.
    expect(lines.slice(0, 3).map((l) => l.split(":")[0])).toEqual(["error", "warning", "info"]);
    expect(lines[0]).toContain("tcp 3389");
    expect(lines[1]).toContain("tcp 9999");
    expect(lines[2]).toContain("tcp 80");
    expect(lines[3]).toMatch(/^dev-aws \(aws, .*\): 1 group\(s\) and \d+ rule\(s\) in the stack; 3 difference\(s\): 1 error\(s\), 1 warning\(s\), 1 info\.$/);
  });

  test("GIVEN only warnings and info THEN the worst is a warning (drift exits 0 on it)", () => {
    const r = rated((l) => ({ ...l, rules: l.rules.filter((x) => x.fromPort !== 9999) }));
    expect(worstSeverity(r)).toBe("warning");
    expect(worstSeverity(rated((l) => l))).toBeUndefined();
  });
});

describe("npm run drift (verify/drift.ts)", () => {
  test.each([
    ["../etc", "DRIFT_NOT_A_STACK"],
    ["no-such-aws", "DRIFT_NO_SYNTHESIS"],
  ])("GIVEN stack %s THEN it cannot tell, with its code", async (stack, code) => {
    await expect(driftOf(stack, { outdir: "/nonexistent-outdir" })).rejects.toMatchObject({ code });
  });

  test("GIVEN the example environments THEN the admin ports are the catalog's; GIVEN no such environment THEN it cannot tell (no judging without the catalog)", () => {
    expect(adminPortsOf("dev-aws", "aws", { outdir: "cdktf.out" })).toEqual([444, 20444]);
    expect(() => adminPortsOf("nowhere-aws", "aws", { outdir: "cdktf.out" })).toThrow(CannotTell);
    expect(() => adminPortsOf("dev-aws", "aws", { outdir: "cdktf.out", catalogDir: "/nonexistent" })).toThrow(expect.objectContaining({ code: "DRIFT_NO_CATALOG" }));
  });
});
