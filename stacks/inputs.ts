/**
 * What an environment's output is made from: the catalog file, the environment
 * file and this tool's version, as one fingerprint. Synthesis records it per
 * environment in <outdir>/inputs.json (Terraform never reads that file: it is
 * not in a stack folder); `npm run verify` recomputes it and refuses output
 * made from other inputs.
 */
import { createHash } from "crypto";
import { readFileSync } from "fs";
import * as path from "path";
import { name as PACKAGE_NAME, version as PACKAGE_VERSION } from "../package.json";

/** Written at the top of the output folder; Terraform never reads it (it is not in a stack folder). */
export const INPUTS_FILE = "inputs.json";

/** What one environment's output was made from, as recorded in inputs.json. */
export interface EnvironmentOutput {
  readonly name: string;
  readonly catalog: string;
  /** `sha256:<hex>` of the generator version, the catalog file and the environment file. */
  readonly fingerprint: string;
  readonly stacks: readonly string[];
}

export interface OutputRecord {
  readonly generator: string;
  readonly environments: Record<string, EnvironmentOutput>;
}

export function generatorName(): string {
  return `${PACKAGE_NAME}@${PACKAGE_VERSION}`;
}

/** The fingerprint of an environment's inputs: the generator version, the catalog text, the environment text and its priority allocation's (stacks/priorities.ts), if any. */
export function inputFingerprint(catalogText: string, environmentText: string, priorityText?: string): string {
  const hash = createHash("sha256").update(JSON.stringify([generatorName(), catalogText, environmentText, ...(priorityText === undefined ? [] : [priorityText])]));
  return `sha256:${hash.digest("hex")}`;
}

/** inputs.json of an output folder; undefined when missing or unreadable. */
export function readOutputRecord(outdir: string): OutputRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(outdir, INPUTS_FILE), "utf8")) as OutputRecord;
    return record && typeof record.environments === "object" && record.environments !== null ? record : undefined;
  } catch {
    return undefined;
  }
}
