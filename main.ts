/**
 * Synthesizes every stack (one per environment and cloud) as Terraform JSON
 * and HCL. `npx cdktf synth` runs this too (see cdktf.json).
 *
 * `--check` refuses, changing nothing, when an environment's priority
 * allocation (environments/priorities/<env>.yaml) is not current (CI);
 * without it synthesis updates the allocation (docs/priorities.md).
 *
 * FIREWALL_ENVIRONMENTS=dev,prod limits the run to some environments;
 * FIREWALL_CATALOG_DIR and FIREWALL_ENVIRONMENTS_DIR point at other folders
 * (default: catalog/ and environments/). The command is cli/synth.ts.
 */
import { main } from "./cli/run";
import { synthCommand } from "./cli/synth";

main(synthCommand);
