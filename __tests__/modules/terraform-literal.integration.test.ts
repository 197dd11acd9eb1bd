/**
 * Terraform itself (its console, in a child process) reads the escaped
 * strings back as the catalog's text; terraform-literal.test.ts tests the
 * escaping in process.
 */
import { evaluateTerraformStrings, terraformAvailability } from "../support/terraform";
import { allow, synthAws, testPolicy } from "./aws/fixtures";
import { DESCRIPTION, synthGcp, TAG } from "./terraform-literal-fixtures";

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
