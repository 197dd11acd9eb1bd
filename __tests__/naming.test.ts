/**
 * One test-naming convention throughout: every test reads GIVEN <situation>
 * [WHEN <action>] THEN <outcome>, the GIVEN in the test's title or in a
 * describe around it. Test files are named by their subject, in kebab-case,
 * in the folder that mirrors the source folder they test.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname);

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) return testFiles(p);
      return name.endsWith(".test.ts") ? [p] : [];
    });
}

/** `test`, `it`, `describe`, or their `.each(...)` forms: the kind and the title text. */
function titleOf(call: ts.CallExpression, source: ts.SourceFile): { kind: "test" | "describe"; title: string } | undefined {
  let callee: ts.Expression = call.expression;
  if (ts.isCallExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === "each") callee = callee.expression.expression;
  if (ts.isPropertyAccessExpression(callee) && ["only", "skip", "concurrent"].includes(callee.name.text)) callee = callee.expression;
  if (!ts.isIdentifier(callee)) return undefined;
  const kind = callee.text === "describe" ? "describe" : callee.text === "test" || callee.text === "it" ? "test" : undefined;
  const first = call.arguments[0];
  if (!kind || !first) return undefined;
  const title = ts.isStringLiteralLike(first) ? first.text : first.getText(source);
  return { kind, title };
}

/** Every test title that breaks the convention, with its file and the describes around it. */
function offenders(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node, describes: string[]) => {
    if (ts.isCallExpression(node)) {
      const t = titleOf(node, source);
      if (t?.kind === "describe") {
        node.arguments.slice(1).forEach((a) => visit(a, [...describes, t.title]));
        return;
      }
      if (t?.kind === "test") {
        const given = /\bGIVEN\b/.test(t.title) || describes.some((d) => /\bGIVEN\b/.test(d));
        if (!given || !/\bTHEN\b/.test(t.title)) out.push(`${path.relative(ROOT, file)}: ${[...describes, t.title].join(" › ")}`);
      }
    }
    ts.forEachChild(node, (child) => visit(child, describes));
  };
  visit(source, []);
  return out;
}

describe("test naming", () => {
  const files = testFiles(ROOT);

  test("GIVEN every test file THEN its name is kebab-case (an integration test: <name>.integration.test.ts)", () => {
    expect(files.map((f) => path.basename(f)).filter((n) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.integration)?\.test\.ts$/.test(n))).toEqual([]);
  });

  test("GIVEN every test THEN its title reads GIVEN … THEN … (the GIVEN may stand in a describe around it)", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(offenders)).toEqual([]);
  });

  test("GIVEN titles without GIVEN or THEN THEN the check names each, with its describes", () => {
    const probe = path.join(mkdtempSync(path.join(os.tmpdir(), "naming-")), "probe.test.ts");
    writeFileSync(probe, 'describe("GIVEN x", () => { test("does y", () => {}); test("THEN z", () => {}); });\ntest.each([1])("%s THEN w", () => {});\nit("GIVEN a THEN b", () => {});\n');
    expect(offenders(probe).map((o) => o.split(": ").slice(1).join(": "))).toEqual(["GIVEN x › does y", "%s THEN w"]);
  });
});
