/**
 * The folders a user can run Terraform in, read as Terraform reads them —
 * every top-level `*.tf` and `*.tf.json`, override files merged last — for
 * the engine to judge. A folder Terraform itself would refuse (a file it
 * cannot parse, a block defined twice, an override of nothing), or one that
 * holds another cloud's resources, cannot be judged: a ConfigError.
 */
import { existsSync, statSync } from "fs";
import { readOutputJson } from "../../synth/output";
import * as path from "path";
import { CloudId, CLOUDS } from "../../modules/clouds";
import { cloudOfType } from "../../modules/engine/clouds-of";
import { ConfigError, Problem } from "../../policy";
import { configurationFiles, normaliseConfig, readFolderConfig } from "./twin";

/** The file synthesis writes in each stack's JSON folder (synth/layout.ts owns the name). */
export { STACK_JSON_FILE as STACK_FILE } from "../../synth/layout";
import { STACK_JSON_FILE as STACK_FILE } from "../../synth/layout";

export { cloudOfType, cloudsOf } from "../../modules/engine/clouds-of";

/** Reads a folder as Terraform would; throws a ConfigError on what Terraform would refuse. */
export async function readTerraformFolder(dir: string): Promise<Record<string, any>> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ConfigError([{ code: "VERIFY_FOLDER_MISSING", subject: dir, message: "is not a folder", hint: "Pass the folder you run `terraform plan` in." }]);
  const read = await readFolderConfig(dir);
  if (read.problems.length > 0) {
    throw new ConfigError(
      read.problems.map((p) => ({
        code: "VERIFY_FOLDER_UNREADABLE",
        subject: `${dir}/${p.file}`,
        message: `${p.block}: ${p.detail}`,
        hint: "Fix it first: a folder this check cannot read whole is not judged.",
      })),
    );
  }
  return read.config;
}

/** Problems for resources of other clouds than `cloud` in a stack folder: the folder would change access on a cloud the stack does not stand for. */
export function foreignResources(config: any, cloud: CloudId, folder: string): Problem[] {
  const out: Problem[] = [];
  for (const type of Object.keys(config?.resource ?? {}).sort()) {
    const owner = cloudOfType(type);
    if (owner !== undefined && owner !== cloud) {
      for (const name of Object.keys(config.resource[type] ?? {}).sort()) {
        out.push({
          code: "VERIFY_FOREIGN_CLOUD",
          subject: `${folder}: ${type}.${name}`,
          message: `is a ${CLOUDS[owner].displayName} resource in a ${CLOUDS[cloud].displayName} stack's folder: applying the folder changes ${CLOUDS[owner].displayName} access that this stack's check does not judge`,
          hint: "Move it to its own cloud's configuration.",
        });
      }
    }
  }
  return out;
}

/** A stack folder's configuration as Terraform reads it; refused when it holds another cloud's resources. */
export async function stackConfig(folder: string, cloud: CloudId): Promise<Record<string, any>> {
  const files = existsSync(folder) ? configurationFiles(folder) : [];
  // The usual case, read without the HCL parser: a JSON folder holding only what synthesis wrote.
  const config = files.length === 1 && files[0] === STACK_FILE ? normaliseConfig(readOutputJson(path.join(folder, STACK_FILE), "Terraform JSON of a stack")) : await readTerraformFolder(folder);
  const foreign = foreignResources(config, cloud, folder);
  if (foreign.length > 0) throw new ConfigError(foreign);
  return config;
}
