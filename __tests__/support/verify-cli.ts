import { spawnSync } from "child_process";

/**
 * Runs `npm run verify <outdir>` as the compiled command (`npm run verify` is
 * `node scripts/build.js && node dist/cli/verify.js`; the suite's global setup
 * has built dist/), with extra environment variables; its exit code and output.
 */
export function runVerify(outdir: string, env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ["dist/cli/verify.js", outdir], { encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
