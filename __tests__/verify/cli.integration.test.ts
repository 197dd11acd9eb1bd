/**
 * `npm run verify` never checks stale output, honours FIREWALL_ENVIRONMENTS as
 * synthesis does, and stays quiet when its reader stops early.
 */
import { execFileSync, spawn } from "child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath, synthesizeAll } from "../../synth/synthesize";
import { loadBoundEnvironments } from "../../stacks/environment";
import { synthesizeExamples } from "../support/synthesized";
import { runVerify } from "../support/verify-cli";

/** A copy of the example catalog and environments, synthesized into its own cdktf.out. */
async function synthesizedWorkspace(only?: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-verify-"));
  cpSync("catalog", path.join(dir, "catalog"), { recursive: true });
  cpSync("environments", path.join(dir, "environments"), { recursive: true });
  const ws = { catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "cdktf.out") };
  await synthesizeAll({ ...ws, only });
  return ws;
}

type Ws = Awaited<ReturnType<typeof synthesizedWorkspace>>;

/** `npm run verify` as users run it (global setup has built dist/), on a workspace. */
function verifyCli(ws: Ws, only = "") {
  return runVerify(ws.outdir, { FIREWALL_CATALOG_DIR: ws.catalogDir, FIREWALL_ENVIRONMENTS_DIR: ws.environmentsDir, FIREWALL_ENVIRONMENTS: only });
}

function edit(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, "utf8")));
}

test("GIVEN output made from other inputs (an environment or the catalog edited since) THEN verify refuses it, naming the environment", async () => {
  const ws = await synthesizedWorkspace();

  // WHEN dev's file changes after synthesis (a binding, so its stale JSON would still "agree" with itself)
  edit(path.join(ws.environmentsDir, "dev.yaml"), (t) => t.replace("admin-host: [10.10.0.10/32]", "admin-host: [10.10.0.99/32]"));
  let r = verifyCli(ws);
  // THEN verify refuses, checks nothing, and says what to do
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).toBe(
    `environment "dev": its output in ${ws.outdir} was synthesized from other inputs (${path.join(ws.environmentsDir, "dev.yaml")} or ${path.join(ws.catalogDir, "securetransport.yaml")} changed since, or another version of this tool made it); verify never checks stale output. Run \`npm run synth\` (with the same FIREWALL_ENVIRONMENTS, if any), then verify again.\n`,
  );

  // WHEN the catalog changes too, every environment is stale
  edit(path.join(ws.catalogDir, "securetransport.yaml"), (t) => t + "\n# a comment\n");
  r = verifyCli(ws);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^3 problems:\n  - environment "dev": its output .* was synthesized from other inputs[^\n]*\n  - environment "prod": [^\n]*\n  - environment "staging": /);

  // WHEN synthesized again, verify checks again (dev alone here: a passing check of every environment is in effective.test.ts)
  await synthesizeAll(ws);
  const again = verifyCli(ws, "dev");
  expect(again.code).toBe(0);
  expect(again.out).toMatch(/^dev: \d+ flows, catalog vs AWS, Azure and GCP: all agree\ndev: HCL tree is the same configuration as the JSON\n$/);
});

test("GIVEN FIREWALL_ENVIRONMENTS THEN verify checks the selected environments only, and refuses those the output does not hold", async () => {
  // GIVEN an output made by FIREWALL_ENVIRONMENTS=dev npm run synth
  const ws = await synthesizedWorkspace(["dev"]);
  // THEN verifying dev checks dev only
  const dev = verifyCli(ws, "dev");
  expect(dev.code).toBe(0);
  expect(dev.out).toMatch(/^dev: \d+ flows, catalog vs AWS, Azure and GCP: all agree\ndev: HCL tree is the same configuration as the JSON\n$/);
  // and verifying everything refuses prod and staging, which were never synthesized there
  const all = verifyCli(ws);
  expect(all.code).toBe(2);
  expect(all.err).toBe(
    `2 problems:\n` +
      `  - environment "prod": ${ws.outdir} holds no synthesis of it. Run \`npm run synth\` (with the same FIREWALL_ENVIRONMENTS, if any), then verify again.\n` +
      `  - environment "staging": ${ws.outdir} holds no synthesis of it. Run \`npm run synth\` (with the same FIREWALL_ENVIRONMENTS, if any), then verify again.\n`,
  );
  // and a stale environment outside the selection does not stop checking the selected one
  edit(path.join(ws.environmentsDir, "staging.yaml"), (t) => t + "# edited\n");
  expect(verifyCli(ws, "dev").code).toBe(0);
  expect(verifyCli(ws, "qa").err).toMatch(/environment "qa": unknown environment/);
});

test("GIVEN an unreadable inputs.json THEN verify refuses it, saying so", async () => {
  const ws = await synthesizedWorkspace(["prod"]);
  writeFileSync(path.join(ws.outdir, "inputs.json"), "{ not json");
  const r = verifyCli(ws, "prod");
  expect(r.code).toBe(2);
  // naming the file and what to do, on one line, no stack trace
  expect(r.err.startsWith(`${path.join(ws.outdir, "inputs.json")} is corrupt`)).toBe(true);
  expect(r.err).toMatch(/Run `npm run synth`/);
  expect(r.err.trim().split("\n")).toHaveLength(1);
});

/** Runs a command whose reader has gone away before it writes (as `| head -1` does): no EPIPE trace, the usual exit code. */
function withClosedStdout(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // close our end of the pipe: the child's writes fail with EPIPE
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code, err }));
  });
}

test("GIVEN npm run verify | head and npm run synth | head THEN no EPIPE trace when the reader stops early", async () => {
  const ws = await synthesizedWorkspace(["dev"]);
  const env = { FIREWALL_CATALOG_DIR: ws.catalogDir, FIREWALL_ENVIRONMENTS_DIR: ws.environmentsDir, FIREWALL_ENVIRONMENTS: "dev" };
  const verified = await withClosedStdout(["dist/cli/verify.js", ws.outdir], env);
  expect(verified).toEqual({ code: 0, err: "" });
  const synthesized = await withClosedStdout(["dist/main.js"], { ...env, CDKTF_OUTDIR: ws.outdir, FIREWALL_VERBOSE: "1" });
  expect(synthesized).toEqual({ code: 0, err: "" }); // --json: one document, as quiet; an error document too, with the failure's exit code.
  expect(await withClosedStdout(["dist/cli/verify.js", ws.outdir, "--json"], env)).toEqual({ code: 0, err: "" });
  expect(await withClosedStdout(["dist/main.js", "--json"], { ...env, CDKTF_OUTDIR: ws.outdir })).toEqual({ code: 0, err: "" });
  const refused = await withClosedStdout(["dist/cli/verify.js", path.join(ws.outdir, "none"), "--json"], env);
  expect(refused.code).toBe(2);
  expect(refused.err).not.toMatch(/EPIPE|\n\s+at /);
});

describe("npm run verify on the examples' synthesis", () => {
  let outdir: string;
  beforeAll(async () => {
    outdir = (await synthesizeExamples()).outdir;
  });
  const lineOf = (id: string) => loadBoundEnvironments()[0].policy.rules.find((r) => r.id === id)!.location!.line;
  const cli = (dir: string) => runVerify(dir);

  test("GIVEN a fresh and a mutated synthesis THEN it passes on one and fails on the other, naming the flow and the resource", () => {
    const ok = cli(outdir);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^dev: \d+ flows, catalog vs AWS, Azure and GCP: all agree$/m);
    expect(ok.out).toMatch(/^dev: HCL tree is the same configuration as the JSON$/m);

    const bad = mkdtempSync(path.join(os.tmpdir(), "fw-mutated-"));
    cpSync(outdir, bad, { recursive: true });
    const file = jsonPath(bad, "dev-gcp");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.resource.google_compute_firewall.st_dev_in_allow_st_server_from_admin_host.allow[0].ports = ["445"];
    writeFileSync(file, JSON.stringify(json));
    const failed = cli(bad);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/dev: \d+ flows, catalog vs AWS, Azure and GCP: \d+ disagreement/);
    expect(failed.out).toContain(
      `tcp 444 from 10.10.0.10 (any machine there, member of a role or not) to role st-server: catalog allow (rule "st-admin-tool-https" at catalog/securetransport.yaml:${lineOf("st-admin-tool-https")}); AWS allow (aws_vpc_security_group_ingress_rule.st_server_ingress_st_admin_tool_https_tcp_444_10_10_0_10_32); Azure allow (azurerm_network_security_rule.st_server_in_allow_st_admin_tool_https); GCP deny (google_compute_firewall.st_dev_in_deny_st_server_from_any)`,
    );
    expect(failed.out).toContain(
      `tcp 445 from 10.10.0.10 (any machine there, member of a role or not) to role st-server: catalog deny (rule "st-deny-all-tcp" at catalog/securetransport.yaml:${lineOf("st-deny-all-tcp")}); AWS deny (no rule allows it); Azure deny (azurerm_network_security_rule.st_server_in_deny_st_deny_all_tcp); GCP allow (google_compute_firewall.st_dev_in_allow_st_server_from_admin_host)`,
    );
  });

  test("GIVEN a missing synthesis THEN an error that says to synthesize first", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "fw-empty-"));
    const r = (() => {
      try {
        execFileSync(process.execPath, ["dist/cli/verify.js", empty], { encoding: "utf8", stdio: "pipe" });
        return { code: 0, err: "" };
      } catch (e) {
        return { code: (e as { status: number }).status, err: (e as { stderr: string }).stderr };
      }
    })();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is missing\. Run `npm run synth` first/);
  });
});
