/**
 * The main job: every stack as Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json,
 * via CDKTF) and as HCL in its own tree (cdktf.out/hcl/<stack>/*.tf), because
 * Terraform would load *.tf and *.tf.json of one folder together.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { App } from "cdktf";
import { buildStacks, BuildOptions, FirewallStackInfo } from "../stacks/app";
import { terraformJsonToHcl } from "./hcl";

export interface SynthOptions extends BuildOptions {
  /** @default process.env.CDKTF_OUTDIR or "cdktf.out" */
  readonly outdir?: string;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: FirewallStackInfo[];
}

export async function synthesizeAll(options: SynthOptions = {}): Promise<SynthResult> {
  const outdir = options.outdir || process.env.CDKTF_OUTDIR || "cdktf.out";
  const app = new App({ outdir, stackTraces: false });
  const stacks = buildStacks(app, options);
  app.synth();
  await writeHclTree(outdir, stacks.map((s) => s.name));
  return { outdir, stacks };
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
