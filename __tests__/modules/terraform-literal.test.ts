/**
 * Terraform reads every string as a template: catalog and environment text
 * with `${` or `%{` must reach the cloud as written, never as an expression.
 */
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GcpFirewall } from "../../modules/gcp";
import { terraformLiteral } from "../../modules/terraform-literal";
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

test("GIVEN text with ${ and %{ THEN terraformLiteral escapes them and nothing else", () => {
  expect(terraformLiteral("a ${b} c %{d} e $f %g {h} $${i}")).toBe("a $${b} c %%{d} e $f %g {h} $$${i}");
});

test("GIVEN AWS descriptions and tags with template characters THEN they are written escaped", () => {
  const { ingress, groups } = synthAws(testPolicy([allow("https", { description: DESCRIPTION })]), { tags: { note: TAG } });
  const entry = Object.values(ingress)[0] as any;
  expect(entry.description).toBe("costs $${var.price} or $$${literal} {braces}");
  expect(entry.tags.note).toBe('owner "$${local.team}" 100%%{ if true }');
  expect(groups.web.tags.note).toBe('owner "$${local.team}" 100%%{ if true }');
});

test("GIVEN GCP descriptions with template characters THEN they are written escaped", () => {
  const fw = synthGcp("100%{ if } of ${var.x}");
  const ingress = Object.values(fw).find((f: any) => f.direction === "INGRESS") as any;
  expect(ingress.description).toBe("Catalog test: https (100%%{ if } of $${var.x})");
});
