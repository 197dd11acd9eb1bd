/**
 * Synthesizes every stack (one per environment and cloud) as Terraform JSON
 * and HCL. `npx cdktf synth` runs this too (see cdktf.json).
 *
 * FIREWALL_ENVIRONMENTS=dev,prod limits the run to some environments;
 * FIREWALL_CATALOG_DIR and FIREWALL_ENVIRONMENTS_DIR point at other folders
 * (default: catalog/ and environments/). The command is cli/synth.ts.
 */
import { main } from "./cli/run";
import { synthCommand } from "./cli/synth";

main(synthCommand);
