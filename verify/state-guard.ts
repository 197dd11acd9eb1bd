/**
 * A stack whose Terraform state is a local file must not be applied where the
 * file does not outlive the run (a CI runner): the next run would start from
 * no state and try to create every group again. FIREWALL_REQUIRE_REMOTE_STATE=1
 * (set by the example pipelines) makes `npm run deploy` and `npm run apply-gate`
 * refuse such a stack, saying why; unset, they only apply as asked.
 *
 * Two readings, both must say "remote": the environment files (what `cdktf
 * deploy` will synthesize) and, for a synthesized folder, its declared
 * backend and the one `terraform init` actually configured
 * (.terraform/terraform.tfstate), which an override file could have changed.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { loadBoundEnvironments, LoadOptions, stackName } from "../stacks/environment";
import { STACK_JSON_FILE } from "../synth/layout";
import { stackStates } from "../stacks/state";
import { SourceLocation } from "../policy";

export const REQUIRE_REMOTE_STATE = "FIREWALL_REQUIRE_REMOTE_STATE";

/** Refused: a local-state stack where remote state is required, or what the guard cannot read. `code` is stable. */
export class StateGuardError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** The environment's setting that makes the state local, and where it is written, when it is. */
    readonly setting?: { readonly name: string; readonly location?: SourceLocation },
  ) {
    super(message);
    this.name = "StateGuardError";
  }
}

/** Whether the variable asks for remote state ("1" or "true"); any other non-empty value is refused rather than guessed. */
export function remoteStateRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[REQUIRE_REMOTE_STATE];
  if (value === undefined || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new StateGuardError(`${REQUIRE_REMOTE_STATE}="${value}" is neither 1/true nor 0/false: set it to 1 to refuse local-state stacks`, "STATE_GUARD_BAD_VARIABLE");
}

const WHY =
  "its state is a file on this machine, which a CI runner throws away: the next run would start from no state and create every group again (and fail on duplicates). Apply it where its state file lives (npm run deploy on your machine), or give its environment a remote backend (aws.backend.s3, gcp.backend.gcs, azure.backend.azurerm)";

/** Refuses each named stack whose environment file gives it local state. Stacks no environment produces are refused too. */
export function refuseLocalStateStacks(stacks: readonly string[], options: LoadOptions = {}): void {
  const states = loadBoundEnvironments(options).flatMap(({ environment }) => stackStates(environment, stackName));
  for (const stack of stacks) {
    const state = states.find((s) => s.stack === stack);
    if (!state)
      throw new StateGuardError(
        `stack "${stack}" is not produced by any environment file (stacks: ${states
          .map((s) => s.stack)
          .sort()
          .join(", ")})`,
        "STATE_GUARD_UNKNOWN_STACK",
      );
    if (state.objects.some((o) => o.startsWith("file "))) {
      const where = state.location ? ` (${state.location.file}:${state.location.line}:${state.location.column})` : "";
      throw new StateGuardError(`refusing ${stack} while ${REQUIRE_REMOTE_STATE}=1: ${state.setting} is ${state.description}${where}, so ${WHY}`, "STATE_GUARD_LOCAL_STATE", {
        name: state.setting,
        location: state.location,
      });
    }
  }
}

/** Refuses a synthesized stack folder whose declared or initialized backend is local (or absent, which is local). */
export function refuseLocalStateFolder(stack: string, dir: string): void {
  const file = path.join(dir, STACK_JSON_FILE);
  let declared: string | undefined;
  try {
    const backend = JSON.parse(readFileSync(file, "utf8"))?.terraform?.backend;
    declared = backend && typeof backend === "object" ? Object.keys(backend)[0] : undefined;
  } catch (e) {
    throw new StateGuardError(`cannot read the backend of ${stack} from ${file}: ${(e as Error).message}`, "STATE_GUARD_UNREADABLE");
  }
  if (!declared || declared === "local")
    throw new StateGuardError(
      `refusing ${stack} while ${REQUIRE_REMOTE_STATE}=1: ${file} declares ${declared ? "a local backend" : "no backend (Terraform's default is local)"}, so ${WHY}`,
      "STATE_GUARD_LOCAL_STATE",
    );
  const initialized = path.join(dir, ".terraform", "terraform.tfstate");
  if (!existsSync(initialized)) return; // not initialized yet: init will configure the declared backend
  let type: string | undefined;
  try {
    type = JSON.parse(readFileSync(initialized, "utf8"))?.backend?.type;
  } catch (e) {
    throw new StateGuardError(`cannot read the backend terraform init configured for ${stack} (${initialized}): ${(e as Error).message}`, "STATE_GUARD_UNREADABLE");
  }
  if (type !== declared) {
    throw new StateGuardError(
      `refusing ${stack} while ${REQUIRE_REMOTE_STATE}=1: terraform init configured ${type ? `the "${type}" backend` : "no backend (local state)"} in ${initialized}, not the declared "${declared}" (an override file?), so ${type && type !== "local" ? "what is applied is not what was declared" : WHY}`,
      "STATE_GUARD_LOCAL_STATE",
    );
  }
}
