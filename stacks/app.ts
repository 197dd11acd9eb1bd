/**
 * Wires catalogs and environments into stacks: one stack per environment and
 * cloud, named `<environment>-aws` and `<environment>-gcp`.
 */
import * as path from "path";
import { App } from "cdktf";
import { bindPolicy, loadCatalogFile, Policy, SynthesisError } from "../policy";
import { RuleRealisation } from "../modules/realisation";
import { AwsFirewallStack } from "./aws-stack";
import { bindingsOf, Environment, loadEnvironments } from "./environment";
import { GcpFirewallStack } from "./gcp-stack";

export interface FirewallStackInfo {
  readonly name: string;
  readonly cloud: "aws" | "gcp";
  readonly environment: Environment;
  readonly policy: Policy;
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

/** Adds every environment's stacks to the app and checks every rule is realised on every cloud. */
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
      assertEveryRuleRealised(name, policy, stack.realisations);
      out.push({ name, cloud: "aws", environment: env, policy, stack });
    }
    if (env.gcp) {
      const name = stackName(env.name, "gcp");
      const stack = new GcpFirewallStack(app, name, { environment: { ...env, gcp: env.gcp }, policy: bound });
      assertEveryRuleRealised(name, policy, stack.realisations);
      out.push({ name, cloud: "gcp", environment: env, policy, stack });
    }
  }
  return out;
}

/** Nothing is silently dropped: each catalog rule is rendered or reported as realised otherwise. */
export function assertEveryRuleRealised(stack: string, policy: Policy, realisations: readonly RuleRealisation[]): void {
  const byRule = new Map(realisations.map((r) => [r.ruleId, r]));
  const missing = policy.rules.filter((r) => {
    const real = byRule.get(r.id);
    return !real || (real.how !== "default" && real.how !== "shadowed" && real.resources.length === 0);
  });
  if (missing.length > 0) {
    throw new SynthesisError(
      `stack ${stack}: ${missing.map((r) => `rule "${r.id}"`).join(", ")} ${missing.length === 1 ? "is" : "are"} not realised. ` +
        "This is a bug in the cloud module: every catalog rule must be rendered or reported as realised otherwise.",
    );
  }
}
