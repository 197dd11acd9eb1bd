/**
 * `npm run verify [outdir]` (verify/cli.ts): exit 0 all agree, 1 any
 * disagreement, 2 cannot check (missing or stale output, or any error).
 */
import { verify } from "../verify/cli";
import { Command, main } from "./run";

export const verifyCommand: Command<{ outdir?: string }> = {
  parse: (argv) => ({ outdir: argv[0] || undefined }),
  async run(args, env) {
    const failures = await verify(args.outdir ?? env.outdir ?? "cdktf.out", { catalogDir: env.catalogDir, environmentsDir: env.environmentsDir, only: env.only });
    return failures > 0 ? 1 : 0;
  },
  failureExitCode: 2,
  // Every refusal is a sentence for the user, including unexpected ones.
  expected: (e) => e instanceof Error,
};

if (require.main === module) main(verifyCommand);
