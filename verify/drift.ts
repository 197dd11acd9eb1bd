/**
 * `npm run drift -- <stack> [--json]`: compares a synthesized stack
 * (cdktf.out/stacks/<stack>/cdk.tf.json, or under CDKTF_OUTDIR) with what its
 * cloud holds, and reports missing, changed and extra groups and rules.
 * Exit 0: no drift; 1: drift; 2: cannot tell (no synthesis, no access, a
 * cloud without a drift reader).
 *
 * The cloud-specific reading is each cloud's readDrift in the registry
 * (modules/clouds.ts; AWS: modules/aws/drift.ts), chosen by the stack name's
 * `-<cloud>` suffix and loaded only for that cloud.
 */
import { existsSync } from "fs";
import { cloudDefinitions } from "../modules/clouds";
import type { DriftReport } from "../modules/drift";
import { ConfigError } from "../policy";
import { assertOutputComplete, readOutputJson } from "../synth/output";
import { jsonPath } from "../synth/synthesize";

export class CannotTell extends Error {
  constructor(message: string, readonly code: string = "DRIFT_CANNOT_TELL") {
    super(message);
  }
}

export interface DriftOptions {
  readonly outdir: string;
}

export async function driftOf(stack: string, options: DriftOptions): Promise<DriftReport> {
  const file = jsonPath(options.outdir, stack);
  if (!/^[A-Za-z0-9_-]+$/.test(stack)) throw new CannotTell(`"${stack}" is not a stack name (such as dev-aws; see npx cdktf list)`);
  try {
    assertOutputComplete(options.outdir);
  } catch (e) {
    if (e instanceof ConfigError) throw new CannotTell(e.message, e.codes[0]);
    throw e;
  }
  if (!existsSync(file)) throw new CannotTell(`${file} is missing: run \`npm run synth\` first (or set CDKTF_OUTDIR to the synthesis folder)`, "DRIFT_NO_SYNTHESIS");
  let json: any;
  try {
    json = readOutputJson(file, `Terraform JSON of stack ${stack}`);
  } catch (e) {
    if (e instanceof ConfigError) throw new CannotTell(e.message, e.codes[0]);
    throw e;
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

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const rest = argv.filter((a) => a !== "--json");
  const unknown = rest.filter((a) => a.startsWith("-"));
  if (rest.length !== 1 || unknown.length > 0) {
    process.stderr.write(`usage: npm run drift -- <stack> [--json]${unknown.length ? ` (unknown option ${unknown.join(" ")})` : ""}\n`);
    return 2;
  }
  try {
    const report = await driftOf(rest[0], { outdir: process.env.CDKTF_OUTDIR || "cdktf.out" });
    process.stdout.write(json ? `${JSON.stringify({ ...report, drift: report.findings.length > 0 }, null, 2)}\n` : formatReport(report));
    return report.findings.length > 0 ? 1 : 0;
  } catch (e) {
    const message = e instanceof CannotTell ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    if (json) process.stdout.write(`${JSON.stringify({ stack: rest[0], drift: null, error: message, ...(e instanceof CannotTell ? { code: e.code } : {}) }, null, 2)}\n`);
    process.stderr.write(`cannot tell whether ${rest[0]} has drifted: ${message}\n`);
    return 2;
  }
}

if (require.main === module) {
  // exitCode, not exit(): a long report to a pipe must drain before the process ends.
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
