/**
 * `npm run verify` never checks stale output, honours FIREWALL_ENVIRONMENTS as
 * synthesis does, and stays quiet when its reader stops early.
 */
import { spawn } from "child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeAll } from "../../synth/synthesize";
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
