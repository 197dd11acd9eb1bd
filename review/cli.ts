/**
 * The review behind `npm run diff` (the command is cli/diff.ts): the working
 * tree's catalogs and environments against a git ref (default HEAD) or a
 * folder holding an earlier synthesis.
 */
import { loadBase } from "./base";
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
  const base = await loadBase(options.base, { catalogDir, environmentsDir, only });
  const head = await synthesizeSide({ label: "working tree", catalogDir, environmentsDir, only });
  return diffSides(base, head, { plans: options.plans });
}
