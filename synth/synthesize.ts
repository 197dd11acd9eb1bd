/**
 * The main job: every stack as Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json,
 * via CDKTF) and as HCL in its own tree (cdktf.out/hcl/<stack>/*.tf), because
 * Terraform would load *.tf and *.tf.json of one folder together.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { App } from "cdktf";
import { CloudDefinition } from "../modules/cloud";
import { CloudId, CLOUDS } from "../modules/clouds";
import { checkInvariants, describeInvariant } from "../modules/engine/invariants";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "../modules/realisation";
import { BoundPolicy, formatLocation, SynthesisError } from "../policy";
import { BuildOptions, planStacks, StackPlan } from "../stacks/app";
import { Environment } from "../stacks/environment";
import { formatFindings, lintPolicy, LintResult } from "../policy/lint";
import { synthesizeStack } from "./cdktf-internals";
import { collectGarbage } from "./heap";
import { buildCoverageReport, CloudRealisation, writeReports } from "./report/coverage";
import { terraformJsonToHcl } from "./hcl";
import { inputFingerprint } from "../stacks/inputs";
import { OutputStaging } from "./output";
import { hclDir, jsonPath } from "./layout";

export interface SynthOptions extends BuildOptions {
  /** @default process.env.CDKTF_OUTDIR or "cdktf.out" */
  readonly outdir?: string;
}

/** What synthesis made of one stack. */
export interface SynthesizedStack {
  readonly name: string;
  readonly cloud: CloudId;
  readonly environment: Environment;
  readonly bound: BoundPolicy;
  readonly realisations: readonly RuleRealisation[];
  readonly egressDefaults: readonly EgressDefaultRealisation[];
  readonly ingressDefaults?: readonly IngressDefaultRealisation[];
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: SynthesizedStack[];
  /** Lint warnings and waivers, one line each, for the console. */
  readonly lintLines: string[];
  /** Stack folders removed or kept because their stacks are no longer produced, one line each, for the console. */
  readonly outputNotices: string[];
}

/**
 * Plans every stack, lints each environment (errors stop here, before any file
 * is written), then builds and synthesizes the stacks one at a time, writing
 * JSON, HCL and, per environment, the coverage report.
 */
export async function synthesizeAll(options: SynthOptions = {}): Promise<SynthResult> {
  const outdir = options.outdir || process.env.CDKTF_OUTDIR || "cdktf.out";
  const plans = planStacks(options);
  const environments = [...new Set(plans.map((s) => s.environment.name))];
  const lint = new Map<string, LintResult>(environments.map((env) => [env, lintPolicy(plans.find((s) => s.environment.name === env)!.bound)]));
  const errors = environments.flatMap((env) => formatFindings({ ...lint.get(env)!, warnings: [], waived: [] }, env));
  if (errors.length > 0) {
    throw new SynthesisError(`security lint found ${errors.length} error(s); fix the catalog or waive a finding there with its reason:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
  }

  // Everything is written aside first and installed only when all of it succeeded (see output.ts).
  const staging = OutputStaging.begin(outdir);
  try {
    const stacks = synthesizeInto(staging.dir, plans);
    // One environment's report at a time: at 5,000 rules each is megabytes, and all at once set the peak memory of a run.
    for (const env of environments) {
      const mine = stacks.filter((s) => s.environment.name === env);
      const clouds: Partial<Record<CloudId, CloudRealisation>> = {};
      for (const s of mine) clouds[s.cloud] = { stack: s.name, realisations: s.realisations, egressDefaults: s.egressDefaults, ingressDefaults: s.ingressDefaults };
      writeReports(staging.dir, [buildCoverageReport({ environment: env, bound: mine[0].bound, clouds, lint: lint.get(env)! })]);
    }
    const outputNotices = staging.commit({
      selective: (options.only ?? []).length > 0,
      environments: environments.map((env) => {
        const mine = plans.filter((p) => p.environment.name === env);
        const fingerprint = inputFingerprint(readFileSync(mine[0].catalogFile, "utf8"), readFileSync(mine[0].environment.file!, "utf8"));
        return { name: env, catalog: mine[0].environment.catalog, fingerprint, stacks: mine.map((p) => p.name) };
      }),
    });
    return { outdir, stacks, lintLines: environments.flatMap((env) => formatFindings(lint.get(env)!, env)), outputNotices };
  } finally {
    staging.discard();
  }
}

/** Synthesizes the stacks one at a time into `dir`: JSON through CDKTF, then its HCL twin. */
function synthesizeInto(dir: string, plans: readonly StackPlan[]): SynthesizedStack[] {
  const app = new App({ outdir: dir, stackTraces: false });
  const stacks: SynthesizedStack[] = [];
  const broken: string[] = [];
  for (const plan of plans) {
    if (stacks.length > 0 && stacks[stacks.length - 1].environment !== plan.environment) collectGarbage();
    // The only stack in the app; the manifest keeps every stack written so far.
    const stack = synthesizeStack(app, () => plan.create(app));
    const { realisations, egressDefaults, ingressDefaults } = stack.firewall;
    app.node.tryRemoveChild(stack.node.id); // let its constructs go before the next stack
    const json = writeHcl(dir, plan.name);
    for (const v of invariantsBroken(plan, json)) broken.push(v);
    stacks.push({ name: plan.name, cloud: plan.cloud, environment: plan.environment, bound: plan.bound, realisations, egressDefaults, ingressDefaults });
  }
  if (broken.length > 0) {
    throw new SynthesisError(`${broken.length} catalog invariant violation(s); change the rules responsible, or the invariant if it no longer holds:\n${broken.map((b) => `  - ${b}`).join("\n")}`, undefined, "CATALOG_INVARIANT_BROKEN");
  }
  return stacks;
}

/** The catalog's invariants that this stack's rendering breaks, judged by the effective-access engine on its JSON, one line each. */
function invariantsBroken(plan: StackPlan, json: unknown): string[] {
  if (!plan.bound.policy.invariants?.length) return [];
  const cloud = CLOUDS[plan.cloud] as unknown as CloudDefinition<unknown>;
  const view = cloud.readEffective(json, plan.environment[plan.cloud], { environment: plan.environment.name, namePrefix: plan.environment.namePrefix });
  return checkInvariants(plan.bound, view).map((v) => {
    const where = v.invariant.location ? `${formatLocation(v.invariant.location)}: ` : "";
    return `${where}invariant "${v.invariant.id}" (${describeInvariant(v.invariant)}) is broken on ${cloud.displayName} (stack ${plan.name}) by rule${v.rules.length > 1 ? "s" : ""} ${v.rules.join(", ")}: ${v.flows.join("; ")} (${v.invariant.kind === "never" ? "allowed" : "denied"} by ${v.resources.join(", ")})`;
  });
}

export { hclDir, jsonPath };

/** Writes a stack's HCL twin from its synthesized JSON; the JSON, parsed. */
export function writeHcl(outdir: string, stack: string): unknown {
  const json = JSON.parse(readFileSync(jsonPath(outdir, stack), "utf8"));
  const files = terraformJsonToHcl(json);
  const dir = hclDir(outdir, stack);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return json;
}
