/**
 * `npm run drift -- <stack> [--json]` (the command is cli/drift.ts): compares a synthesized stack
 * (cdktf.out/stacks/<stack>/cdk.tf.json, or under CDKTF_OUTDIR) with what its
 * cloud holds, and reports missing, changed and extra groups and rules.
 * Exit 0: no drift; 1: drift; 2: cannot tell (no synthesis, no access, a
 * cloud without a drift reader).
 *
 * The cloud-specific reading is each cloud's readDrift in the registry
 * (modules/clouds.ts; AWS: modules/aws/drift.ts), chosen by the stack name's
 * `-<cloud>` suffix and loaded only for that cloud.
 */
import { existsSync, readFileSync } from "fs";
import { cloudDefinitions } from "../modules/clouds";
import type { DriftReport } from "../modules/drift";
import { jsonPath } from "../synth/layout";

export class CannotTell extends Error {}

export interface DriftOptions {
  readonly outdir: string;
}

export async function driftOf(stack: string, options: DriftOptions): Promise<DriftReport> {
  const file = jsonPath(options.outdir, stack);
  if (!/^[A-Za-z0-9_-]+$/.test(stack)) throw new CannotTell(`"${stack}" is not a stack name (such as dev-aws; see npx cdktf list)`);
  if (!existsSync(file)) throw new CannotTell(`${file} is missing: run \`npm run synth\` first (or set CDKTF_OUTDIR to the synthesis folder)`);
  let json: any;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CannotTell(`${file} is not JSON: ${(e as Error).message}`);
  }
  const cloud = cloudDefinitions().find((c) => stack.endsWith(`-${c.id}`));
  if (!cloud) throw new CannotTell(`stack ${stack} names no cloud of ours (${cloudDefinitions().map((c) => `-${c.id}`).join(", ")})`);
  if (!cloud.readDrift) {
    const readable = cloudDefinitions().filter((c) => c.readDrift).map((c) => c.displayName);
    throw new CannotTell(`drift of ${cloud.displayName} stacks cannot be read yet (only ${readable.join(", ")})`);
  }
  try {
    return await cloud.readDrift(stack, json);
  } catch (e) {
    throw new CannotTell((e as Error).message);
  }
}

export function formatReport(r: DriftReport): string {
  const head = `${r.stack} (${r.cloud}, ${r.location}): ${r.checked.groups} group(s) and ${r.checked.rules} rule(s) in the stack`;
  if (r.findings.length === 0) return `${head}; no drift.\n`;
  const lines = [`${head}; ${r.findings.length} difference(s):`];
  let group = "";
  for (const f of r.findings) {
    if (f.group !== group) lines.push(`  ${(group = f.group)}:`);
    lines.push(`    - ${f.kind.toUpperCase()}: ${f.message}`);
  }
  lines.push("Extra and changed rules were made outside Terraform: remove them by hand, or add them to the catalog. Missing ones come back with `npm run deploy`.");
  return `${lines.join("\n")}\n`;
}
