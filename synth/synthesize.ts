/**
 * The main job: every stack as Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json,
 * via CDKTF) and as HCL in its own tree (cdktf.out/hcl/<stack>/*.tf), because
 * Terraform would load *.tf and *.tf.json of one folder together.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { App } from "cdktf";
import { SynthesisError } from "../policy";
import { AwsFirewallStack } from "../stacks/aws-stack";
import { buildStacks, BuildOptions, FirewallStackInfo } from "../stacks/app";
import { GcpFirewallStack } from "../stacks/gcp-stack";
import { formatFindings, lintPolicy, LintResult } from "../verify/lint";
import { buildCoverageReport, CloudRealisation, writeReports } from "../verify/report/coverage";
import { terraformJsonToHcl } from "./hcl";

export interface SynthOptions extends BuildOptions {
  /** @default process.env.CDKTF_OUTDIR or "cdktf.out" */
  readonly outdir?: string;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: FirewallStackInfo[];
  /** Lint warnings and waivers, one line each, for the console. */
  readonly lintLines: string[];
}

/**
 * Builds every stack, lints each environment (errors stop here, before any
 * file is written), synthesizes JSON, writes the HCL tree and the coverage reports.
 */
export async function synthesizeAll(options: SynthOptions = {}): Promise<SynthResult> {
  const outdir = options.outdir || process.env.CDKTF_OUTDIR || "cdktf.out";
  const app = new App({ outdir, stackTraces: false });
  const stacks = buildStacks(app, options);
  const environments = [...new Set(stacks.map((s) => s.environment.name))];
  const lint = new Map<string, LintResult>(environments.map((env) => [env, lintPolicy(stacks.find((s) => s.environment.name === env)!.bound)]));
  const errors = environments.flatMap((env) => formatFindings({ ...lint.get(env)!, warnings: [], waived: [] }, env));
  if (errors.length > 0) {
    throw new SynthesisError(`security lint found ${errors.length} error(s); fix the catalog or waive a finding there with its reason:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
  }
  const reports = environments.map((env) => {
    const mine = stacks.filter((s) => s.environment.name === env);
    const clouds: Partial<Record<"aws" | "gcp", CloudRealisation>> = {};
    for (const s of mine) {
      clouds[s.cloud] = {
        stack: s.name,
        realisations: s.stack.realisations,
        egressDefaults: s.stack instanceof GcpFirewallStack ? s.stack.firewall.egressDefaults : (s.stack as AwsFirewallStack).egressDefaults,
      };
    }
    return buildCoverageReport({ environment: env, bound: mine[0].bound, clouds, lint: lint.get(env)! });
  });
  app.synth();
  await writeHclTree(outdir, stacks.map((s) => s.name));
  rmSync(path.join(outdir, "reports"), { recursive: true, force: true });
  writeReports(outdir, reports);
  return { outdir, stacks, lintLines: environments.flatMap((env) => formatFindings(lint.get(env)!, env)) };
}

export function jsonPath(outdir: string, stack: string): string {
  return path.join(outdir, "stacks", stack, "cdk.tf.json");
}

export function hclDir(outdir: string, stack: string): string {
  return path.join(outdir, "hcl", stack);
}

export async function writeHclTree(outdir: string, stackNames: readonly string[]): Promise<void> {
  rmSync(path.join(outdir, "hcl"), { recursive: true, force: true });
  for (const name of stackNames) {
    const config = JSON.parse(readFileSync(jsonPath(outdir, name), "utf8"));
    const files = await terraformJsonToHcl(config);
    const dir = hclDir(outdir, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  }
}
