/**
 * Two stacks must never share one Terraform state: each would plan to destroy
 * what the other manages. Each cloud says where a stack's state is
 * (CloudDefinition.stateLocation); here local files are resolved as Terraform
 * resolves them, from every folder the stack can be run in.
 */
import * as path from "path";
import { CloudId, cloudDefinitions } from "../modules/clouds";
import { Problem, SourceLocation } from "../policy";
import type { Environment } from "./environment";

/** One stack's state as Terraform would find it. */
export interface StackState {
  readonly stack: string;
  /** e.g. `local path "../../state.tfstate"`. */
  readonly description: string;
  /** e.g. `aws.backend.local.path`. */
  readonly setting: string;
  readonly location?: SourceLocation;
  /**
   * The state objects it reads and writes: a local file relative to the project
   * root for each folder the stack can be run from (`cdktf.out/stacks/<stack>`
   * and `cdktf.out/hcl/<stack>`), or the remote object.
   */
  readonly objects: readonly string[];
}

/** The stacks' folders, as the README documents them (the output folder's name only shapes messages). */
const STACK_FOLDERS = ["cdktf.out/stacks", "cdktf.out/hcl"];

export function stackStates(env: Environment, stackName: (env: string, cloud: CloudId) => string): StackState[] {
  const out: StackState[] = [];
  for (const cloud of cloudDefinitions()) {
    const section = (env as unknown as Record<string, unknown>)[cloud.id];
    if (section === undefined) continue;
    const stack = stackName(env.name, cloud.id as CloudId);
    const state = cloud.stateLocation(section, stack);
    // Terraform resolves a relative path against the folder it runs in.
    const objects = state.localFile !== undefined ? STACK_FOLDERS.map((root) => `file ${path.posix.normalize(`${root}/${stack}/${state.localFile}`)}`) : [state.remoteObject!];
    out.push({ stack, description: state.description, setting: [cloud.id, ...state.setting].join("."), location: env.locate?.([cloud.id, ...state.setting]), objects });
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
        code: "ENV_SHARED_STATE",
        location: state.location,
        subject: `stacks "${first.stack}" and "${state.stack}"`,
        message: `share one Terraform state: ${first.description} (${where(first)}) and ${state.description} (${where(state)}) both mean ${object.replace(/^file /, "the file ")}; each would plan to destroy what the other manages`,
        hint: "Give every stack its own state: leave the local path out (each stack then keeps terraform.tfstate in its own folder), or use a path, key prefix or prefix root that no other stack resolves to.",
      });
    }
  }
  return problems;
}
