/**
 * Terraform against the emulator: one AWS provider process per stack (started
 * once, every command attached with TF_REATTACH_PROVIDERS, as verify/terraform.ts
 * does offline), providers from the filesystem mirror, backends as synthesized.
 */
import { execFileSync } from "child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { installedProvider, mirrorCliConfig, providerMirror, startProvider, terraform, terraformEnv } from "../../__tests__/support/terraform";
import { Emulator } from "./emulator";

export interface PlanSummary {
  /** Resource addresses by action. */
  readonly create: string[];
  readonly update: string[];
  readonly delete: string[];
  /** Addresses planned as delete-and-create (or create-before-destroy): replacements. */
  readonly replace: string[];
  /** What `terraform plan` printed. */
  readonly text: string;
}

export function counts(p: PlanSummary): { add: number; change: number; destroy: number } {
  // Terraform's own "Plan: N to add, N to change, N to destroy" counts a replacement in add and destroy.
  return { add: p.create.length + p.replace.length, change: p.update.length, destroy: p.delete.length + p.replace.length };
}

export class TerraformSession {
  private reattach?: string;
  private stopProvider?: () => Promise<void>;
  readonly env: NodeJS.ProcessEnv;
  /** Wall seconds per command name, summed. */
  readonly seconds: Record<string, number> = {};

  constructor(
    readonly scratch: string,
    emulator: Emulator,
  ) {
    mkdirSync(scratch, { recursive: true });
    const cliConfig = path.join(scratch, "terraform.rc");
    writeFileSync(cliConfig, mirrorCliConfig(providerMirror()));
    // terraformEnv drops every TF_ and AWS_ variable of the caller (AWS_CA_BUNDLE among them,
    // which the provider must not get), then the emulator's routing goes in.
    this.env = { ...terraformEnv(cliConfig), ...emulator.env };
  }

  /** Copies a synthesized root module (JSON or HCL folder) into `name` under the scratch folder, keeping what is there (state, .terraform). */
  stage(from: string, name: string): string {
    const work = path.join(this.scratch, name);
    mkdirSync(work, { recursive: true });
    for (const f of readdirSync(work)) if (/\.tf(\.json)?$/.test(f)) rmSync(path.join(work, f));
    cpSync(from, work, { recursive: true });
    return work;
  }

  async init(work: string): Promise<void> {
    await this.run(["init", "-input=false", "-no-color"], work, this.env);
    if (!this.reattach) {
      const provider = await startProvider(installedProvider(work), this.env);
      this.reattach = provider.reattach;
      this.stopProvider = provider.stop;
    }
  }

  async apply(work: string, extra: string[] = []): Promise<string> {
    return this.run(["apply", "-auto-approve", "-input=false", "-no-color", ...extra], work, this.attached());
  }

  /**
   * Plans into a file and reads it back through `terraform show -json`.
   * `refresh: false` plans against the state alone, where nothing but the last
   * apply changed the emulator since a refreshing plan found no changes.
   */
  async plan(work: string, opts: { refresh?: boolean } = {}, planFile = "e2e.tfplan"): Promise<PlanSummary> {
    const refresh = opts.refresh === false ? ["-refresh=false"] : [];
    const text = await this.run(["plan", "-input=false", "-no-color", `-out=${planFile}`, ...refresh], work, this.attached());
    const json = JSON.parse(await this.run(["show", "-json", planFile], work, this.attached()));
    const summary: PlanSummary = { create: [], update: [], delete: [], replace: [], text };
    for (const rc of json.resource_changes ?? []) {
      const actions: string[] = rc.change.actions;
      if (actions.includes("delete") && actions.includes("create")) summary.replace.push(rc.address);
      else if (actions.includes("create")) summary.create.push(rc.address);
      else if (actions.includes("update")) summary.update.push(rc.address);
      else if (actions.includes("delete")) summary.delete.push(rc.address);
    }
    return summary;
  }

  /**
   * A plan that must find nothing to do: `-detailed-exitcode` exits 2 on any
   * change (then this throws with the plan), 0 on none; no plan file to show.
   */
  async planNoChanges(work: string): Promise<string> {
    return this.run(["plan", "-input=false", "-no-color", "-detailed-exitcode"], work, this.attached());
  }

  async applyPlan(work: string, planFile = "e2e.tfplan"): Promise<string> {
    return this.run(["apply", "-input=false", "-no-color", planFile], work, this.attached());
  }

  /** `refresh: false` where a clean plan has just read every resource back. */
  async destroy(work: string, opts: { refresh?: boolean } = {}): Promise<string> {
    const refresh = opts.refresh === false ? ["-refresh=false"] : [];
    return this.run(["destroy", "-auto-approve", "-input=false", "-no-color", ...refresh], work, this.attached());
  }

  async output(work: string): Promise<Record<string, any>> {
    const out = JSON.parse(await this.run(["output", "-json"], work, this.attached()));
    return Object.fromEntries(Object.entries<any>(out).map(([k, v]) => [k, v.value]));
  }

  /** Any other command, attached to the provider. */
  run(args: string[], work: string, env: NodeJS.ProcessEnv = this.attached()): Promise<string> {
    const start = process.hrtime.bigint();
    return terraform(args, work, env).finally(() => {
      this.seconds[args[0]] = (this.seconds[args[0]] ?? 0) + Number(process.hrtime.bigint() - start) / 1e9;
    });
  }

  attached(): NodeJS.ProcessEnv {
    if (!this.reattach) throw new Error("terraform init first: the provider starts from what init installs");
    return { ...this.env, TF_REATTACH_PROVIDERS: this.reattach };
  }

  async close(): Promise<void> {
    await this.stopProvider?.();
    this.stopProvider = undefined;
  }
}

/** Compiles the app once (dist/), as `npm run synth` does. */
export function buildApp(root: string): void {
  execFileSync(process.execPath, ["scripts/build.js"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
