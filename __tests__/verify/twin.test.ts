import { readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { loadBoundEnvironments } from "../../stacks/environment";
import { hclDir, jsonPath } from "../../synth/synthesize";
import { checkEnvironmentTwins } from "../../verify/effective/twin";
import { editFile, mainTf, useSynthesisCopies } from "../support/twin-copies";

const ENVIRONMENTS = loadBoundEnvironments();
const catalog = ENVIRONMENTS[0].policy;

const { outdir: synthesis, copyWith } = useSynthesisCopies();
const twinFindings = (dir: string, env = "prod") => {
  const { environment, bound } = ENVIRONMENTS.find((e) => e.environment.name === env)!;
  const stacks = (["aws", "gcp"] as const).map((cloud) => ({ cloud, jsonFile: jsonPath(dir, `${env}-${cloud}`), hclFolder: hclDir(dir, `${env}-${cloud}`), section: environment[cloud] }));
  return checkEnvironmentTwins(bound, stacks);
};
/** The differences that fail verify. */
const twins = async (dir: string, env = "prod") => (await twinFindings(dir, env)).differences;
/** The line of a block's header in an HCL file. */
const headerLine = (file: string, header: string) => readFileSync(file, "utf8").split("\n").indexOf(header) + 1;

describe("the HCL tree must be the configuration verify checked (its JSON twin)", () => {
  test("GIVEN untouched output THEN every environment's twins match", async () => {
    for (const env of ENVIRONMENTS) expect(await twins(synthesis(), env.environment.name)).toEqual([]);
  });

  test("GIVEN a port changed in the HCL only THEN the file, line, resource and attribute, and the flows it changes", async () => {
    const id = "st_server_ingress_st_ssh_admin_tcp_22_self";
    const dir = copyWith((d) => editFile(mainTf(d, "prod-aws"), (t) => t.replace(new RegExp(`(resource "aws_vpc_security_group_ingress_rule" "${id}" \\{[^}]*?from_port\\s+= )22`), "$123")));
    const line = headerLine(mainTf(dir, "prod-aws"), `resource "aws_vpc_security_group_ingress_rule" "${id}" {`);
    const found = await twins(dir);
    expect(found[0]).toBe(`${mainTf(dir, "prod-aws")}:${line}: aws_vpc_security_group_ingress_rule.${id}: from_port is 23 here, 22 in cdk.tf.json`);
    // from_port 23 > to_port 22: AWS rejects the range, and the engine refuses to judge the folder (fail closed).
    expect(found).toContain(
      `${hclDir(dir, "prod-aws")} as Terraform reads it: cannot be evaluated: the configuration: aws_vpc_security_group_ingress_rule.${id}: has ports 23-22, not a range AWS accepts.`,
    );
  });

  test("GIVEN a rule resource removed from the HCL THEN it is named as missing, in the file synthesis puts it in", async () => {
    const dir = copyWith((d) => editFile(mainTf(d, "prod-gcp"), (t) => t.replace(/resource "google_compute_firewall" "st_prod_in_allow_st_server_from_admin_host" \{[\s\S]*?\n\}\n/, "")));
    const found = await twins(dir);
    expect(found[0]).toBe(`${mainTf(dir, "prod-gcp")}: google_compute_firewall.st_prod_in_allow_st_server_from_admin_host: missing: cdk.tf.json defines it, no file here does`);
    expect(
      found.some(
        (l) =>
          l.includes("tcp 444 from 10.30.0.10-10.30.0.11 (any machine there, member of a role or not) to role st-server: catalog allow") &&
          l.includes("GCP deny (google_compute_firewall.st_prod_in_deny_st_server_from_any)"),
      ),
    ).toBe(true);
  });

  test("GIVEN a rule added to the HCL, in a new file THEN it is named with its file and line", async () => {
    const extra =
      'resource "aws_vpc_security_group_ingress_rule" "mysql" {\n  security_group_id = aws_security_group.st_server.id\n  cidr_ipv4         = "0.0.0.0/0"\n  ip_protocol       = "tcp"\n  from_port         = 3306\n  to_port           = 3306\n}\n';
    const dir = copyWith((d) => writeFileSync(path.join(hclDir(d, "prod-aws"), "extra.tf"), `# opened by hand\n\n${extra}`));
    const found = await twins(dir);
    expect(found[0]).toBe(`${path.join(hclDir(dir, "prod-aws"), "extra.tf")}:3: aws_vpc_security_group_ingress_rule.mysql: added: not in cdk.tf.json`);
    expect(found).toContain(
      `${hclDir(dir, "prod-aws")} as Terraform reads it: tcp 3306 from any IPv4 address (any machine there, member of a role or not) to role st-server: catalog deny (rule "st-deny-all-tcp" at catalog/securetransport.yaml:${catalog.rules.find((r) => r.id === "st-deny-all-tcp")!.location!.line}); AWS allow (aws_vpc_security_group_ingress_rule.mysql)`,
    );
  });

  test("GIVEN an override file THEN it is merged as Terraform merges it", async () => {
    const dir = copyWith((d) =>
      writeFileSync(path.join(hclDir(d, "prod-gcp"), "ports_override.tf"), 'resource "google_compute_firewall" "st_prod_in_allow_st_server_from_admin_host" {\n  priority = 1\n}\n'),
    );
    expect(await twins(dir)).toContain(
      `${mainTf(dir, "prod-gcp")}:${headerLine(mainTf(dir, "prod-gcp"), 'resource "google_compute_firewall" "st_prod_in_allow_st_server_from_admin_host" {')} (overridden by ports_override.tf:1): google_compute_firewall.st_prod_in_allow_st_server_from_admin_host: priority is 1 here, ${JSON.parse(readFileSync(jsonPath(dir, "prod-gcp"), "utf8")).resource.google_compute_firewall.st_prod_in_allow_st_server_from_admin_host.priority} in cdk.tf.json`,
    );
  });

  test("GIVEN a file Terraform would also read in the JSON folder THEN it is checked too", async () => {
    const dir = copyWith((d) =>
      writeFileSync(
        path.join(path.dirname(jsonPath(d, "prod-aws")), "extra.tf.json"),
        JSON.stringify({ resource: { aws_vpc_security_group_egress_rule: { x: { security_group_id: "${aws_security_group.st_server.id}", cidr_ipv6: "::/0", ip_protocol: "-1" } } } }),
      ),
    );
    const found = await twins(dir);
    expect(found[0]).toBe(`${path.join(path.dirname(jsonPath(dir, "prod-aws")), "extra.tf.json")}: aws_vpc_security_group_egress_rule.x: added: not in cdk.tf.json`);
  });

  test("GIVEN what does not change the configuration (comments, layout, a number written as a string) THEN it passes", async () => {
    const dir = copyWith((d) => editFile(mainTf(d, "prod-aws"), (t) => `# reviewed\n${t.replace(/from_port(\s+)= 22\n/, 'from_port$1= "22"\n').replace(/\n\n/g, "\n\n\n")}`));
    expect(await twins(dir)).toEqual([]);
  });

  test("GIVEN a pipeline's backend override (Terraform settings only) THEN it is shown as a note, not a difference; a resource in the same override still fails", async () => {
    const backend = 'terraform {\n  backend "s3" {\n    bucket = "team-state"\n    key    = "fw/prod-aws.tfstate"\n    region = "eu-central-1"\n  }\n}\n';
    const dir = copyWith((d) => writeFileSync(path.join(hclDir(d, "prod-aws"), "backend_override.tf"), backend));
    const found = await twinFindings(dir);
    expect(found.differences).toEqual([]);
    expect(found.notes.length).toBeGreaterThan(0);
    expect(found.notes.every((n) => n.startsWith(`${path.join(hclDir(dir, "prod-aws"), "versions.tf")}`) && n.includes(": terraform: "))).toBe(true);
    expect(found.notes.join("\n")).toContain("team-state");
    const withRule = copyWith((d) =>
      writeFileSync(
        path.join(hclDir(d, "prod-aws"), "backend_override.tf"),
        `${backend}resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_ssh_admin_tcp_22_self" {\n  from_port = 21\n}\n`,
      ),
    );
    expect((await twins(withRule)).some((l) => l.includes("from_port is 21 here, 22 in cdk.tf.json"))).toBe(true);
  });

  test("GIVEN what Terraform cannot read, or a missing HCL tree THEN each is reported, with its location", async () => {
    const broken = copyWith((d) => editFile(mainTf(d, "prod-aws"), (t) => t.replace(/from_port(\s+)= 22\n/, "from_port$1=\n")));
    const found = await twins(broken);
    expect(found[0]).toMatch(new RegExp(`^${mainTf(broken, "prod-aws").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\(file\\): Terraform cannot read it: .*main\\.tf:\\d+,\\d+`));
    const missing = copyWith((d) => rmSync(hclDir(d, "prod-gcp"), { recursive: true }));
    expect(await twins(missing)).toEqual([`${hclDir(missing, "prod-gcp")} is missing: the HCL twin of ${jsonPath(missing, "prod-gcp")}. Run \`npm run synth\` to write both trees.`]);
  });

  test("GIVEN a duplicated block THEN it is reported as Terraform would refuse it", async () => {
    const dir = copyWith((d) => {
      const text = readFileSync(path.join(hclDir(d, "prod-gcp"), "outputs.tf"), "utf8");
      writeFileSync(path.join(hclDir(d, "prod-gcp"), "copy.tf"), text);
    });
    expect((await twins(dir))[0]).toMatch(/outputs\.tf:\d+: output\.network_tags: defined more than once \(also in copy\.tf:\d+\); Terraform refuses duplicate blocks$/);
  });
});
