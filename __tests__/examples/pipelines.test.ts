/**
 * The example pipelines (examples/pipelines/) run only commands that exist:
 * npm scripts of package.json, Terraform subcommands, and the one piece of CI
 * glue named below; their stack lists are the stacks `cdktf list` prints.
 */
import { execFileSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseArgs } from "../../review/args";
import { EXAMPLE_STACKS } from "../support/cdktf-cli";
import { synthesizeExamples } from "../support/synthesized";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "examples", "pipelines");
const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

/** Commands besides npm and Terraform, each with the reason it is there. */
const GLUE: Record<string, Record<string, string>> = {
  "gitlab-ci.yml": { curl: "GitLab has no built-in step that posts a merge request note; its API does" },
};

function terraformSubcommands(): Set<string> | undefined {
  try {
    const help = execFileSync("terraform", ["-help"], { encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "" } });
    return new Set([...help.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]));
  } catch {
    return undefined;
  }
}

interface Pipeline {
  readonly file: string;
  /** Every command line the pipeline runs. */
  readonly commands: string[];
  /** Every stack list: job matrices and the diff's --plan arguments. */
  readonly stackLists: { where: string; stacks: string[] }[];
}

function githubActions(file: string, doc: any): Pipeline {
  const commands: string[] = [];
  const stackLists: Pipeline["stackLists"] = [];
  for (const [name, job] of Object.entries<any>(doc.jobs)) {
    for (const step of job.steps ?? []) if (typeof step.run === "string") commands.push(...lines(step.run));
    const matrix = job.strategy?.matrix?.stack;
    if (matrix) stackLists.push({ where: `jobs.${name}.strategy.matrix.stack`, stacks: matrix });
  }
  return { file, commands, stackLists };
}

function gitlabCi(file: string, doc: any): Pipeline {
  const commands: string[] = [];
  const stackLists: Pipeline["stackLists"] = [];
  for (const [name, job] of Object.entries<any>(doc)) {
    if (!job || typeof job !== "object" || Array.isArray(job)) continue;
    for (const key of ["before_script", "script", "after_script"]) for (const line of job[key] ?? []) commands.push(...lines(line));
    for (const entry of job.parallel?.matrix ?? []) if (entry.STACK) stackLists.push({ where: `${name}.parallel.matrix.STACK`, stacks: entry.STACK });
  }
  return { file, commands, stackLists };
}

/** Script lines, with each GitHub expression (`${{ … }}`) as one word, as the runner substitutes it. */
function lines(script: string): string[] {
  return script
    .split("\n")
    .map((l) => l.trim().replace(/\$\{\{[^}]*\}\}/g, (e) => e.replace(/\s+/g, "")))
    .filter((l) => l && !l.startsWith("#"));
}

const pipelines: Pipeline[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .sort()
  .map((file) => {
    const doc = parse(readFileSync(path.join(DIR, file), "utf8"));
    return file.startsWith("github") ? githubActions(file, doc) : gitlabCi(file, doc);
  });

test("GIVEN examples/pipelines THEN there is one pipeline for GitHub Actions and one for GitLab CI", () => {
  expect(pipelines.map((p) => p.file)).toEqual(["github-actions.yml", "gitlab-ci.yml"]);
});

const terraform = terraformSubcommands();

describe.each(pipelines.map((p) => [p.file, p] as const))("GIVEN the example pipeline %s", (file, pipeline) => {
  test("THEN it runs npm ci, synth, verify, the diff and terraform init/plan/show/apply", () => {
    const words = pipeline.commands.map((c) => c.split(/\s+/).filter((w) => !w.startsWith("-chdir")).slice(0, 3).join(" "));
    for (const expected of ["npm ci", "npm run synth", "npm run verify", "npm run diff", "terraform init", "terraform plan", "terraform show", "terraform apply"]) {
      expect(words.some((w) => w.startsWith(expected))).toBe(true);
    }
  });

  test("THEN every command is an npm script of package.json, a Terraform subcommand, or named CI glue", () => {
    if (!terraform) throw new Error("terraform is not on PATH: this test reads its subcommands from `terraform -help`");
    const problems: string[] = [];
    for (const command of pipeline.commands) {
      expect(command).not.toMatch(/&&|\|\||;|\|/); // one command per line, so each is checked
      const words = command.replace(/\s>\s?\S+$/, "").split(/\s+/);
      const [tool, ...args] = words;
      if (tool === "npm") {
        if (args[0] === "ci" || args[0] === "test") continue;
        if (args[0] !== "run" || !scripts.includes(args[1])) problems.push(`${command}: not an npm script of package.json`);
        // The diff's own arguments must be ones it accepts.
        if (args[1] === "diff") expect(() => parseArgs(args.slice(3))).not.toThrow();
      } else if (tool === "terraform") {
        const sub = args.find((a) => !a.startsWith("-"));
        if (!sub || !terraform.has(sub)) problems.push(`${command}: "${sub}" is not a terraform subcommand`);
      } else if (!GLUE[file]?.[tool]) {
        problems.push(`${command}: ${tool} is neither npm nor terraform`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("THEN its stack lists are the stacks cdktf list prints", async () => {
    // EXAMPLE_STACKS is what `npx cdktf list` prints (__tests__/stacks/cdktf-list.test.ts) and what the suite synthesized.
    const synthesized = (await synthesizeExamples()).stacks.map((s) => s.name);
    expect(synthesized).toEqual(EXAMPLE_STACKS);
    const plan = pipeline.stackLists.find((l) => l.where.includes("plan"))!;
    expect([...plan.stacks].sort()).toEqual(EXAMPLE_STACKS);
    const apply = pipeline.stackLists.filter((l) => l.where.includes("apply")).flatMap((l) => l.stacks);
    expect([...apply].sort()).toEqual(EXAMPLE_STACKS);
    for (const l of pipeline.stackLists.filter((x) => x.where.includes("apply"))) {
      // One environment per apply job, so prod can wait for approval alone.
      expect(new Set(l.stacks.map((s) => s.replace(/-[a-z]+$/, ""))).size).toBe(1);
    }
    const diff = pipeline.commands.find((c) => c.startsWith("npm run diff"))!;
    const plans = [...diff.matchAll(/--plan ([\w-]+)=(\S+)/g)];
    expect(plans.map((m) => m[1]).sort()).toEqual(EXAMPLE_STACKS);
    for (const [, stack, planFile] of plans) expect(path.basename(planFile)).toBe(`plan-${stack}.json`);
  });
});
