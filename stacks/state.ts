/**
 * Where each stack keeps its Terraform state, and the refusal of two stacks
 * that would share one: each would plan to destroy the other's resources.
 */
import * as path from "path";
import { Problem, SourceLocation } from "../policy";
import type { Environment } from "./environment";

/** The S3 key of a stack's state: `<keyPrefix>/<stack>.tfstate`. */
export function s3StateKey(keyPrefix: string | undefined, stack: string): string {
  return `${keyPrefix ?? "firewall"}/${stack}.tfstate`;
}

/** The GCS prefix of a stack's state: `<prefixRoot>/<stack>`. */
export function gcsStatePrefix(prefixRoot: string | undefined, stack: string): string {
  return `${prefixRoot ?? "firewall"}/${stack}`;
}

/** @default "terraform.tfstate" (in the stack's own folder) */
export function localStatePath(configured: string | undefined): string {
  return configured ?? "terraform.tfstate";
}

/** One stack's state as Terraform would find it. */
export interface StackState {
  readonly stack: string;
  /** e.g. `local path "../../state.tfstate"`. */
  readonly description: string;
  /** e.g. `aws.backend.local.path`. */
  readonly setting: string;
  readonly location?: SourceLocation;
  /**
   * The state objects it reads and writes, one string each: a local file
   * relative to the project root for each folder the stack can be run from
   * (`cdktf.out/stacks/<stack>` and `cdktf.out/hcl/<stack>`), an S3 bucket and
   * key, a GCS bucket and prefix.
   */
  readonly objects: readonly string[];
}

/** The stacks' folders, as the README documents them (the output folder's name only shapes messages). */
const STACK_FOLDERS = ["cdktf.out/stacks", "cdktf.out/hcl"];

export function stackStates(env: Environment, stackName: (env: string, cloud: "aws" | "gcp") => string): StackState[] {
  const out: StackState[] = [];
  for (const cloud of ["aws", "gcp"] as const) {
    const backend = env[cloud]?.backend as Record<string, Record<string, string | undefined>> | undefined;
    if (!backend) continue;
    const stack = stackName(env.name, cloud);
    const location = env.stateSettingLocations?.[cloud];
    if ("local" in backend) {
      const configured = backend.local.path;
      const file = localStatePath(configured);
      // Terraform resolves a relative path against the folder it runs in.
      const objects = STACK_FOLDERS.map((root) => `file ${path.posix.normalize(`${root}/${stack}/${file.split(path.sep).join("/")}`)}`);
      out.push({ stack, location, setting: `${cloud}.backend.local.path`, description: configured === undefined ? `the default local path "${file}"` : `local path "${configured}"`, objects });
    } else if ("s3" in backend) {
      const key = s3StateKey(backend.s3.keyPrefix, stack);
      out.push({ stack, location, setting: `${cloud}.backend.s3`, description: `S3 bucket "${backend.s3.bucket}" key "${key}"`, objects: [`s3 ${backend.s3.bucket}/${key}`] });
    } else if ("gcs" in backend) {
      const prefix = gcsStatePrefix(backend.gcs.prefixRoot, stack);
      // The gcs backend drops leading slashes and adds a trailing one.
      const object = `${prefix.replace(/^\/+/, "").replace(/\/*$/, "/")}default.tfstate`;
      out.push({ stack, location, setting: `${cloud}.backend.gcs`, description: `GCS bucket "${backend.gcs.bucket}" prefix "${prefix}"`, objects: [`gcs ${backend.gcs.bucket}/${object}`] });
    }
  }
  return out;
}

/** One problem for each pair of stacks that share a state object. */
export function sharedStateProblems(states: readonly StackState[]): Problem[] {
  const owner = new Map<string, StackState>();
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const state of states) {
    for (const object of state.objects) {
      const first = owner.get(object);
      if (!first) {
        owner.set(object, state);
        continue;
      }
      if (first.stack === state.stack || reported.has(`${first.stack} ${state.stack}`)) continue;
      reported.add(`${first.stack} ${state.stack}`);
      const where = (s: StackState) => `${s.setting}${s.location ? ` at ${s.location.file}:${s.location.line}:${s.location.column}` : ""}`;
      problems.push({
        location: state.location,
        subject: `stacks "${first.stack}" and "${state.stack}"`,
        message:
          `share one Terraform state: ${first.description} (${where(first)}) and ${state.description} (${where(state)}) ` +
          `both mean ${object.replace(/^(file|s3|gcs) /, (_, kind: string) => ({ file: "the file ", s3: "s3://", gcs: "gs://" })[kind] ?? "")}; each would plan to destroy what the other manages`,
        hint: "Give every stack its own state: leave the local path out (each stack then keeps terraform.tfstate in its own folder), or use a path, key prefix or prefix root that no other stack resolves to.",
      });
    }
  }
  return problems;
}
