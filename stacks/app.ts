/**
 * Wires catalogs and environments into stacks: one stack per environment and
 * cloud, named `<environment>-aws` and `<environment>-gcp`.
 */
import { App } from "cdktf";
import { BoundPolicy, Policy } from "../policy";
import { AwsFirewallStack } from "./aws-stack";
import { Environment, loadBoundEnvironments, LoadOptions } from "./environment";
import { GcpFirewallStack } from "./gcp-stack";

/** One stack to build: everything known before its constructs exist. */
export interface StackPlan {
  readonly name: string;
  readonly cloud: "aws" | "gcp";
  readonly environment: Environment;
  readonly policy: Policy;
  /** The policy bound to this stack's environment. */
  readonly bound: BoundPolicy;
  /** Adds the stack's constructs to the app. */
  create(app: App): AwsFirewallStack | GcpFirewallStack;
}

export type BuildOptions = LoadOptions;

export function stackName(env: string, cloud: "aws" | "gcp"): string {
  return `${env}-${cloud}`;
}

/**
 * Loads the environments and their catalogs and binds them: every input error
 * surfaces here, before any construct exists. Stacks are created one at a time
 * by the caller (see synth/synthesize.ts), so large catalogs never hold every
 * stack's constructs in memory at once.
 */
export function planStacks(options: BuildOptions = {}): StackPlan[] {
  const out: StackPlan[] = [];
  for (const { environment: env, policy, bound } of loadBoundEnvironments(options)) {
    const aws = env.aws;
    const gcp = env.gcp;
    if (aws) {
      const name = stackName(env.name, "aws");
      out.push({ name, cloud: "aws", environment: env, policy, bound, create: (app) => new AwsFirewallStack(app, name, { environment: { ...env, aws }, policy: bound }) });
    }
    if (gcp) {
      const name = stackName(env.name, "gcp");
      out.push({ name, cloud: "gcp", environment: env, policy, bound, create: (app) => new GcpFirewallStack(app, name, { environment: { ...env, gcp }, policy: bound }) });
    }
  }
  return out;
}
