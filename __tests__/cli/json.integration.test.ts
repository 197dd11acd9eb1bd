/**
 * `--json` of the commands that had no document before the CLI layer read it
 * (cli/run.ts): verify, verify --against, firewall-catalog verify, synth. Each
 * prints one document on stdout and nothing else there; its exit code is the
 * one without --json; a failure is the layer's error document.
 */
import { spawnSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { runCommand } from "../../cli/run";
import { synthCommand } from "../../cli/synth";
import { catalogVerifyCommand } from "../../cli/catalogs";
import { CLOUD_IDS } from "../../modules/clouds";
import { synthesizeExamples } from "../support/synthesized";

let outdir: string;
beforeAll(async () => {
  outdir = (await synthesizeExamples()).outdir;
});

/** The compiled command as `npm run verify -- …` runs it. */
function verifyCli(argv: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["dist/cli/verify.js", ...argv], { encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function captured() {
  const c = { out: "", err: "", stdout: (t: string) => void (c.out += t), stderr: (t: string) => void (c.err += t) };
  return c;
}

describe("GIVEN verify --json", () => {
  test("WHEN every cloud agrees THEN stdout is one document per environment: flows checked, no disagreement or finding, the HCL twin the same; exit 0", () => {
    const r = verifyCli([outdir, "--json"], { FIREWALL_ENVIRONMENTS: "dev" });
    expect([r.code, r.err]).toEqual([0, ""]);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ outdir, agree: true, failures: 0 });
    expect(doc.environments).toHaveLength(1);
    expect(doc.environments[0]).toEqual({
      environment: "dev",
      clouds: CLOUD_IDS,
      flowsChecked: expect.any(Number),
      agree: true,
      disagreements: [],
      findings: [],
      hcl: [],
      twin: { same: true, differences: [], notes: [] },
      failures: 0,
    });
    expect(doc.environments[0].flowsChecked).toBeGreaterThan(0);
  });

  test("WHEN a stack lost a firewall THEN each disagreement carries its explanation, flow and decisions, the twin its differences, and it exits 1 as without --json", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-json-verify-"));
    cpSync(outdir, dir, { recursive: true });
    const file = path.join(dir, "stacks", "dev-gcp", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    const firewalls = json.resource.google_compute_firewall;
    delete firewalls[Object.keys(firewalls)[0]];
    writeFileSync(file, JSON.stringify(json));

    const text = verifyCli([dir], { FIREWALL_ENVIRONMENTS: "dev" });
    const r = verifyCli([dir, "--json"], { FIREWALL_ENVIRONMENTS: "dev" });
    expect([r.code, text.code, r.err]).toEqual([1, 1, ""]);
    const [dev] = JSON.parse(r.out).environments;
    expect(dev.agree).toBe(false);
    expect(dev.disagreements.length).toBeGreaterThan(0);
    for (const d of dev.disagreements) {
      expect(d).toEqual({
        explanation: expect.any(String),
        flow: expect.objectContaining({ target: expect.any(String) }),
        catalog: { action: expect.any(String), rule: d.catalog.rule },
        clouds: expect.any(Object),
      });
      // The deciding rule's id, or null when the catalog's default decided.
      expect(d.catalog.rule === null || typeof d.catalog.rule === "string").toBe(true);
      expect(text.out).toContain(d.explanation);
    }
    expect(dev.twin.same).toBe(false);
    expect(dev.failures).toBe(dev.disagreements.length + dev.findings.length + dev.twin.differences.length);
    expect(JSON.parse(r.out).failures).toBe(dev.failures);
  });

  test("WHEN it cannot check THEN the error document names the code, it exits 2, and stderr has the message as without --json", () => {
    const r = verifyCli([path.join(outdir, "nothing-here"), "--json"]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out);
    expect(doc.error.codes).toEqual(["VERIFY_NO_SYNTHESIS"]);
    expect(doc.error.problems[0]).toMatchObject({ code: "VERIFY_NO_SYNTHESIS", message: expect.stringContaining("nothing-here") });
    expect(r.err).toBe(verifyCli([path.join(outdir, "nothing-here")]).err);
  });

  test("WHEN its arguments are bad THEN the error document is CLI_USAGE with verify's usage line, exit 2", () => {
    const r = verifyCli(["--env", "dev", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toMatchObject({ codes: ["CLI_USAGE"], problems: [{ hint: expect.stringMatching(/^usage: npm run verify -- /) }] });
  });

  test("WHEN --against our own HCL folder THEN the document says which clouds were judged and skipped, and that all agree", () => {
    const r = verifyCli(["--against", path.join(outdir, "hcl", "prod-gcp"), "--env", "prod", "--json"]);
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(JSON.parse(r.out)).toEqual({
      environment: "prod",
      against: path.join(outdir, "hcl", "prod-gcp"),
      judged: ["gcp"],
      skipped: ["aws", "azure"],
      flowsChecked: expect.any(Number),
      agree: true,
      disagreements: [],
      findings: [],
      failures: 0,
    });
  });

  test("WHEN --against a hand-written group THEN each disagreement has its kind (extra, missing), exit 1", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-json-against-"));
    writeFileSync(
      path.join(dir, "main.tf"),
      `resource "aws_security_group" "st" {\n  name   = "st-prod-st-server"\n  vpc_id = "vpc-0c3d4e5f607182930"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`,
    );
    const r = verifyCli(["--against", dir, "--env", "prod", "--json"]);
    expect(r.code).toBe(1);
    const kinds = new Set(JSON.parse(r.out).disagreements.map((d: { kind: string }) => d.kind));
    expect([...kinds].sort()).toEqual(["extra", "missing"]);
  });
});

test("GIVEN firewall-catalog verify --json on this repository's output THEN it is verify's document", async () => {
  const c = captured();
  expect(await runCommand(catalogVerifyCommand, [outdir, "--json"], { FIREWALL_ENVIRONMENTS: "dev" }, c)).toBe(0);
  expect(JSON.parse(c.out)).toMatchObject({ outdir, agree: true, environments: [{ environment: "dev" }] });
});

describe("GIVEN synth --json", () => {
  const workspace = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-json-synth-"));
    cpSync("catalog", path.join(dir, "catalog"), { recursive: true });
    cpSync("environments", path.join(dir, "environments"), { recursive: true });
    return { FIREWALL_CATALOG_DIR: path.join(dir, "catalog"), FIREWALL_ENVIRONMENTS_DIR: path.join(dir, "environments"), FIREWALL_ENVIRONMENTS: "dev", CDKTF_OUTDIR: path.join(dir, "cdktf.out") };
  };

  test("WHEN it synthesizes THEN stdout is the stacks written with their files, the reports and the notices; exit 0", async () => {
    const env = workspace();
    const c = captured();
    expect(await runCommand(synthCommand, ["--json"], env, c)).toBe(0);
    const doc = JSON.parse(c.out);
    expect(doc.outdir).toBe(env.CDKTF_OUTDIR);
    expect(doc.stacks.map((s: { name: string }) => s.name).sort()).toEqual(["dev-aws", "dev-azure", "dev-gcp"]);
    for (const s of doc.stacks) {
      expect(s.json).toBe(path.join(env.CDKTF_OUTDIR, "stacks", s.name, "cdk.tf.json"));
      expect(s.hcl).toContain(path.join(env.CDKTF_OUTDIR, "hcl", s.name, "main.tf"));
      for (const f of [s.json, ...s.hcl]) expect(() => readFileSync(f)).not.toThrow();
    }
    expect(doc.reports).toEqual(["json", "md", "html"].map((x) => path.join(env.CDKTF_OUTDIR, "reports", `dev.${x}`)));
    expect(doc).toMatchObject({ warnings: expect.any(Array), notices: expect.any(Array) });
  });

  test("WHEN --check finds an allocation not current THEN the error document carries the synthesis code, exit 1", async () => {
    const env = workspace();
    writeFileSync(path.join(env.FIREWALL_ENVIRONMENTS_DIR, "priorities", "dev.yaml"), "# not the allocation\n");
    const c = captured();
    expect(await runCommand(synthCommand, ["--check", "--json"], env, c)).toBe(1);
    const doc = JSON.parse(c.out);
    expect(doc.error.codes).toEqual(["ENV_PRIORITIES_STALE"]);
  });

  test("WHEN an argument is unknown THEN CLI_USAGE, exit 2", async () => {
    const c = captured();
    expect(await runCommand(synthCommand, ["--nope", "--json"], {}, c)).toBe(2);
    expect(JSON.parse(c.out).error).toMatchObject({ codes: ["CLI_USAGE"], message: "unknown argument --nope" });
  });
});
