/** Synthesizes the Azure module alone, as Terraform JSON, for module tests. */
import { mkdtempSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AzureNetworkSecurityGroups, AzureNetworkSecurityGroupsProps } from "../../../modules/azure";
import { BoundPolicy } from "../../../policy";
// Rendering tests read the bare ids our own stacks use, and leave the lint to its own tests.
import { OWN_STACK_OPTIONS as FLAT } from "../../../modules/cloud";

// One scratch folder per test file (Testing.app() would make one per call); nothing is written to it.
const OUTDIR = mkdtempSync(path.join(os.tmpdir(), "azure-module-test-"));
afterAll(() => rmSync(OUTDIR, { recursive: true, force: true }));

export function synthAzure(policy: BoundPolicy, props: Partial<AzureNetworkSecurityGroupsProps> = {}): { json: Record<string, any>; rules: Record<string, any>; module: AzureNetworkSecurityGroups } {
  const stack = new TerraformStack(Testing.app({ outdir: OUTDIR }), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const module = new AzureNetworkSecurityGroups(stack, "nsg", { policy, resourceGroupName: "rg-fw", location: "westeurope", namePrefix: "st", ...FLAT, ...props });
  // The outputs the stacks write, which the evaluator reads.
  new TerraformOutput(stack, "network_security_group_ids", { value: module.networkSecurityGroupIds }).overrideLogicalId("network_security_group_ids");
  new TerraformOutput(stack, "application_security_group_ids", { value: module.applicationSecurityGroupIds }).overrideLogicalId("application_security_group_ids");
  const json = JSON.parse(Testing.synth(stack));
  return { json, rules: json.resource?.azurerm_network_security_rule ?? {}, module };
}

/** A rule's essentials in one line: priority direction access protocol ports source -> destination. */
export function line(r: any): string {
  const side = (w: string) =>
    (r[`${w}_application_security_group_ids`] ?? []).map((x: string) => x.replace(/^\$\{azurerm_application_security_group\.(\w+)\.id\}$/, "asg:$1")).join(",") ||
    r[`${w}_address_prefix`] ||
    (r[`${w}_address_prefixes`] ?? []).join(",");
  const ports = r.destination_port_range ?? r.destination_port_ranges.join(",");
  return `${r.priority} ${r.direction} ${r.access} ${r.protocol} ${ports} ${side("source")} -> ${side("destination")}`;
}

export function byPriority(rules: Record<string, any>, nsg?: string): string[] {
  return Object.values(rules)
    .filter((r: any) => !nsg || r.network_security_group_name === `\${azurerm_network_security_group.${nsg}.name}`)
    .sort((a: any, b: any) => (a.direction === b.direction ? a.priority - b.priority : a.direction < b.direction ? -1 : 1))
    .map(line);
}
