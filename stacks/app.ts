/**
 * Wires catalogs and environments into stacks: one stack per environment and
 * cloud, named `<environment>-aws` and `<environment>-gcp`.
 */
import * as path from "path";
import { App } from "cdktf";
import { bindPolicy, BoundPolicy, loadCatalogFile, Policy } from "../policy";
import { AwsFirewallStack } from "./aws-stack";
import { bindingsOf, Environment, loadEnvironments, stackName } from "./environment";
import { GcpFirewallStack } from "./gcp-stack";

/** One stack to build: everything known before its constructs exist. */
export interface StackPlan {
  readonly name: string;
  readonly cloud: "aws" | "gcp";
  readonly environment: Environment;
  readonly policy: Policy;
  /** The catalog file it was read from (its content is part of the output's input fingerprint). */
  readonly catalogFile: string;
  /** The policy bound to this stack's environment. */
  readonly bound: BoundPolicy;
  /** Adds the stack's constructs to the app. */
  create(app: App): AwsFirewallStack | GcpFirewallStack;
}

export interface BuildOptions {
  /** @default "catalog" */
  readonly catalogDir?: string;
  /** @default "environments" */
  readonly environmentsDir?: string;
  /** Environment names to build. @default all */
  readonly only?: readonly string[];
}

export { stackName };

/**
 * Loads the environments and their catalogs and binds them: every input error
 * surfaces here, before any construct exists. Stacks are created one at a time
 * by the caller (see synth/synthesize.ts), so large catalogs never hold every
 * stack's constructs in memory at once.
 */
export function planStacks(options: BuildOptions = {}): StackPlan[] {
  const catalogDir = options.catalogDir ?? "catalog";
  const environments = loadEnvironments(options.environmentsDir ?? "environments", options.only);
  const catalogs = new Map<string, Policy>();
  const catalogFileOf = (env: Environment) => path.join(catalogDir, `${env.catalog}.yaml`);
  const out: StackPlan[] = [];
  for (const env of environments) {
    let policy = catalogs.get(env.catalog);
    if (!policy) {
      policy = loadCatalogFile(catalogFileOf(env));
      catalogs.set(env.catalog, policy);
    }
    const bound = bindPolicy(policy, bindingsOf(env));
    const catalogFile = catalogFileOf(env);
    const aws = env.aws;
    const gcp = env.gcp;
    if (aws) {
      const name = stackName(env.name, "aws");
      out.push({ name, cloud: "aws", environment: env, policy, catalogFile, bound, create: (app) => new AwsFirewallStack(app, name, { environment: { ...env, aws }, policy: bound }) });
    }
    if (gcp) {
      const name = stackName(env.name, "gcp");
      out.push({ name, cloud: "gcp", environment: env, policy, catalogFile, bound, create: (app) => new GcpFirewallStack(app, name, { environment: { ...env, gcp }, policy: bound }) });
    }
  }
  return out;
}
