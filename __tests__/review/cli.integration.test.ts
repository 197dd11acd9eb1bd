/**
 * The `npm run diff` command as a user runs it (the compiled CLI in a git
 * checkout) and its arguments. (Plans given with --plan: diff.test.ts.)
 */
import { execFileSync, spawnSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../../review/args";
import { thrown } from "../support/thrown";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "dist", "cli", "diff.js");

/** Runs the compiled CLI on the prod environment only (the in-process tests cover every environment). */
function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, FIREWALL_ENVIRONMENTS: "prod" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A git repository holding the example catalog and environments, committed once as "base". */
function exampleRepo(prefix: string): { repo: string } {
  const repo = mkdtempSync(path.join(os.tmpdir(), prefix));
  cpSync(path.join(ROOT, "catalog"), path.join(repo, "catalog"), { recursive: true });
  cpSync(path.join(ROOT, "environments"), path.join(repo, "environments"), { recursive: true });
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, stdio: "pipe" });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "base");
  return { repo };
}

test("GIVEN a git checkout WHEN nothing changed THEN the diff says so and exits 0; WHEN a port moves THEN --exit-code exits 1, --json lists it, and the working tree is untouched; WHEN the base is no ref THEN it exits 2 saying so", () => {
  const { repo } = exampleRepo("fw-review-git-");

  const same = run(repo, ["--exit-code"]);
  expect(same.stderr).toBe("");
  expect(same.status).toBe(0);
  expect(same.stdout).toContain("No change: every environment gives the same access and the same resources on both sides.");

  const file = path.join(repo, "catalog", "securetransport.yaml");
  const edited = readFileSync(file, "utf8").replace("ports: [9999]", "ports: [9998]");
  writeFileSync(file, edited);
  const changed = run(repo, ["HEAD", "--json", "--exit-code"]);
  expect(changed.status).toBe(1);
  const report = JSON.parse(changed.stdout);
  expect(report.base).toBe("HEAD");
  expect(report.accessChanged).toBe(true);
  expect(report.environments.map((e: any) => e.name)).toEqual(["prod"]);
  const prodAws = report.environments.find((e: any) => e.name === "prod").clouds.find((c: any) => c.cloud === "aws");
  expect(prodAws.access.map((c: any) => [c.traffic, c.before.rule, c.after.rule])).toEqual([
    ["tcp 9998", "st-deny-all-tcp", "st-tm-jmx"],
    ["tcp 9999", "st-tm-jmx", "st-deny-all-tcp"],
  ]);
  // Nothing written into the checkout: no cdktf.out, the edit still there.
  expect(execFileSync("git", ["status", "--porcelain"], { cwd: repo, encoding: "utf8" })).toBe(" M catalog/securetransport.yaml\n");
  expect(readFileSync(file, "utf8")).toBe(edited);

  const badRef = run(repo, ["no-such-branch"]);
  expect(badRef.status).toBe(2);
  expect(badRef.stderr).toContain('"no-such-branch" is neither a git commit (branch, tag, commit id) nor a folder');
  rmSync(repo, { recursive: true, force: true });
}, 60_000);

test("GIVEN a git checkout WHEN an address set is widened 256-fold THEN --fail-on-risk exits 1 (the pipeline's merge gate) and without it 0; WHEN a --plan file is missing THEN it exits 2, or with --allow-missing-plans names the stack in a note", () => {
  const { repo } = exampleRepo("fw-review-risk-");
  try {
    const file = path.join(repo, "environments", "prod.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("admin-host: [10.30.0.10/32, 10.30.0.11/32]", "admin-host: [10.30.0.0/16]"));

    const gated = run(repo, ["HEAD", "--fail-on-risk"]);
    expect({ status: gated.status, stderr: gated.stderr }).toEqual({ status: 1, stderr: "" });
    expect(gated.stdout).toMatch(/### Risk\n\n- /);
    expect(run(repo, ["HEAD"]).status).toBe(0);

    const missing = run(repo, ["HEAD", "--plan", "prod-aws=plans/plan-prod-aws.json"]);
    expect(missing.status).toBe(2);
    const noted = run(repo, ["HEAD", "--allow-missing-plans", "--plan", "prod-aws=plans/plan-prod-aws.json"]);
    expect(noted.status).toBe(0);
    expect(noted.stdout).toContain("Note: no plan for prod-aws (plans/plan-prod-aws.json is missing: its plan job failed or did not run)");
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}, 60_000);

describe("GIVEN the diff's arguments", () => {
  test("WHEN none are given THEN the base is HEAD, Markdown, exit 0", () => {
    expect(parseArgs([])).toEqual({ base: "HEAD", exitCode: false, plans: new Map(), failOnRisk: false, allowMissingPlans: false });
  });
  test("WHEN options come in any order THEN each is read, plans by stack", () => {
    expect(parseArgs(["--plan", "prod-aws=p.json", "origin/main", "--plan=dev-gcp=a=b.json", "--exit-code", "--fail-on-risk", "--allow-missing-plans"])).toEqual({
      base: "origin/main",
      exitCode: true,
      plans: new Map([
        ["prod-aws", "p.json"],
        ["dev-gcp", "a=b.json"],
      ]),
      failOnRisk: true,
      allowMissingPlans: true,
    });
  });
  test.each([
    [["--jsn"], "unknown option --jsn"],
    [["a", "b"], "one base at most, got a b"],
    [["--plan"], "--plan takes <stack>=<file>, got nothing"],
    [["--plan", "prod-aws"], '--plan takes <stack>=<file>, got "prod-aws"'],
    [["--plan", "=x.json"], '--plan takes <stack>=<file>, got "=x.json"'],
    [["--plan", "a=x", "--plan", "a=y"], "--plan given twice for stack a"],
  ])("WHEN %j THEN it is refused (%s)", (args) => {
    expect(thrown(() => parseArgs(args))).toEqual({ error: "UsageError", codes: ["DIFF_USAGE"] });
  });
});
