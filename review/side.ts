/**
 * One side of a review: the synthesized stacks of some catalogs and
 * environments, held in memory. A side comes from synthesizing folders (into a
 * temporary directory: the user's cdktf.out is never touched) or from reading
 * an earlier cdktf.out.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "fs";
import * as os from "os";
import * as path from "path";
import { BoundPolicy, ConfigError } from "../policy";
import { assertOutputComplete, readOutputJson } from "../synth/output";
import { synthesizeAll } from "../synth/synthesize";
import { jsonPath, reportPath, STACK_JSON_FILE, treeDir } from "../synth/layout";
import { CLOUD_IDS, CloudId } from "../modules/clouds";

export interface SideStack {
  readonly name: string;
  readonly cloud: CloudId;
  readonly environment: string;
  /** The stack's synthesized Terraform JSON. */
  readonly json: any;
  /** The cloud's section of the environment (some clouds read their JSON with it); absent for an earlier cdktf.out. */
  readonly section?: unknown;
}

export interface SideEnvironment {
  readonly name: string;
  /** The catalog bound to the environment; absent when the side is an earlier cdktf.out. */
  readonly bound?: BoundPolicy;
  /** Per cloud that places roles in its networks, the catalog as placed there: what that cloud is held to (a role of another network is its CIDRs). */
  readonly placed?: Readonly<Record<string, BoundPolicy>>;
  /** The environment's coverage report (reports/<env>.json) of an earlier cdktf.out: which resources carry which rule. */
  readonly report?: CoverageJson;
}

/** The parts of reports/<env>.json the review reads. */
export interface CoverageJson {
  readonly rules: readonly {
    id: string;
    target: string;
    direction: string;
    action: string;
    protocol: string | number;
    ports: string | null;
    clouds: Record<string, { resources: string[] }>;
  }[];
}

export interface ReviewSide {
  /** How the report names the side: "HEAD", "working tree", "cdktf.out at old/". */
  readonly label: string;
  readonly stacks: readonly SideStack[];
  readonly environments: ReadonlyMap<string, SideEnvironment>;
}

export interface SynthesizeSideOptions {
  readonly label: string;
  readonly catalogDir?: string;
  readonly environmentsDir?: string;
  readonly only?: readonly string[];
}

/** Synthesizes catalogs and environments into a temporary folder (CDKTF's app writes its files), takes every stack's JSON in memory, and removes the folder. */
export async function synthesizeSide(options: SynthesizeSideOptions): Promise<ReviewSide> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "fw-review-"));
  try {
    // The review reads the allocation files as they are and never writes them, and needs no HCL or report: nothing is written.
    const result = await synthesizeAll({
      outdir,
      catalogDir: options.catalogDir,
      environmentsDir: options.environmentsDir,
      only: options.only,
      priorities: "keep",
      keepConfigurations: true,
      writeOutput: false,
    });
    const environments = new Map<string, SideEnvironment>();
    const stacks: SideStack[] = result.stacks.map((s) => {
      const known = environments.get(s.environment.name);
      const placed = s.placed ? { ...known?.placed, [s.cloud]: s.placed.bound } : known?.placed;
      environments.set(s.environment.name, { name: s.environment.name, bound: s.bound, ...(placed ? { placed } : {}) });
      return {
        name: s.name,
        cloud: s.cloud,
        environment: s.environment.name,
        json: s.configuration!,
        section: s.environment[s.cloud],
      };
    });
    return { label: options.label, stacks, environments };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The synthesis folder inside `dir`: `dir` itself when its stacks/ holds a
 * stack (<name>/cdk.tf.json), else dir/cdktf.out. (The project's own stacks/
 * source folder holds no cdk.tf.json, so `.` means ./cdktf.out.)
 */
export function findSynthesisFolder(dir: string): string | undefined {
  for (const candidate of [dir, path.join(dir, "cdktf.out")]) {
    const stacks = treeDir(candidate, "stacks");
    if (!existsSync(stacks) || !statSync(stacks).isDirectory()) continue;
    if (readdirSync(stacks).some((name) => existsSync(path.join(stacks, name, STACK_JSON_FILE)))) return candidate;
  }
  return undefined;
}

/**
 * Reads an earlier synthesis. Stack folders are `<environment>-<cloud>`; rule
 * attribution comes from its coverage reports, since its catalog is not there.
 */
export function readSynthesisSide(dir: string, label: string): ReviewSide {
  const outdir = findSynthesisFolder(dir);
  if (!outdir) {
    throw new ConfigError([
      {
        code: "DIFF_NO_SYNTHESIS",
        message: `${dir} holds no synthesis (no stacks/ folder in it or in ${path.join(dir, "cdktf.out")})`,
        hint: "Pass a git ref, or a folder written by `npm run synth`.",
      },
    ]);
  }
  assertOutputComplete(outdir);
  const stacks: SideStack[] = [];
  const environments = new Map<string, SideEnvironment>();
  for (const name of readdirSync(treeDir(outdir, "stacks")).sort()) {
    if (name.startsWith(".")) continue; // not a stack: a hidden folder (stack names start with a letter)
    const file = jsonPath(outdir, name);
    if (!existsSync(file)) continue; // not a stack folder (a user's own files may sit beside the stacks)
    const cloud = CLOUD_IDS.find((id) => name.endsWith(`-${id}`));
    if (!cloud)
      throw new ConfigError([
        {
          code: "DIFF_UNKNOWN_CLOUD",
          message: `${path.join(treeDir(outdir, "stacks"), name)}: stack name does not end in a known cloud (${CLOUD_IDS.map((id) => `-${id}`).join(", ")})`,
          hint: "Pass a folder written by `npm run synth`.",
        },
      ]);
    const environment = name.slice(0, -(cloud.length + 1));
    const json = readOutputJson(file, `Terraform JSON of stack ${name}`);
    stacks.push({ name, cloud, environment, json });
    if (!environments.has(environment)) {
      const reportFile = reportPath(outdir, environment, "json");
      environments.set(environment, { name: environment, report: existsSync(reportFile) ? (readOutputJson(reportFile, `coverage report of environment ${environment}`) as CoverageJson) : undefined });
    }
  }
  return { label, stacks, environments };
}
