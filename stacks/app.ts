/**
 * Wires catalogs and environments into stacks: one stack per environment and
 * cloud, named `<environment>-<cloud>` (`prod-aws`, `prod-gcp`), for every
 * cloud in the registry (modules/clouds.ts) that the environment configures.
 */
import * as path from "path";
import { App } from "cdktf";
import { CloudStack } from "../modules/cloud";
import { CloudId, cloudDefinitions } from "../modules/clouds";
import type { PlacedPolicy } from "../modules/networks";
import { BoundPolicy, Policy } from "../policy";
import { Environment, loadBoundEnvironments, LoadOptions, stackName } from "./environment";
import { PriorityFile, priorityFileOf, readPriorityFile } from "./priorities";

/** One stack to build: everything known before its constructs exist. */
export interface StackPlan {
  readonly name: string;
  readonly cloud: CloudId;
  readonly environment: Environment;
  readonly policy: Policy;
  /** The catalog file it was read from (its content is part of the output's input fingerprint). */
  readonly catalogFile: string;
  /** The policy bound to this stack's environment. */
  readonly bound: BoundPolicy;
  /** The policy as this stack's cloud places it in its networks, when its section declares several. */
  readonly placed?: PlacedPolicy;
  /** The environment's committed priority allocation (shared by its stacks; empty before the first synthesis). */
  readonly priorities: PriorityFile;
  /** Adds the stack's constructs to the app. */
  create(app: App): CloudStack;
}

export type BuildOptions = LoadOptions;

export { stackName };

/**
 * Loads the environments and their catalogs and binds them: every input error
 * surfaces here, before any construct exists. Stacks are created one at a time
 * by the caller (see synth/synthesize.ts), so large catalogs never hold every
 * stack's constructs in memory at once.
 */
export function planStacks(options: BuildOptions = {}): StackPlan[] {
  const out: StackPlan[] = [];
  for (const { environment: env, policy, catalogFile, bound, placed } of loadBoundEnvironments(options)) {
    const priorities = readPriorityFile(priorityFileOf(env.file ?? path.join(options.environmentsDir ?? "environments", `${env.name}.yaml`), env.name));
    for (const cloud of cloudDefinitions()) {
      const section = (env as unknown as Record<string, unknown>)[cloud.id];
      if (section === undefined) continue;
      const name = stackName(env.name, cloud.id as CloudId);
      // Where the section places roles in several networks, the stack renders the policy as placed there.
      const inNetworks = placed[cloud.id as CloudId];
      const input = { environment: env.name, namePrefix: env.namePrefix, bound: inNetworks?.bound ?? bound, section, priorities: priorities.priorities[cloud.id], placed: inNetworks };
      out.push({ name, cloud: cloud.id as CloudId, environment: env, policy, catalogFile, bound, placed: inNetworks, priorities, create: (app) => cloud.createStack(app, name, input) });
    }
  }
  return out;
}
