/**
 * Day two on dev-aws: a series of catalog and environment edits, each applied
 * on top of the last, asserted as plans (exact add/change/destroy counts from
 * `terraform show -json`, never a security group replaced); then drift made by
 * hand and found by `npm run drift`, which Terraform itself does not see.
 */
import { AuthorizeSecurityGroupIngressCommand, ModifySecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { execFile } from "child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { Document, parseDocument } from "yaml";
import { jsonPath } from "../synth/synthesize";
import { leftInVpc, readBack } from "./support/deployment";
import { createVpc, Emulator, startEmulator } from "./support/emulator";
import { bindEnvironments, ROOT, synthesize } from "./support/examples";
import { outcome } from "./support/outcome";
import { counts, PlanSummary, TerraformSession } from "./support/terraform-session";

const STACK = "dev-aws";
const REGION = "eu-west-1";
const CATALOG_FILE = "securetransport.yaml";

let emulator: Emulator;
let scratch: string;
let session: TerraformSession;
let vpcId: string;
let work: string;
let catalogDir: string;
let environmentsDir: string;
let outdir: string;
const timings: Record<string, number> = {};

/** The catalog's text of rule `id` (from its "  - id:" line to the next rule or the end). */
function ruleBlock(catalog: string, id: string): string {
  const start = catalog.indexOf(`  - id: ${id}\n`);
  if (start < 0) throw new Error(`no rule ${id} in the catalog`);
  const next = catalog.indexOf("\n  - id: ", start + 1);
  return catalog.slice(start, next < 0 ? undefined : next + 1);
}

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}" to edit`);
  return text.replace(from, to);
}

function editCatalog(edit: (text: string) => string): void {
  const file = path.join(catalogDir, CATALOG_FILE);
  writeFileSync(file, edit(readFileSync(file, "utf8")));
}

/** Edits dev.yaml through the YAML document (the bound copy was written by the yaml library, in its layout). */
function editDevEnvironment(edit: (doc: Document) => void): void {
  const file = path.join(environmentsDir, "dev.yaml");
  const doc = parseDocument(readFileSync(file, "utf8"));
  edit(doc);
  if (doc.errors.length > 0) throw new Error(String(doc.errors[0]));
  writeFileSync(file, doc.toString());
}

/**
 * Synthesizes the edited catalog, stages it over the deployed working directory
 * and plans. Without a refresh: only our last apply changed the emulator (the
 * suite's last plan refreshes everything and must find no changes, as do the
 * lifecycle's plans after every apply).
 */
async function replan(): Promise<PlanSummary> {
  await synthesize({ outdir, environmentsDir, catalogDir, only: ["dev"] });
  session.stage(path.dirname(jsonPath(outdir, STACK)), "json");
  return session.plan(work, { refresh: false });
}

function stackResources(): number {
  const json = JSON.parse(readFileSync(jsonPath(outdir, STACK), "utf8"));
  return Object.values<Record<string, unknown>>(json.resource).reduce((n, byId) => n + Object.keys(byId).length, 0);
}

function drift(args: string[], env: Record<string, string> = emulator.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const where = { CDKTF_OUTDIR: outdir, FIREWALL_ENVIRONMENTS_DIR: environmentsDir, FIREWALL_CATALOG_DIR: catalogDir };
    execFile(process.execPath, [path.join(ROOT, "dist", "cli", "drift.js"), ...args], { env: { ...process.env, ...env, ...where } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  const start = Date.now();
  scratch = mkdtempSync(path.join(os.tmpdir(), "fw-e2e-day-two-"));
  emulator = await startEmulator();
  vpcId = await createVpc(emulator, REGION, "10.110.0.0/16");
  catalogDir = path.join(scratch, "catalog");
  cpSync(path.join(ROOT, "catalog"), catalogDir, { recursive: true });
  environmentsDir = bindEnvironments(path.join(scratch, "environments"), { dev: vpcId });
  outdir = path.join(scratch, "out");
  await synthesize({ outdir, environmentsDir, catalogDir, only: ["dev"] });
  session = new TerraformSession(path.join(scratch, "tf"), emulator);
  work = session.stage(path.dirname(jsonPath(outdir, STACK)), "json");
  await session.init(work);
  await session.apply(work);
  timings["first apply"] = (Date.now() - start) / 1000;
});

afterAll(async () => {
  await session?.close();
  await emulator?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  console.log(`e2e day-two phases (s): ${JSON.stringify(timings)}`);
});

interface Edit {
  readonly name: string;
  readonly apply: () => void;
  readonly expected: { add: number; change: number; destroy: number } | (() => { add: number; change: number; destroy: number });
  /** Addresses the plan must create / update / delete (beyond the counts). */
  readonly check?: (plan: PlanSummary) => void;
}

const ADMIN_RULE = "aws_vpc_security_group_ingress_rule.st_server_ingress";
const EDITS: Edit[] = [
  {
    name: "append a rule (ping from the Administration host, after the deny rows)",
    apply: () =>
      editCatalog((t) => {
        // The last rule: before the catalog's invariants section, which follows the rules.
        const rule =
          "  - id: st-ping-admin\n    target: st-server\n    direction: ingress\n    action: allow\n    peer: set:admin-host\n    protocol: icmp\n    description: Ping from the Administration host\n    origin: e2e day-two edit\n";
        const at = t.indexOf("\n# --- Invariants");
        return at < 0 ? `${t.trimEnd()}\n\n${rule}` : `${t.slice(0, at).trimEnd()}\n\n${rule}\n${t.slice(at)}`;
      }),
    expected: { add: 1, change: 0, destroy: 0 },
    check: (p) => expect(p.create).toEqual([`${ADMIN_RULE}_st_ping_admin_icmp_10_10_0_10_32`]),
  },
  {
    name: "insert a rule in the middle (web console 8443 before the cluster cache management rule)",
    apply: () =>
      editCatalog((t) =>
        replaceOnce(
          t,
          "  - id: st-cluster-cache-mgmt-tcp\n",
          "  - id: st-web-console\n    target: st-server\n    direction: ingress\n    action: allow\n    peer: set:admin-host\n    protocol: tcp\n    ports: [8443]\n    description: Web console\n    origin: e2e day-two edit\n\n  - id: st-cluster-cache-mgmt-tcp\n",
        ),
      ),
    expected: { add: 1, change: 0, destroy: 0 },
    check: (p) => expect(p.create).toEqual([`${ADMIN_RULE}_st_web_console_tcp_8443_10_10_0_10_32`]),
  },
  {
    name: "change a port (TM JMX 9999 to 9998)",
    apply: () => editCatalog((t) => replaceOnce(t, ruleBlock(t, "st-tm-jmx"), ruleBlock(t, "st-tm-jmx").replace("ports: [9999]", "ports: [9998]"))),
    // The port is part of the logical id (content-derived): the old rule goes, a new one comes.
    expected: { add: 1, change: 0, destroy: 1 },
    check: (p) => {
      expect(p.create).toEqual([`${ADMIN_RULE}_st_tm_jmx_tcp_9998_self`]);
      expect(p.delete).toEqual([`${ADMIN_RULE}_st_tm_jmx_tcp_9999_self`]);
    },
  },
  {
    name: "change a rule description (SNMP)",
    apply: () => editCatalog((t) => replaceOnce(t, ruleBlock(t, "st-snmp"), ruleBlock(t, "st-snmp").replace("description: SNMP\n", "description: SNMP over TCP 80 (seed row 1)\n"))),
    expected: { add: 0, change: 1, destroy: 0 },
    check: (p) => expect(p.update).toEqual([`${ADMIN_RULE}_st_snmp_tcp_80_self`]),
  },
  {
    name: "change a role description",
    apply: () => editCatalog((t) => replaceOnce(t, "description: SecureTransport Server nodes of one cluster\n", "description: SecureTransport Server nodes of one cluster (dev and prod)\n")),
    // Only the group's catalog-role-description tag: its description never follows the catalog's text.
    expected: { add: 0, change: 1, destroy: 0 },
    check: (p) => expect(p.update).toEqual(["aws_security_group.st_server"]),
  },
  {
    name: "add an address to a bound set (a second Administration host)",
    apply: () =>
      editDevEnvironment((doc) => {
        expect((doc.getIn(["addressSets", "admin-host"]) as { toJSON(): unknown }).toJSON()).toEqual(["10.10.0.10/32"]);
        doc.setIn(["addressSets", "admin-host"], ["10.10.0.10/32", "10.10.0.12/32"]);
      }),
    // Every rule from set:admin-host gets one resource for the new address: on the Servers the HTTPS tool, web
    // console and ping; on the other tiers the Edges' Admin Tool, SSH and database, the database host's port and
    // RDP, the storage's SSH.
    expected: { add: 9, change: 0, destroy: 0 },
    check: (p) => expect(p.create.every((a) => a.endsWith("_10_10_0_12_32"))).toBe(true),
  },
  {
    name: "remove a rule (Coherence)",
    apply: () => editCatalog((t) => t.replace(ruleBlock(t, "st-coherence"), "")),
    expected: { add: 0, change: 0, destroy: 1 },
    check: (p) => expect(p.delete).toEqual([`${ADMIN_RULE}_st_coherence_tcp_7_self`]),
  },
  {
    name: "change a tag (the environment's owner, a default tag of every resource)",
    apply: () =>
      editDevEnvironment((doc) => {
        expect(doc.getIn(["aws", "tags", "owner"])).toBe("platform-security");
        doc.setIn(["aws", "tags", "owner"], "network-security");
      }),
    // Every resource's tags_all changes in place: the five groups and their 113 rules.
    expected: () => ({ add: 0, change: stackResources(), destroy: 0 }),
    check: (p) => expect(p.update).toHaveLength(118),
  },
];

const planCounts: Record<string, unknown> = {};

describe("day-two edits on dev-aws, each applied on top of the last", () => {
  test.each(EDITS.map((e, i) => [i + 1, e.name, e] as const))("edit %i: %s", async (_n, name, edit) => {
    const start = Date.now();
    edit.apply();
    const plan = await replan();
    planCounts[name] = counts(plan);
    const expected = typeof edit.expected === "function" ? edit.expected() : edit.expected;
    expect(counts(plan)).toEqual(expected);
    // No group is ever replaced or destroyed by an edit of rules, descriptions, addresses or tags.
    expect([...plan.replace, ...plan.delete].filter((a) => a.startsWith("aws_security_group."))).toEqual([]);
    expect(plan.replace).toEqual([]);
    edit.check?.(plan);
    await session.applyPlan(work);
    timings[`edit ${_n}`] = (Date.now() - start) / 1000;
  });

  test("THEN AWS holds exactly the last synthesis, the catalog's decisions hold on the live rules, and a new plan has no changes", async () => {
    console.log(`day-two plan counts: ${JSON.stringify(planCounts)}`);
    const { drift: d, check } = await readBack(emulator, { outdir, stack: STACK, environmentsDir, catalogDir });
    expect(d.findings).toEqual([]);
    expect(d.checked.rules).toBe(113);
    expect(check.disagreements.map((x) => x.explanation)).toEqual([]);
    expect(await session.planNoChanges(work)).toContain("No changes.");
  });
});

describe("npm run drift -- dev-aws", () => {
  let groupId: string;

  test("GIVEN the deployed stack untouched THEN it reports no drift and exits 0", async () => {
    const r = await drift([STACK]);
    expect(outcome(r.code, `${r.stdout}\n${r.stderr}`, 0)).toEqual({ code: 0, error: "" });
    expect(r.stdout).toMatch(/dev-aws \(aws, vpc-\w+ in eu-west-1\): 5 group\(s\) and 113 rule\(s\) in the stack; no drift\./);
  });

  test("GIVEN tcp 3389 from 0.0.0.0/0 added by hand THEN Terraform plans no changes, but drift names the rule and the group and exits 1", async () => {
    const start = Date.now();
    const { live } = await readBack(emulator, { outdir, stack: STACK, environmentsDir, catalogDir });
    // The Servers' group (the stack has one per tier).
    groupId = live.groups.find((g) => g.name === "st-dev-st-server")!.id;
    await emulator.ec2(REGION).send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "RDP by hand" }] }],
      }),
    );
    expect(counts(await session.plan(work))).toEqual({ add: 0, change: 0, destroy: 0 });
    const r = await drift([STACK]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`error: extra rule on st-dev-st-server (${groupId}): ingress tcp 3389 from 0.0.0.0/0 "RDP by hand"`);
    const json = await drift([STACK, "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.drift).toBe(true);
    expect(report.findings).toEqual([expect.objectContaining({ kind: "extra", subject: "rule", group: "st-dev-st-server", rule: "ingress tcp 3389 from 0.0.0.0/0" })]);
    timings["drift: extra rule"] = (Date.now() - start) / 1000;
  });

  test("GIVEN also a rule description changed and a rule revoked by hand THEN drift lists the extra RDP rule first (error), then the missing rule (warning), then the changed description (info)", async () => {
    const { live } = await readBack(emulator, { outdir, stack: STACK, environmentsDir, catalogDir });
    const rule = (from: number) => live.rules.find((x) => x.groupId === groupId && x.direction === "ingress" && x.fromPort === from && x.protocol === "tcp")!;
    const ec2 = emulator.ec2(REGION);
    const snmp = rule(80);
    await ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: groupId,
        SecurityGroupRules: [{ SecurityGroupRuleId: snmp.id, SecurityGroupRule: { IpProtocol: "tcp", FromPort: 80, ToPort: 80, ReferencedGroupId: groupId, Description: "edited in the console" } }],
      }),
    );
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: [rule(9998).id] }));
    const report = JSON.parse((await drift([STACK, "--json"])).stdout);
    expect(report.findings.map((f: any) => `${f.severity} ${f.kind} ${f.subject === "rule" ? f.rule : f.group}`)).toEqual([
      "error extra ingress tcp 3389 from 0.0.0.0/0",
      "warning missing ingress tcp 9998 from group st-dev-st-server",
      "info changed ingress tcp 80 from group st-dev-st-server",
    ]);
    expect(report.worst).toBe("error");
    expect(report.findings[2].differences).toEqual([{ field: "description", expected: "SNMP over TCP 80 (seed row 1)", live: "edited in the console" }]);
  });

  test("GIVEN the extra rule removed and the stack applied again THEN drift is clean (exit 0)", async () => {
    const { live } = await readBack(emulator, { outdir, stack: STACK, environmentsDir, catalogDir });
    const extra = live.rules.find((x) => x.groupId === groupId && x.fromPort === 3389)!;
    await emulator.ec2(REGION).send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: [extra.id] }));
    // Terraform sees the description and the revoked rule: one update, one create.
    expect(counts(await session.plan(work))).toEqual({ add: 1, change: 1, destroy: 0 });
    await session.applyPlan(work);
    const after = await drift([STACK]);
    expect(outcome(after.code, `${after.stdout}\n${after.stderr}`, 0)).toEqual({ code: 0, error: "" });
  });

  test("GIVEN AWS cannot be reached THEN it cannot tell and exits 2, saying why", async () => {
    const r = await drift([STACK], { ...emulator.env, AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_MAX_ATTEMPTS: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell whether dev-aws has drifted: cannot read security groups of vpc-\w+ in eu-west-1: .*ECONNREFUSED|connect/);
  });

  test("GIVEN a GCP stack or an unknown stack THEN it cannot tell and exits 2", async () => {
    const gcp = await drift(["dev-gcp"]);
    expect(outcome(gcp.code, `${gcp.stdout}\n${gcp.stderr}`, 2)).toEqual({ code: 2, error: "" });
    expect((await drift(["no-such-aws"])).stderr).toMatch(/no-such-aws\/cdk\.tf\.json is missing: run `npm run synth` first/);
    const none = await drift([]);
    expect(outcome(none.code, `${none.stdout}\n${none.stderr}`, 2)).toEqual({ code: 2, error: "" });
  });
});

test("GIVEN one of our rules already deleted by hand WHEN the stack is destroyed without a refresh THEN Terraform takes the rule as gone, and nothing of ours is left", async () => {
  // The delete of a rule AWS no longer has (a retried request, a console cleanup) meets InvalidSecurityGroupRuleId.NotFound,
  // which the provider takes as done: the emulator must answer with that code (moto_launcher.py), or the destroy fails.
  const { live } = await readBack(emulator, { outdir, stack: STACK, environmentsDir, catalogDir });
  const server = live.groups.find((g) => g.name === "st-dev-st-server")!.id;
  const ours = live.rules.find((x) => x.groupId === server && x.direction === "ingress")!;
  await emulator.ec2(REGION).send(new RevokeSecurityGroupIngressCommand({ GroupId: server, SecurityGroupRuleIds: [ours.id] }));
  expect(await session.destroy(work, { refresh: false })).toMatch(/Destroy complete! Resources: \d+ destroyed/);
  expect(await leftInVpc(emulator, REGION, vpcId)).toEqual({ groups: [], rules: 0 });
});
