/** What the terraform-literal tests write: text with Terraform's template openers, and a GCP firewall that carries it. */
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GcpFirewall } from "../../modules/gcp";
import { boundOf, rule } from "../support/policies";

// Characters AWS accepts in a rule description, with Terraform's template openers and an escape already in the text.
export const DESCRIPTION = "costs ${var.price} or $${literal} {braces}";
export const TAG = 'owner "${local.team}" 100%{ if true }';

/** The google_compute_firewall resources of one https rule described as `description`. */
export function synthGcp(description: string): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "p-123456" });
  new GcpFirewall(stack, "fw", { policy: boundOf([rule("https", { description })]), network: "vpc", namePrefix: "st", logicalIdScope: "none" });
  return JSON.parse(Testing.synth(stack)).resource.google_compute_firewall;
}
