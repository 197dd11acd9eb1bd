/**
 * Terraform itself (its console, in a child process) reads the escaped
 * strings back as the catalog's text; terraform-literal.test.ts tests the
 * escaping in process.
 */
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GcpFirewall } from "../../modules/gcp";
import { evaluateTerraformStrings, terraformAvailability } from "../support/terraform";
import { boundOf, rule } from "../support/policies";
import { allow, synthAws, testPolicy } from "./aws/fixtures";

// Characters AWS accepts in a rule description, with Terraform's template openers and an escape already in the text.
const DESCRIPTION = "costs ${var.price} or $${literal} {braces}";
const TAG = 'owner "${local.team}" 100%{ if true }';

function synthGcp(description: string): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "p-123456" });
  new GcpFirewall(stack, "fw", { policy: boundOf([rule("https", { description })]), network: "vpc", namePrefix: "st", logicalIdScope: "none" });
  return JSON.parse(Testing.synth(stack)).resource.google_compute_firewall;
}

const tf = terraformAvailability();
(tf.available ? test : test.skip)(
  "Terraform reads the escaped strings back as the catalog's text (skipped only without a Terraform CLI)",
  async () => {
    const { ingress } = synthAws(testPolicy([allow("https", { description: DESCRIPTION })]), { tags: { note: TAG } });
    const entry = Object.values(ingress)[0] as any;
    const gcp = Object.values(synthGcp(TAG)).find((f: any) => f.direction === "INGRESS") as any;
    expect(await evaluateTerraformStrings({ aws_description: entry.description, aws_tag: entry.tags.note, gcp_description: gcp.description })).toEqual({
      aws_description: DESCRIPTION,
      aws_tag: TAG,
      gcp_description: `Catalog test: https (${TAG})`,
    });
  },
  60_000,
);
