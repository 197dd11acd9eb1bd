/**
 * verify judges each folder a user can run Terraform in, as Terraform reads it
 * (every *.tf / *.tf.json, overrides merged), whatever manifest.json says; and
 * `--against` judges Terraform we did not write.
 */
import { spawnSync } from "child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../policy";
import { verifyAgainst } from "../../verify/against";
import { synthesizeExamples } from "../support/synthesized";
import { runVerify } from "../support/verify-cli";

let outdir: string;
beforeAll(async () => {
  outdir = (await synthesizeExamples()).outdir;
});

function copy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-folders-"));
  cpSync(outdir, dir, { recursive: true });
  return dir;
}

const SSH_FROM_ANYWHERE_TF = `resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.st_server.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}
`;

describe("GIVEN a synthesis whose stack folders were tampered with", () => {
  test("GIVEN the manifest pointing a stack at a pristine copy while stacks/<stack>/cdk.tf.json opens everything THEN verify refuses the manifest (exit 2)", () => {
    const dir = copy();
    const pristine = path.join(dir, "elsewhere", "prod-aws");
    mkdirSync(pristine, { recursive: true });
    cpSync(path.join(dir, "stacks", "prod-aws", "cdk.tf.json"), path.join(pristine, "cdk.tf.json"));
    const file = path.join(dir, "stacks", "prod-aws", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.resource.aws_vpc_security_group_ingress_rule.everything = { security_group_id: "${aws_security_group.st_server.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" };
    writeFileSync(file, JSON.stringify(json));
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest.stacks["prod-aws"].synthesizedStackPath = "elsewhere/prod-aws/cdk.tf.json";
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const r = runVerify(dir, { FIREWALL_ENVIRONMENTS: "prod" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/stack "prod-aws": synthesizedStackPath is "elsewhere\/prod-aws\/cdk.tf.json", not "stacks\/prod-aws\/cdk.tf.json"/);
    // And with the manifest put right, the standard folder itself fails.
    manifest.stacks["prod-aws"].synthesizedStackPath = "stacks/prod-aws/cdk.tf.json";
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const again = runVerify(dir, { FIREWALL_ENVIRONMENTS: "prod" });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/AWS allow \(aws_vpc_security_group_ingress_rule\.everything\)/);
  });

  test.each([
    ["stacks is no map", (m: { stacks: Record<string, unknown> }) => Object.assign(m, { stacks: 5 })],
    ["an entry is no object", (m: { stacks: Record<string, unknown> }) => Object.assign(m.stacks, { "prod-aws": "stacks/prod-aws" })],
    ["a stack verify judges is not listed (cdktf deploy would not find it)", (m: { stacks: Record<string, unknown> }) => delete m.stacks["prod-aws"]],
  ])("GIVEN a manifest where %s THEN verify refuses it (exit 2, VERIFY_MANIFEST_PATH) instead of judging nothing", (_, edit) => {
    const dir = copy();
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    edit(manifest);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const r = spawnSync(process.execPath, ["dist/cli/verify.js", dir, "--json"], { encoding: "utf8", env: { ...process.env, FIREWALL_ENVIRONMENTS: "prod" } });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.codes).toEqual(["VERIFY_MANIFEST_PATH"]);
  });

  test("GIVEN an HCL override file in the JSON folder that widens the SSH rule THEN verify reads it with the JSON and fails (exit 1), naming the resource", () => {
    const dir = copy();
    writeFileSync(path.join(dir, "stacks", "prod-aws", "ssh_override.tf"), 'resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_ssh_admin_tcp_22_self" {\n  from_port = 1\n}\n');
    const r = runVerify(dir, { FIREWALL_ENVIRONMENTS: "prod" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/tcp 8-21 from a member of role st-server .*catalog deny .*AWS allow \(aws_vpc_security_group_ingress_rule\.st_server_ingress_st_ssh_admin_tcp_22_self\)/);
  });

  test("GIVEN an extra .tf file in the HCL folder that opens SSH THEN verify judges that folder on its own and fails, naming the folder and the resource", () => {
    const dir = copy();
    writeFileSync(path.join(dir, "hcl", "prod-aws", "ssh.tf"), SSH_FROM_ANYWHERE_TF);
    const r = runVerify(dir, { FIREWALL_ENVIRONMENTS: "prod" });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`prod: ${path.join(dir, "hcl", "prod-aws")} as Terraform reads it, catalog vs AWS: `);
    expect(r.out).toMatch(/tcp 22 from .* AWS allow \(aws_vpc_security_group_ingress_rule\.ssh\)/);
  });

  test("GIVEN a count = 0 override that removes a rule in the HCL folder THEN the lost flows are reported", () => {
    const dir = copy();
    writeFileSync(path.join(dir, "hcl", "prod-aws", "off_override.tf"), 'resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_ssh_admin_tcp_22_self" {\n  count = 0\n}\n');
    const r = runVerify(dir, { FIREWALL_ENVIRONMENTS: "prod" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/tcp 22 from a member of role st-server .* catalog allow \(rule "st-ssh-admin".*AWS deny/);
  });
});

describe("GIVEN Terraform we did not write (--against)", () => {
  const handWritten = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-against-"));
    writeFileSync(
      path.join(dir, "main.tf"),
      `resource "aws_security_group" "st" {
  name   = "st-prod-st-server"
  vpc_id = "vpc-0c3d4e5f607182930"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
    );
    return dir;
  };

  test("GIVEN a hand-written HCL group THEN extra and missing flows are listed with the resource, the absent clouds are skipped and named, and the command exits 1", async () => {
    const dir = handWritten();
    const result = await verifyAgainst(dir, "prod", undefined);
    expect(result.judged).toEqual(["aws"]);
    expect(result.skipped).toEqual(["azure", "gcp"]);
    const lines = result.report.disagreements.map((d) => d.explanation);
    expect(lines.some((l) => /^tcp 22 from .*catalog deny .*AWS allow \(aws_security_group\.st\.ingress\[0\]\)/.test(l))).toBe(true);
    expect(lines.some((l) => /catalog allow \(rule "st-cluster-cache-tcp".*AWS deny/.test(l))).toBe(true);
    const cli = spawnSync(process.execPath, ["dist/cli/verify.js", "--against", dir, "--env", "prod"], { encoding: "utf8" });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/^prod against .*: \d+ flows, catalog vs AWS: \d+ disagreement\(s\)\n  skipped \(no resources of theirs in .*\): Azure, GCP\n/);
    expect(cli.stdout).toMatch(/  - extra: tcp 22 from /);
    expect(cli.stdout).toMatch(/  - missing: tcp 8088-8093 /);
  });

  test("GIVEN our own HCL folder of a stack THEN --against agrees (exit 0)", () => {
    const cli = spawnSync(process.execPath, ["dist/cli/verify.js", "--against", path.join(outdir, "hcl", "prod-gcp"), "--env", "prod"], { encoding: "utf8" });
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/catalog vs GCP: all agree\n  skipped \(no resources of theirs in .*\): AWS, Azure\n$/);
  });

  test("GIVEN a group under a name of its own THEN it is no role's group until a role map names it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-against-"));
    const json = JSON.parse(readFileSync(path.join(outdir, "stacks", "prod-aws", "cdk.tf.json"), "utf8"));
    delete json.output;
    json.resource.aws_security_group.st_server.name = "legacy-servers";
    delete json.resource.aws_security_group.st_server.tags;
    writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ resource: json.resource }));
    const unmapped = await verifyAgainst(dir, "prod", undefined);
    expect(unmapped.report.findings).toEqual([expect.stringMatching(/aws_security_group\.st_server is no catalog role's group/)]);
    const map = path.join(dir, "roles.yaml");
    // A role map names every role's group (the renamed one among them): the map is then what says which group is whose.
    writeFileSync(map, `aws:\n${["st-server", "st-lb", "st-edge", "st-db", "st-storage"].map((r) => `  ${r}: aws_security_group.${r.replace("-", "_")}\n`).join("")}`);
    const mapped = await verifyAgainst(dir, "prod", map);
    expect(mapped.report.findings).toEqual([]);
    expect(mapped.report.disagreements.map((d) => d.explanation)).toEqual([]);
  });

  test.each([
    ["an empty folder", (dir: string) => writeFileSync(path.join(dir, "README"), ""), undefined, "VERIFY_NOTHING_TO_JUDGE"],
    [
      "a role map naming an unknown role",
      (dir: string) => writeFileSync(path.join(dir, "main.tf"), 'resource "aws_security_group" "x" {\n  name = "x"\n}\n'),
      "aws:\n  nobody: aws_security_group.x\n",
      "VERIFY_ROLE_MAP",
    ],
    [
      "a role map naming an unknown cloud",
      (dir: string) => writeFileSync(path.join(dir, "main.tf"), 'resource "aws_security_group" "x" {\n  name = "x"\n}\n'),
      "oracle:\n  st-server: x\n",
      "VERIFY_ROLE_MAP",
    ],
    [
      "a role map repeating a key (the catalog's YAML reader reads role maps too)",
      (dir: string) => writeFileSync(path.join(dir, "main.tf"), 'resource "aws_security_group" "x" {\n  name = "x"\n}\n'),
      "aws:\n  st-server: aws_security_group.x\n  st-server: aws_security_group.y\n",
      "YAML_DUPLICATE_KEY",
    ],
    ["a file Terraform cannot parse", (dir: string) => writeFileSync(path.join(dir, "main.tf"), 'resource "aws_security_group" {\n'), undefined, "VERIFY_FOLDER_UNREADABLE"],
    [
      "a module call",
      (dir: string) => writeFileSync(path.join(dir, "main.tf"), 'module "fw" {\n  source = "./fw"\n}\nresource "aws_security_group" "x" {\n  name = "x"\n}\n'),
      undefined,
      "VERIFY_MODULE_CALL",
    ],
  ])("GIVEN %s THEN --against refuses it with its code", async (_name, setUp, roleMap, code) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-against-"));
    setUp(dir);
    let map: string | undefined;
    if (roleMap) writeFileSync((map = path.join(dir, "roles.yaml")), roleMap);
    const error = await verifyAgainst(dir, "prod", map).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).codes).toContain(code);
  });

  test("GIVEN bad arguments THEN the command prints the usage and exits 2", () => {
    for (const args of [["--against", "x"], ["--env", "prod"], ["--against", "x", "--env", "prod", "out"], ["--bogus"]]) {
      const cli = spawnSync(process.execPath, ["dist/cli/verify.js", ...args], { encoding: "utf8" });
      expect(cli.status).toBe(2);
      expect(cli.stderr).toMatch(/usage: npm run verify/);
    }
  });
});

test("GIVEN a role map naming an unknown role THEN the problem points at its line and column", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-against-"));
  writeFileSync(path.join(dir, "main.tf"), 'resource "aws_security_group" "x" {\n  name = "x"\n}\n');
  const map = path.join(dir, "roles.yaml");
  writeFileSync(map, "aws:\n  st-server: aws_security_group.x\n  nobody: aws_security_group.x\n");
  const error = (await verifyAgainst(dir, "prod", map).catch((e) => e)) as ConfigError;
  expect(error.problems.map((p) => [p.code, p.location])).toEqual([["VERIFY_ROLE_MAP", { file: map, line: 3, column: 3 }]]);
});
