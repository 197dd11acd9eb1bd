/** `npm run reach`: per cloud, allow or deny with the deciding resource; the catalog's rule; JSON exactly as documented. */
import { spawnSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../policy";
import { parseReachArgs, reach } from "../../verify/reach";
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

const codesOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).codes];
  }
};

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

  test("GIVEN a flow no AWS rule allows THEN AWS's by names the default deny of the group", () => {
    const doc = JSON.parse(reachCli(["--env", "prod", "--from", "any", "--to", "role:st-server", "--protocol", "icmp", "--json"]).out);
    expect(doc.clouds.aws).toEqual({ decision: "deny", by: "default deny of aws_security_group.st_server" });
    expect(doc.catalog).toEqual({ decision: "deny", rule: null, by: "default deny of ingress of st-server" });
  });

  test.each([
    ["any", "st-server", "tcp", "22"],
    ["set:admin-host", "st-server", "tcp", "22"],
    ["10.30.0.0/24", "st-server", "tcp", "444"],
    ["role:st-server", "st-server", "udp", "8090"],
    ["st-server", "8.8.8.8", "udp", "53"],
    ["2001:db8::1", "st-server", "tcp", "443"],
    ["st-server", "st-server", "icmp", ""],
    ["any", "st-server", "47", ""],
  ])("GIVEN --from %s --to %s %s %s THEN each cloud agrees with the catalog and by is never empty", async (from, to, protocol, port) => {
    // In process (the command's own path is tested above): the same function the command runs.
    for (const env of ["dev", "prod"]) {
      const doc = await reach(parseReachArgs(["--env", env, "--from", from, "--to", to, "--protocol", protocol, ...(port ? ["--port", port] : []), outdir]));
      expect(Object.keys(doc.clouds)).toEqual(["aws", "azure", "gcp"]);
      for (const answer of Object.values(doc.clouds)) {
        expect(answer!.by.length).toBeGreaterThan(0);
        expect(answer!.decision).toBe(doc.catalog.decision);
        expect(answer!.uncertain).toBeUndefined();
      }
    }
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

  test("GIVEN bad questions THEN reach refuses each with its code (exit 2 on the command line)", async () => {
    const ask = (argv: string[]) => codesOf(Promise.resolve().then(() => reach(parseReachArgs([...argv, outdir]))));
    expect(await ask(["--env", "prod", "--from", "nowhere", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["REACH_BAD_ENDPOINT"]);
    expect(await ask(["--env", "prod", "--from", "set:nope", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["REACH_BAD_ENDPOINT"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "10.0.0.1", "--protocol", "tcp", "--port", "22"])).toEqual(["REACH_NO_ROLE"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "smtp", "--port", "25"])).toEqual(["REACH_BAD_PROTOCOL"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "tcp"])).toEqual(["REACH_BAD_PORT"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "icmp", "--port", "8"])).toEqual(["REACH_BAD_PORT"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "tcp", "--port", "70000"])).toEqual(["REACH_BAD_PORT"]);
    expect(await ask(["--env", "prod", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["CLI_USAGE"]);
    expect(await ask(["--env", "prod", "--from", "any", "--from", "any", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["CLI_USAGE"]);
    const cli = reachCli(["--env", "prod", "--from", "nowhere", "--to", "st-server", "--protocol", "tcp", "--port", "22"]);
    expect(cli.code).toBe(2);
    expect(cli.out).toBe("");
    expect(cli.err).toMatch(/--from "nowhere"/);
  });
});
