/** Runs the CDKTF CLI as a user would (`npx cdktf …`), offline. */
import { execFile } from "child_process";
import { existsSync } from "fs";

export function runCdktf(args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "true", CHECKPOINT_DISABLE: "1" };
  // The CLI runs `terraform version`, which warns at length about a CLI config file that is named but missing.
  if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  return new Promise((resolve, reject) => {
    execFile("npx", ["cdktf", ...args], { encoding: "utf8", env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`npx cdktf ${args.join(" ")} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export const EXAMPLE_STACKS = ["dev-aws", "dev-azure", "dev-gcp", "prod-aws", "prod-azure", "prod-gcp", "staging-aws", "staging-azure", "staging-gcp"];
