/**
 * Terraform reads every string as a template: catalog and environment text
 * with `${` or `%{` must reach the cloud as written, never as an expression.
 */
import { terraformLiteral } from "../../modules/terraform-literal";
import { allow, synthAws, testPolicy } from "./aws/fixtures";
import { DESCRIPTION, synthGcp, TAG } from "./terraform-literal-fixtures";

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
