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

describe("control characters YAML does not allow in a file", () => {
  test.each([
    ["a NUL", "\u0000", "U+0000"],
    ["an escape byte (a pasted terminal colour)", "\u001b", "U+001B"],
    ["a form feed", "\u000c", "U+000C"],
    ["DEL", "\u007f", "U+007F"],
    ["a C1 control", "\u0090", "U+0090"],
    ["a lone high surrogate (text from code)", "\ud800", "U+D800"],
    ["a lone low surrogate", "\udc00", "U+DC00"],
    ["U+FFFF", "\uffff", "U+FFFF"],
  ])("GIVEN %s in a value THEN the one problem names it and its line and column", (_, character, name) => {
    const { problems, source } = parseYaml("c.yaml", `name: x\ndescription: ab${character}cd\n`);
    expect(source).toBeUndefined();
    expect(problems).toEqual([{ code: "YAML_CONTROL_CHARACTER", location: { file: "c.yaml", line: 2, column: 16 }, message: expect.stringContaining(name), hint: expect.any(String) }]);
  });

  test("GIVEN what YAML allows (tab, CR LF, NEL, a BOM, a surrogate pair, escapes in double quotes) THEN the file is read", () => {
    const { problems, source } = parseYaml("ok.yaml", '\ufeffa: "x\\ty\\u0000"\r\nb: "\u0085 \u00a0 🙂"\r\nc:\t1\r\n');
    expect(problems).toEqual([]);
    expect(source?.data).toEqual({ a: "x\ty\u0000", b: "\u0085 \u00a0 🙂", c: 1 });
  });

  test("GIVEN a control character after wide characters on its line THEN the column counts characters, not UTF-16 units", () => {
    const { problems } = parseYaml("w.yaml", "a: 1\nb: 🙂🙂\u0007\n");
    expect(problems[0].location).toEqual({ file: "w.yaml", line: 2, column: 6 });
  });
});

describe("numbers YAML readers read differently", () => {
  test.each(["010", "-010", "0x1BB", "0o17", "1e3", "4.43e2", "+80"])("GIVEN %s THEN it is refused where it stands", (number) => {
    const { problems } = parseYaml("n.yaml", `ports: [443, ${number}]\n`);
    expect(problems.map((p) => [p.code, p.location?.line, p.location?.column])).toEqual([["YAML_AMBIGUOUS_NUMBER", 1, 14]]);
  });

  test("GIVEN numbers every reader reads alike (digits, a minus, a fraction, .inf) and quoted digits THEN the file is read as written", () => {
    const { problems, source } = parseYaml("ok.yaml", 'a: [0, 7, 443, -1, 65535, 0.5, 5.1, .inf]\nb: "010"\nc: 1.2.3.4\n');
    expect(problems).toEqual([]);
    expect(source?.data).toEqual({ a: [0, 7, 443, -1, 65535, 0.5, 5.1, Infinity], b: "010", c: "1.2.3.4" });
  });
});
