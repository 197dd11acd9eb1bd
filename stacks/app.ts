/**
 * Wires catalogs and environments into stacks: one stack per environment and
 * cloud, named `<environment>-aws` and `<environment>-gcp`.
 */
import * as path from "path";
import { App } from "cdktf";
import { bindPolicy, BoundPolicy, loadCatalogFile, Policy } from "../policy";
import { AwsFirewallStack } from "./aws-stack";
import { bindingsOf, Environment, loadEnvironments } from "./environment";
import { GcpFirewallStack } from "./gcp-stack";

export interface FirewallStackInfo {
  readonly name: string;
  readonly cloud: "aws" | "gcp";
  readonly environment: Environment;
  readonly policy: Policy;
  /** The policy bound to this stack's environment. */
  readonly bound: BoundPolicy;
  readonly stack: AwsFirewallStack | GcpFirewallStack;
}

export interface BuildOptions {
  /** @default "catalog" */
  readonly catalogDir?: string;
  /** @default "environments" */
  readonly environmentsDir?: string;
  /** Environment names to build. @default all */
  readonly only?: readonly string[];
}

export function stackName(env: string, cloud: "aws" | "gcp"): string {
  return `${env}-${cloud}`;
}

/** Adds every environment's stacks to the app. */
export function buildStacks(app: App, options: BuildOptions = {}): FirewallStackInfo[] {
  const catalogDir = options.catalogDir ?? "catalog";
  const environments = loadEnvironments(options.environmentsDir ?? "environments", options.only);
  const catalogs = new Map<string, Policy>();
  const out: FirewallStackInfo[] = [];
  for (const env of environments) {
    let policy = catalogs.get(env.catalog);
    if (!policy) {
      policy = loadCatalogFile(path.join(catalogDir, `${env.catalog}.yaml`));
      catalogs.set(env.catalog, policy);
    }
    const bound = bindPolicy(policy, bindingsOf(env));
    if (env.aws) {
      const name = stackName(env.name, "aws");
      const stack = new AwsFirewallStack(app, name, { environment: { ...env, aws: env.aws }, policy: bound });
      out.push({ name, cloud: "aws", environment: env, policy, bound, stack });
    }
    if (env.gcp) {
      const name = stackName(env.name, "gcp");
      const stack = new GcpFirewallStack(app, name, { environment: { ...env, gcp: env.gcp }, policy: bound });
      out.push({ name, cloud: "gcp", environment: env, policy, bound, stack });
    }
  }
  return out;
}
