/** Duplicate keys are found in one pass (the parser's own check is quadratic in a mapping's keys), at the repeat, in every mapping. */
import { parseYaml } from "../../policy/yaml-source";

test("GIVEN a mapping of 5,000 keys whose last repeats the first THEN the repeat is the one problem, located at it", () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `rule-${i}: ${i}`);
  lines.push("rule-0: 9");
  const { problems, source } = parseYaml("p.yaml", lines.join("\n") + "\n");
  expect(source).toBeUndefined();
  expect(problems).toEqual([
    { code: "YAML_DUPLICATE_KEY", location: { file: "p.yaml", line: 5001, column: 1 }, message: 'YAML error: key "rule-0" appears twice in one mapping', hint: expect.any(String) },
  ]);
});

test("GIVEN repeats in nested mappings and lists THEN each is found, in file order; distinct keys of sibling mappings are no repeat", () => {
  const text = ["a:", "  x: 1", "  x: 2", "list:", "  - { id: 1, id: 2 }", "  - id: 1", "b: {}", "a: 3"].join("\n") + "\n";
  expect(parseYaml("n.yaml", text).problems.map((p) => [p.location?.line, p.code])).toEqual([
    [3, "YAML_DUPLICATE_KEY"],
    [5, "YAML_DUPLICATE_KEY"],
    [8, "YAML_DUPLICATE_KEY"],
  ]);
});

test("GIVEN a syntax error and a repeat THEN the syntax error is reported (the repeat check needs a whole document)", () => {
  const { problems } = parseYaml("s.yaml", "a: 1\na: 2\nb: [\n");
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.map((p) => p.code)).not.toContain("YAML_DUPLICATE_KEY");
});
