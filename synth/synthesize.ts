/**
 * The main job: every stack as Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json,
 * via CDKTF) and as HCL in its own tree (cdktf.out/hcl/<stack>/*.tf), because
 * Terraform would load *.tf and *.tf.json of one folder together.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { App } from "cdktf";
import { CloudDefinition, EffectiveView } from "../modules/cloud";
import { cloudDefinitions, CloudId } from "../modules/clouds";
import { checkInvariants, describeInvariant } from "../modules/engine/invariants";
import { CLOUDS } from "../modules/clouds";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "../modules/realisation";
import type { PlacedPolicy } from "../modules/networks";
import { BoundPolicy, formatLocation, SynthesisError } from "../policy";
import { BuildOptions, planStacks, StackPlan } from "../stacks/app";
import { Environment } from "../stacks/environment";
import { formatFindings, lintPolicy, LintResult } from "../policy/lint";
import { synthesizeStack } from "./cdktf-internals";
import { collectGarbage } from "./heap";
import { buildCoverageReport, CloudRealisation, writeReports } from "./report/coverage";
import { exposureProbeFlows, recordedView } from "./report/exposure";
import { JsonObject, terraformJsonToHcl } from "./hcl";
import { inputFingerprint } from "../stacks/inputs";
import { OutputStaging } from "./output";
import { hclDir, jsonPath } from "./layout";
import { CloudPriorities } from "../modules/priorities";
import { discardPriorityFiles, installPriorityFiles, PendingPriorityFile, renderPriorities, stagePriorityFile } from "../stacks/priorities";

export interface SynthOptions extends BuildOptions {
  /** @default process.env.CDKTF_OUTDIR or "cdktf.out" */
  readonly outdir?: string;
  /** Keep each stack's Terraform JSON object in the result (for the review), instead of letting it go once written. @default false: at 5,000 rules keeping them all sets the peak memory */
  readonly keepConfigurations?: boolean;
  /**
   * What to do with each environment's priority allocation file
   * (stacks/priorities.ts): `update` writes it when it changed (after the
   * output is installed, never when the run fails); `check` refuses, changing
   * nothing, when it is not current (CI); `keep` leaves it alone (the review's
   * sides, which synthesize into a temporary folder). @default "update"
   */
  readonly priorities?: "update" | "check" | "keep";
  /**
   * False: synthesize in memory only, for the review's sides: every stack is
   * built, synthesized and held to the invariants, but no HCL, report or
   * output folder is written (`outdir` is used as scratch and left as it was),
   * and the priority files are left alone. Needs `keepConfigurations`.
   * @default true
   */
  readonly writeOutput?: boolean;
}

/** What synthesis made of one stack. */
export interface SynthesizedStack {
  readonly name: string;
  readonly cloud: CloudId;
  readonly environment: Environment;
  readonly bound: BoundPolicy;
  /** The policy as the cloud places it in its section's networks, when it declares several. */
  readonly placed?: PlacedPolicy;
  readonly realisations: readonly RuleRealisation[];
  readonly egressDefaults: readonly EgressDefaultRealisation[];
  readonly ingressDefaults?: readonly IngressDefaultRealisation[];
  /** The cloud's answers to the coverage report's probe flows (synth/report/exposure.ts). */
  readonly probeView: EffectiveView;
  /** The stack's Terraform JSON object, as written to cdk.tf.json; only with `keepConfigurations`. */
  readonly configuration?: JsonObject;
  /** For clouds that order rules by priority: the allocation made (docs/priorities.md). */
  readonly priorityAllocation?: CloudPriorities;
  /** Rules of this stack that had a priority and got another one. */
  readonly renumbered?: readonly string[];
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: SynthesizedStack[];
  /** Lint warnings and waivers, one line each, for the console. */
  readonly lintLines: string[];
  /** Stack folders removed or kept because their stacks are no longer produced, one line each, for the console. */
  readonly outputNotices: string[];
  /** Priority allocation files written or out of date, and rules renumbered, one line each, for the console. */
  readonly priorityNotices: string[];
  /** Per environment: the text its priority allocation file has after this run (absent: the environment has none). */
  readonly priorityTexts: ReadonlyMap<string, string>;
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
  // A cloud that names a role of another network by that network's CIDRs opens to every machine there: its policy as placed is linted too.
  for (const plan of plans.filter((p) => p.placed)) {
    for (const e of formatFindings({ ...lintPolicy(plan.placed!.bound), warnings: [], waived: [] }, plan.environment.name)) {
      if (!errors.includes(e)) errors.push(`(on ${CLOUDS[plan.cloud].displayName}, as placed in its networks) ${e}`);
    }
  }
  if (errors.length > 0) {
    throw new SynthesisError(
      `security lint found ${errors.length} error(s); fix the catalog or waive a finding there with its reason:\n${errors.map((e) => `  - ${e}`).join("\n")}`,
      undefined,
      "CATALOG_LINT_ERROR",
    );
  }

  const writeOutput = options.writeOutput ?? true;
  if (!writeOutput && (!options.keepConfigurations || (options.priorities ?? "update") !== "keep"))
    throw new SynthesisError(
      'synthesis without output (writeOutput: false) hands the configurations over in memory: pass keepConfigurations: true and priorities: "keep"',
      undefined,
      "LIB_SYNTH_OPTIONS",
    );
  // Everything is written aside first and installed only when all of it succeeded (see output.ts).
  const staging = OutputStaging.begin(outdir);
  let pendingPriorities: PendingPriorityFile[] = [];
  try {
    const stacks = synthesizeInto(staging.dir, plans, options.keepConfigurations ?? false, writeOutput);
    if (!writeOutput) return { outdir, stacks, lintLines: environments.flatMap((env) => formatFindings(lint.get(env)!, env)), outputNotices: [], priorityNotices: [], priorityTexts: new Map() };
    const allocations = priorityFiles(environments, plans, stacks);
    const stale = allocations.filter((a) => a.text !== a.before);
    if (options.priorities === "check" && stale.length > 0) {
      throw new SynthesisError(
        `the priority allocation of ${stale.map((a) => `environment "${a.environment}" (${a.file.split(path.sep).join("/")})`).join(", ")} is not current: the catalog or the environment changed since it was written. Run \`npm run synth\` and commit the allocation with the change.`,
        undefined,
        "ENV_PRIORITIES_STALE",
      );
    }
    if ((options.priorities ?? "update") === "update") pendingPriorities = stale.map((a) => stagePriorityFile(a.file, a.text!));
    // One environment's report at a time: at 5,000 rules each is megabytes, and all at once set the peak memory of a run.
    for (const env of environments) {
      const mine = stacks.filter((s) => s.environment.name === env);
      const clouds: Partial<Record<CloudId, CloudRealisation>> = {};
      const views: Partial<Record<CloudId, EffectiveView>> = {};
      for (const s of mine) {
        clouds[s.cloud] = { stack: s.name, realisations: s.realisations, egressDefaults: s.egressDefaults, ingressDefaults: s.ingressDefaults, placed: s.placed };
        views[s.cloud] = s.probeView;
      }
      // Each report is megabytes of strings at 5,000 rules: start it from a collected heap, as the stacks do.
      collectGarbage();
      writeReports(staging.dir, [buildCoverageReport({ environment: env, bound: mine[0].bound, clouds, lint: lint.get(env)!, views })]);
    }
    const outputNotices = staging.commit({
      selective: (options.only ?? []).length > 0,
      environments: environments.map((env) => {
        const mine = plans.filter((p) => p.environment.name === env);
        const fingerprint = inputFingerprint(readFileSync(mine[0].catalogFile, "utf8"), readFileSync(mine[0].environment.file!, "utf8"), allocations.find((a) => a.environment === env)?.text);
        return { name: env, catalog: mine[0].environment.catalog, fingerprint, stacks: mine.map((p) => p.name) };
      }),
    });
    installPriorityFiles(pendingPriorities);
    const priorityNotices = stale.map(
      (a) => `${a.file.split(path.sep).join("/")}: ${(options.priorities ?? "update") === "update" ? (a.before === undefined ? "written" : "updated") : "not current (left as it is)"}`,
    );
    for (const s of stacks)
      if ((s.renumbered ?? []).length > 0)
        priorityNotices.push(
          `warning ${s.name}: ${s.renumbered!.length} rule(s) renumbered to keep the catalog's order (no free priority was left, or the order changed): ${s.renumbered!.join(", ")}`,
        );
    const priorityTexts = new Map(allocations.filter((a) => a.text !== undefined).map((a) => [a.environment, a.text!]));
    return { outdir, stacks, lintLines: environments.flatMap((env) => formatFindings(lint.get(env)!, env)), outputNotices, priorityNotices, priorityTexts };
  } finally {
    discardPriorityFiles(pendingPriorities);
    staging.discard();
  }
}

/** Each environment's allocation file: its text before the run and after (undefined: no file, and none needed). */
function priorityFiles(environments: readonly string[], plans: readonly StackPlan[], stacks: readonly SynthesizedStack[]) {
  return environments.map((env) => {
    const file = plans.find((p) => p.environment.name === env)!.priorities;
    const clouds: Record<string, CloudPriorities> = {};
    for (const s of stacks) if (s.environment.name === env && s.priorityAllocation) clouds[s.cloud] = s.priorityAllocation;
    const text = Object.keys(clouds).length > 0 || file.text !== undefined ? renderPriorities(env, clouds) : undefined;
    return { environment: env, file: file.file, before: file.text, text };
  });
}

/** Synthesizes the stacks one at a time into `dir`: JSON through CDKTF, then its HCL twin. */
function synthesizeInto(dir: string, plans: readonly StackPlan[], keepConfigurations: boolean, writeOutput: boolean): SynthesizedStack[] {
  const app = new App({ outdir: dir, stackTraces: false });
  const stacks: SynthesizedStack[] = [];
  const broken: string[] = [];
  for (const plan of plans) {
    if (stacks.length > 0 && stacks[stacks.length - 1].environment !== plan.environment) collectGarbage();
    stacks.push(synthesizeOne(app, dir, plan, { keepConfigurations, writeOutput, broken }));
  }
  if (broken.length > 0) {
    throw new SynthesisError(
      `${broken.length} catalog invariant violation(s); change the rules responsible, or the invariant if it no longer holds:\n${broken.map((b) => `  - ${b}`).join("\n")}`,
      undefined,
      "CATALOG_INVARIANT_BROKEN",
    );
  }
  return stacks;
}

/**
 * One stack: built, synthesized, its HCL written, its view asked the report's
 * probes and held to the invariants. A function of its own so that nothing of
 * the stack (its constructs, its JSON, its view) is left in the caller's frame
 * when the next environment collects the heap: a loop body's variables stay
 * reachable from the frame until overwritten, and at 5,000 rules the last
 * stack's construct tree was a third of what each collection found live.
 */
function synthesizeOne(app: App, dir: string, plan: StackPlan, options: { keepConfigurations: boolean; writeOutput: boolean; broken: string[] }): SynthesizedStack {
  // The only stack in the app; the manifest keeps every stack written so far.
  let config: Record<string, unknown> | undefined;
  const stack = synthesizeStack(app, () => plan.create(app), { onTerraform: (json) => (config = json) });
  const { realisations, egressDefaults, ingressDefaults, priorityAllocation, renumbered } = stack.firewall;
  app.node.tryRemoveChild(stack.node.id); // let its constructs go before the next stack
  if (!config) throw new SynthesisError(`stack "${plan.name}" was synthesized without its Terraform configuration being handed over`, undefined, "OUTPUT_NO_CONFIGURATION");
  if (options.writeOutput) writeHclFiles(dir, plan.name, config as JsonObject);
  // The report checks that the cloud decides its Exposure flows as the catalog does: asked now, while the JSON is in hand.
  // One reading of the JSON serves the report's probes and the invariants (at 5,000 rules a reading is a second).
  const section = (plan.environment as unknown as Record<string, unknown>)[plan.cloud] ?? {};
  const cloud = cloudDefinitions().find((c) => c.id === plan.cloud)!;
  const view = cloud.readEffective(config, section, { environment: plan.environment.name, namePrefix: plan.environment.namePrefix });
  // The report's probes are asked only for a report.
  const probeView = options.writeOutput ? recordedView(view, exposureProbeFlows(plan.bound, plan.cloud)) : view;
  for (const v of invariantsBroken(plan, view)) options.broken.push(v);
  return {
    name: plan.name,
    cloud: plan.cloud,
    environment: plan.environment,
    bound: plan.bound,
    placed: plan.placed,
    realisations,
    egressDefaults,
    ingressDefaults,
    probeView,
    configuration: options.keepConfigurations ? (config as JsonObject) : undefined,
    priorityAllocation,
    renumbered,
  };
}

/** The catalog's invariants that this stack's rendering breaks, judged by the effective-access engine on its view of the JSON, one line each. */
function invariantsBroken(plan: StackPlan, view: EffectiveView): string[] {
  if (!plan.bound.policy.invariants?.length) return [];
  const cloud = CLOUDS[plan.cloud] as unknown as CloudDefinition<unknown>;
  return checkInvariants(plan.bound, view).map((v) => {
    const where = v.invariant.location ? `${formatLocation(v.invariant.location)}: ` : "";
    return `${where}invariant "${v.invariant.id}" (${describeInvariant(v.invariant)}) is broken on ${cloud.displayName} (stack ${plan.name}) by rule${v.rules.length > 1 ? "s" : ""} ${v.rules.join(", ")}: ${v.flows.join("; ")} (${v.invariant.kind === "never" ? "allowed" : "denied"} by ${v.resources.join(", ")})`;
  });
}

export { hclDir, jsonPath };

/** Writes a stack's HCL twin from its synthesized JSON on disk; returns the JSON, parsed. */
export function writeHcl(outdir: string, stack: string): unknown {
  const json = JSON.parse(readFileSync(jsonPath(outdir, stack), "utf8"));
  writeHclFiles(outdir, stack, json);
  return json;
}

/** Writes a stack's HCL twin from its Terraform JSON object, handed over in memory by synthesis. */
function writeHclFiles(outdir: string, stack: string, config: JsonObject): void {
  const files = terraformJsonToHcl(config);
  const dir = hclDir(outdir, stack);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
}
