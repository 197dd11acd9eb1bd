/**
 * Wires catalogs and environments into stacks: one stack per environment and
 * cloud, named `<environment>-<cloud>` (`prod-aws`, `prod-gcp`), for every
 * cloud in the registry (modules/clouds.ts) that the environment configures.
 */
import { App } from "cdktf";
import { CloudStack } from "../modules/cloud";
import { CloudId, cloudDefinitions } from "../modules/clouds";
import { BoundPolicy, Policy } from "../policy";
import { Environment, loadBoundEnvironments, LoadOptions, stackName } from "./environment";

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
  for (const { environment: env, policy, catalogFile, bound } of loadBoundEnvironments(options)) {
    for (const cloud of cloudDefinitions()) {
      const section = (env as unknown as Record<string, unknown>)[cloud.id];
      if (section === undefined) continue;
      const name = stackName(env.name, cloud.id as CloudId);
      const input = { environment: env.name, namePrefix: env.namePrefix, bound, section };
      out.push({ name, cloud: cloud.id as CloudId, environment: env, policy, catalogFile, bound, create: (app) => cloud.createStack(app, name, input) });
    }
  }
  return out;
}
