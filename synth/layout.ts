/**
 * The output folder's layout, in one place: every stage that writes or reads
 * cdktf.out (synthesis, the HCL writer, the reports, the commit of the staged
 * output, verify, review, drift) asks here for a path instead of joining one.
 *
 *   <outdir>/manifest.json                    CDKTF's manifest of the stacks
 *   <outdir>/inputs.json                      per environment: its stacks and fingerprint
 *   <outdir>/stacks/<stack>/cdk.tf.json       Terraform JSON
 *   <outdir>/hcl/<stack>/{versions,providers,main,outputs}.tf
 *   <outdir>/reports/<env>.{json,md}          coverage reports
 */
import * as path from "path";
import { INPUTS_FILE } from "../stacks/inputs";

export { INPUTS_FILE };
export const MANIFEST_FILE = "manifest.json";
export const STACK_JSON_FILE = "cdk.tf.json";
export const REPORTS_DIR = "reports";
export const REPORT_EXTENSIONS = ["json", "md"] as const;

/** The two trees that hold one folder per stack. */
export const TREES = ["stacks", "hcl"] as const;
export type Tree = (typeof TREES)[number];

/** The files synthesis writes in a stack folder, per tree; any other file there is the user's. */
export const GENERATED_FILES: Readonly<Record<Tree, readonly string[]>> = {
  stacks: [STACK_JSON_FILE],
  hcl: ["main.tf", "outputs.tf", "providers.tf", "versions.tf"],
};

export function treeDir(outdir: string, tree: Tree): string {
  return path.join(outdir, tree);
}

export function stackDir(outdir: string, tree: Tree, stack: string): string {
  return path.join(outdir, tree, stack);
}

export function jsonPath(outdir: string, stack: string): string {
  return path.join(outdir, "stacks", stack, STACK_JSON_FILE);
}

export function hclDir(outdir: string, stack: string): string {
  return path.join(outdir, "hcl", stack);
}

export function reportsDir(outdir: string): string {
  return path.join(outdir, REPORTS_DIR);
}

export function reportPath(outdir: string, environment: string, extension: (typeof REPORT_EXTENSIONS)[number]): string {
  return path.join(outdir, REPORTS_DIR, `${environment}.${extension}`);
}

export function manifestPath(outdir: string): string {
  return path.join(outdir, MANIFEST_FILE);
}

export function inputsPath(outdir: string): string {
  return path.join(outdir, INPUTS_FILE);
}

/** A stack's entry paths in manifest.json, relative to the output folder, as CDKTF writes them. */
export function manifestStackPaths(stack: string): { stackMetadataPath: string; synthesizedStackPath: string; workingDirectory: string } {
  return {
    stackMetadataPath: path.join("stacks", stack, "metadata.json"),
    synthesizedStackPath: path.join("stacks", stack, STACK_JSON_FILE),
    workingDirectory: path.join("stacks", stack),
  };
}
