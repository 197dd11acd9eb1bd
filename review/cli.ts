/**
 * The review behind `npm run diff` (the command is cli/diff.ts): the working
 * tree's catalogs and environments against a git ref (default HEAD) or a
 * folder holding an earlier synthesis.
 *
 * --allow-missing-plans names a --plan file that is not there in the
 * report's notes (its plan job failed: that stack's resources come from the
 * configurations) instead of failing.
 */
import { existsSync } from "fs";
import { loadBase, refuseLinkedInputs } from "./base";
import { diffSides, DiffReport } from "./diff";
import { synthesizeSide } from "./side";
import { CliOptions } from "./args";

/** Where the working tree's catalogs and environments are, and which environments to review (empty: all). */
export interface ReviewSources {
  readonly catalogDir: string;
  readonly environmentsDir: string;
  readonly only: readonly string[];
}

export async function reviewWorkingTree(options: CliOptions, sources: ReviewSources): Promise<DiffReport> {
  const { catalogDir, environmentsDir } = sources;
  const only = [...sources.only];
  refuseLinkedInputs([catalogDir, environmentsDir]);
  const base = await loadBase(options.base, { catalogDir, environmentsDir, only });
  const head = await synthesizeSide({ label: "working tree", catalogDir, environmentsDir, only });
  const missing = options.allowMissingPlans ? [...options.plans].filter(([, file]) => !existsSync(file)) : [];
  const plans = new Map([...options.plans].filter(([stack]) => !missing.some(([m]) => m === stack)));
  const report = diffSides(base, head, { plans });
  for (const [stack, file] of missing)
    report.notes.push(`no plan for ${stack} (${file} is missing: its plan job failed or did not run); its resources are compared from the configurations, not from Terraform`);
  return report;
}
