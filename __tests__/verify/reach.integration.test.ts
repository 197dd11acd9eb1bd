/** `npm run reach` as the compiled command: --json prints only the document, a stack that opens SSH exits 1, a bad question exits 2 and says why on stderr. */
import { spawnSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeExamples } from "../support/synthesized";

let outdir: string;
beforeAll(async () => {
  outdir = (await synthesizeExamples()).outdir;
});

/** The compiled command, as `npm run reach` runs it (global setup has built dist/). */
function reachCli(args: string[], dir = outdir) {
  const r = spawnSync(process.execPath, ["dist/cli/reach.js", ...args, dir], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("GIVEN the example synthesis", () => {
  test("GIVEN the admin host on tcp 444 to st-server WHEN --json THEN stdout is only the document: every cloud allows, by the rule's resource, and the catalog names st-admin-tool-https", () => {
    const r = reachCli(["--env", "prod", "--from", "10.30.0.10", "--to", "st-server", "--protocol", "tcp", "--port", "444", "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(["clouds", "catalog"]);
    expect(Object.keys(doc.clouds)).toEqual(["aws", "azure", "gcp"]);
    for (const answer of Object.values<any>(doc.clouds)) {
      expect(Object.keys(answer)).toEqual(["decision", "by"]);
      expect(answer.decision).toBe("allow");
    }
    expect(doc.clouds.aws.by).toMatch(/^aws_vpc_security_group_ingress_rule\.st_server_ingress_st_admin_tool_https_/);
    expect(doc.clouds.gcp.by).toMatch(/^google_compute_firewall\./);
    expect(doc.clouds.azure.by).toBe("azurerm_network_security_rule.st_server_in_allow_st_admin_tool_https");
    expect(doc.catalog).toEqual({ decision: "allow", rule: "st-admin-tool-https", by: "rule st-admin-tool-https" });
  });

  test("GIVEN a stack folder that opens SSH THEN reach answers allow for that cloud, names the resource, and exits 1", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-reach-"));
    cpSync(outdir, dir, { recursive: true });
    const file = path.join(dir, "stacks", "prod-aws", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.resource.aws_vpc_security_group_ingress_rule.ssh_anywhere = {
      security_group_id: "${aws_security_group.st_server.id}",
      cidr_ipv4: "0.0.0.0/0",
      ip_protocol: "tcp",
      from_port: 22,
      to_port: 22,
    };
    writeFileSync(file, JSON.stringify(json));
    const r = reachCli(["--env", "prod", "--from", "203.0.113.9", "--to", "st-server", "--protocol", "tcp", "--port", "22", "--json"], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).clouds.aws).toEqual({ decision: "allow", by: "aws_vpc_security_group_ingress_rule.ssh_anywhere" });
  });

  test("GIVEN a bad question THEN the command exits 2, prints nothing on stdout and names the argument on stderr", () => {
    const cli = reachCli(["--env", "prod", "--from", "nowhere", "--to", "st-server", "--protocol", "tcp", "--port", "22"]);
    expect(cli.code).toBe(2);
    expect(cli.out).toBe("");
    expect(cli.err).toMatch(/--from "nowhere"/);
  });
});
