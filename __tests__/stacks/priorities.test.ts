/** The allocation file is written line by line (a YAML Document of 50,000 entries is slow and large): the text is the one the yaml library writes for the same data. */
import { Document } from "yaml";
import { parsePriorities, renderPriorities } from "../../stacks/priorities";

type Allocation = Parameters<typeof renderPriorities>[1];

/** The yaml library's text of the same data (a Map keeps the order by priority; an object would put integer-like names first). */
function byDocument(environment: string, priorities: Allocation): string {
  const data: Record<string, unknown> = { version: 1 };
  for (const cloud of Object.keys(priorities).sort()) {
    const scopes: Record<string, unknown> = {};
    for (const scope of Object.keys(priorities[cloud]).sort()) {
      const a = priorities[cloud][scope];
      const live = Object.entries(a.priorities).sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
      const retired = Object.entries(a.retired ?? {}).sort((x, y) => Number(x[0]) - Number(y[0]));
      scopes[scope] = { priorities: new Map(live), ...(retired.length > 0 ? { retired: Object.fromEntries(retired.map(([p, n]) => [Number(p), n])) } : {}) };
    }
    data[cloud] = scopes;
  }
  const doc = new Document(data);
  doc.commentBefore =
    ` Priorities of environment "${environment}": kept by \`npm run synth\`, read it like a lock file.\n` +
    " Each rule keeps its priority across edits elsewhere; retired priorities (rules deleted or\n" +
    " renumbered) are never given to another rule. Review changes here with the catalog's; docs/priorities.md.";
  return doc.toString({ lineWidth: 0 });
}

const ODD_NAMES = [
  "true",
  "No",
  "null",
  "~",
  "123",
  "1e3",
  "0x1f",
  "a: b",
  "#x",
  "- x",
  "é-rule",
  'say "hi"',
  "it's",
  " lead",
  "trail ",
  "a\tb",
  ".inf",
  "-1",
  "x:y",
  "[a]",
  "{b}",
  "*star",
  "&anchor",
  "!tag",
  "%p",
  "@at",
  "`tick",
  "a,b",
  "?q",
];

test.each([
  ["the example shape", { azure: { "st-server/inbound": { priorities: { "in-allow-a": 200, "in-deny-b": 500 }, retired: { "300": "in-allow-c" } } } }],
  [
    "two clouds, ties broken by name, retired priorities in order",
    { gcp: { ingress: { priorities: { b: 1000, a: 1000, c: 900 }, retired: { "20": "x", "3": "y" } } }, azure: { "r/inbound": { priorities: { z: 100 } } } },
  ],
  ["an empty scope and an empty cloud", { azure: { "r/outbound": { priorities: {} } }, gcp: {} }],
  ["names YAML would misread unquoted", { gcp: { "odd scope: x": { priorities: Object.fromEntries(ODD_NAMES.map((n, i) => [n, 100 + i])), retired: { "7": "true", "8": "a: b" } } } }],
  ["no clouds", {}],
])("GIVEN %s THEN the text is the yaml library's", (_, priorities) => {
  expect(renderPriorities("dev", priorities as Allocation)).toBe(byDocument("dev", priorities as Allocation));
});

test("GIVEN 5,000 rules in one scope THEN the text is the yaml library's", () => {
  const priorities: Allocation = { gcp: { ingress: { priorities: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`rule-${i}`, 1000 + i])), retired: { "999": "gone" } } } };
  expect(renderPriorities("e01", priorities)).toBe(byDocument("e01", priorities));
});

/**
 * parsePriorities reads a file exactly as renderPriorities writes it line by line, not through the
 * YAML parser; a line the renderer would not write (here a trailing comment) sends the file to the
 * YAML parser. Both must read the same allocation.
 */
describe("reading an allocation file as written", () => {
  const valid: [string, Allocation][] = [
    ["the example shape", { azure: { "st-server/inbound": { priorities: { "in-allow-a": 200, "in-deny-b": 500 }, retired: { "300": "in-allow-c" } } } }],
    [
      "two clouds, retired priorities in order",
      { gcp: { ingress: { priorities: { b: 1001, a: 1000, c: 900 }, retired: { "20": "x", "3": "y" } } }, azure: { "r/inbound": { priorities: { z: 100 } } } },
    ],
    ["an empty scope and an empty cloud", { azure: { "r/outbound": { priorities: {} } }, gcp: {} }],
    ["names YAML would misread unquoted", { gcp: { "odd scope: x": { priorities: Object.fromEntries(ODD_NAMES.map((n, i) => [n, 100 + i])), retired: { "7": "true", "8": "a: b" } } } }],
    ["5,000 rules in one scope", { gcp: { ingress: { priorities: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`rule-${i}`, 1000 + i])), retired: { "999": "gone" } } } }],
    ["no clouds", {}],
  ];
  test.each(valid)("GIVEN %s THEN the file reads back as the allocation written, as the YAML parser reads it", (_, priorities) => {
    const text = renderPriorities("e01", priorities);
    const read = parsePriorities(text, "e01.yaml");
    expect(read).toEqual(priorities);
    expect(read).toEqual(parsePriorities(`${text}# edited by hand\n`, "e01.yaml"));
  });

  test("GIVEN a file as written whose allocation is invalid (two rules on one priority) THEN it is refused with the YAML path's located error", () => {
    const text = renderPriorities("e01", { gcp: { ingress: { priorities: { a: 1000, b: 1000 } } } });
    let thrown: unknown;
    try {
      parsePriorities(text, "e01.yaml");
    } catch (e) {
      thrown = e;
    }
    expect((thrown as { problems?: { code: string; location?: { line: number } }[] }).problems).toEqual([
      expect.objectContaining({ code: "ENV_PRIORITIES_INVALID", location: expect.objectContaining({ file: "e01.yaml", line: expect.any(Number) }) }),
    ]);
  });
});
