/**
 * Error codes are public: every code the source raises is listed in
 * docs/errors.md, and every code listed there is raised somewhere. The scan
 * fails closed: a code built from pieces (a template, `+`, a "PREFIX_"
 * fragment) or a SynthesisError without a code would escape it, so those are
 * refused outright, and codes stay plain string literals where they are raised.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const SOURCE_FOLDERS = ["policy", "modules", "stacks", "synth", "verify", "review", "cli", "testing", "scripts"];
const SOURCE_FILES = ["index.ts", "main.ts"];
const PREFIXES = ["YAML", "SCHEMA", "CATALOG", "ENV", "LIB", "AWS", "GCP", "AZURE", "OUTPUT", "VERIFY", "REACH", "PLAN", "GATE", "STATE_GUARD", "DIFF", "DRIFT", "CLI", "NOTE"];
const CODE = new RegExp(`^(?:(?:${PREFIXES.join("|")})_[A-Z0-9]+(?:_[A-Z0-9]+)*|UNCLASSIFIED)$`);
/** A code written inside a message, as validation messages carry theirs: `[LIB_DUPLICATE_ADDRESS] …`. */
const CODE_IN_TEXT = new RegExp(`\\b(?:${PREFIXES.join("|")})_[A-Z0-9]+(?:_[A-Z0-9]+)*\\b`, "g");
/** A piece of a code: "ENV_" or "_FOLDER_MISSING", as `${prefix}_FOLDER_MISSING` would hold. */
const FRAGMENT = /(?:^|[^A-Za-z0-9])[A-Z][A-Z0-9]*_$|^_[A-Z][A-Z0-9_]*$/;
/**
 * Tests assert codes and classes; at most these many may still match the text of an
 * error: tests of wording (the message names the file, the rule, what to do) and
 * errors that carry no code of ours (cdktf's validation, Terraform's own output).
 */
const MAX_MESSAGE_MATCHING_TESTS = 15;
/** SynthesisErrors that lack a code: none (each would be UNCLASSIFIED, docs/errors.md). */
const UNCODED_SYNTHESIS_ERRORS = new Set<string>();

interface Scan {
  /** Each code with the first place it is written. */
  readonly codes: Map<string, string>;
  /** What would hide a code from the scan. */
  readonly refused: string[];
  readonly uncodedSynthesisErrors: string[];
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== "node_modules") walk(path.join(p, name));
    } else if (/\.(ts|js)$/.test(p) && !p.endsWith(".d.ts")) out.push(p);
  };
  for (const f of [...SOURCE_FOLDERS, ...SOURCE_FILES]) walk(path.join(ROOT, f));
  return out;
}

function scan(files: readonly { name: string; text: string }[]): Scan {
  const codes = new Map<string, string>();
  const refused: string[] = [];
  const uncodedSynthesisErrors: string[] = [];
  for (const { name, text } of files) {
    const source = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, name.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS);
    const where = (node: ts.Node) => `${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      const seen = (code: string) => codes.has(code) || codes.set(code, where(node));
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        if (CODE.test(node.text)) seen(node.text);
        else if (FRAGMENT.test(node.text)) refused.push(`${where(node)}: "${node.text}" looks like a piece of an error code; write each code whole`);
        else for (const m of node.text.matchAll(CODE_IN_TEXT)) seen(m[0]);
      }
      if (ts.isTemplateExpression(node)) {
        const pieces = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
        for (const piece of pieces) for (const m of piece.matchAll(CODE_IN_TEXT)) seen(m[0]);
        if (pieces.some((p) => /[A-Z]{2,}_$|^_[A-Z]{2,}/.test(p))) refused.push(`${where(node)}: a template builds an error code; write each code whole`);
      }
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === "code" && codeHidden(node.initializer)) {
        refused.push(`${where(node)}: code: ${node.initializer.getText(source)} is not a plain string literal`);
      }
      if (ts.isNewExpression(node) && node.expression.getText(source) === "SynthesisError") {
        const args = node.arguments ?? [];
        if (args.length < 3) {
          const first = args[0];
          const opening = first && (ts.isTemplateExpression(first) ? first.head.text : ts.isStringLiteralLike(first) ? first.text : first.getText(source));
          uncodedSynthesisErrors.push(`${name}: ${(opening ?? "").slice(0, 19)}`);
        } else if (codeHidden(args[2])) refused.push(`${where(node)}: SynthesisError's code ${args[2].getText(source)} is not a plain string literal`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { codes, refused, uncodedSynthesisErrors };
}

/** A code the scan cannot see: built by a template or by `+`. Literals, conditionals of them and names (a parameter passing a code on) are seen where they are written. */
function codeHidden(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return codeHidden(e.expression);
  if (ts.isConditionalExpression(e)) return codeHidden(e.whenTrue) || codeHidden(e.whenFalse);
  return ts.isTemplateExpression(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken);
}

/** The codes docs/errors.md lists: the first cell of each table row. */
function documentedCodes(): string[] {
  const page = readFileSync(path.join(ROOT, "docs", "errors.md"), "utf8");
  return [...page.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
}

const source = scan(sourceFiles().map((f) => ({ name: path.relative(ROOT, f).split(path.sep).join("/"), text: readFileSync(f, "utf8") })));

test("GIVEN the source THEN every error code is a whole string literal the scan sees", () => {
  expect(source.refused).toEqual([]);
  expect(source.codes.size).toBeGreaterThan(200);
});

test("GIVEN every new SynthesisError in the source THEN each passes a code, but for the known UNCLASSIFIED ones", () => {
  expect(source.uncodedSynthesisErrors.filter((k) => !UNCODED_SYNTHESIS_ERRORS.has(k))).toEqual([]);
});

test("GIVEN docs/errors.md THEN it lists every code the source raises, once", () => {
  const documented = documentedCodes();
  expect(documented.filter((c, i) => documented.indexOf(c) !== i)).toEqual([]);
  const missing = [...source.codes].filter(([code]) => !documented.includes(code)).map(([code, at]) => `${code} (${at})`);
  expect(missing).toEqual([]);
});

test("GIVEN docs/errors.md THEN every code it lists is raised in the source", () => {
  expect(documentedCodes().filter((c) => !source.codes.has(c))).toEqual([]);
});

test("GIVEN a code built from pieces or a SynthesisError without one THEN the scan refuses or reports it", () => {
  const found = scan([
    {
      name: "sample.ts",
      text: [
        "const a = { code: `${prefix}_FOLDER_MISSING` };",
        'const b = { code: "ENV_" + what };',
        'throw new SynthesisError("no code here");',
        'throw new SynthesisError("x", undefined, `AWS_${kind}`);',
        'const fine = { code: ok ? "CATALOG_UNKNOWN_ROLE" : "ENV_UNKNOWN_ROLE" };',
        "const inText = `[LIB_NAME_CLASH] ${what} is taken`;",
      ].join("\n"),
    },
  ]);
  expect(found.refused.map((r) => r.split(":")[1])).toEqual(["1", "1", "2", "2", "4", "4"]);
  expect(found.uncodedSynthesisErrors).toEqual(["sample.ts: no code here"]);
  expect([...found.codes.keys()].sort()).toEqual(["CATALOG_UNKNOWN_ROLE", "ENV_UNKNOWN_ROLE", "LIB_NAME_CLASH"]);
});

/**
 * The tests (file:line of each test) that match a thrown error's text: toThrow
 * with a pattern or text, or an assertion on an error's `.message`. Not counted:
 * lint findings, review risks, a matcher's own output and what a command prints
 * (those texts are the product, not a refusal's wording).
 */
function messageMatchingTests(): string[] {
  const found = new Set<string>();
  const walk = (p: string): string[] => (statSync(p).isDirectory() ? readdirSync(p).flatMap((n) => walk(path.join(p, n))) : p.endsWith(".test.ts") ? [p] : []);
  for (const file of walk(path.join(ROOT, "__tests__"))) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const text = (n: ts.Node) => n.getText(source);
    const enclosingTest = (n: ts.Node): ts.Node | undefined => {
      for (let p = n.parent; p; p = p.parent) if (ts.isCallExpression(p) && /^(test|it)\b/.test(text(p.expression))) return p;
      return undefined;
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const matcher = n.expression.name.text;
        const arg = n.arguments[0];
        let receiver = n.expression.expression;
        let matches = false;
        if (/^toThrow(Error)?$/.test(matcher) && arg) {
          const textual =
            ts.isRegularExpressionLiteral(arg) ||
            ts.isStringLiteralLike(arg) ||
            ts.isTemplateExpression(arg) ||
            /^new RegExp|message/.test(text(arg)) ||
            (ts.isIdentifier(arg) && /message|expected|pattern/i.test(text(arg)));
          if (ts.isPropertyAccessExpression(receiver) && /^(rejects|not)$/.test(receiver.name.text)) receiver = receiver.expression;
          const subject = ts.isCallExpression(receiver) ? receiver.arguments[0] : undefined;
          const matcherOutput = subject !== undefined && ts.isArrowFunction(subject) && /^expect\(/.test(text(subject.body));
          matches = textual && !matcherOutput;
        }
        if (/^(toMatch|toContain|toBe|toEqual|toStrictEqual)$/.test(matcher) && ts.isCallExpression(receiver) && text(receiver.expression) === "expect") {
          const what = receiver.arguments[0] ? text(receiver.arguments[0]) : "";
          matches = /\.message\b/.test(what) && !/findings|risks|errors\.map|shadow|explanation/.test(what);
        }
        const test = matches ? enclosingTest(n) : undefined;
        if (test) found.add(`${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(test.getStart()).line + 1}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return [...found].sort();
}

test("GIVEN the test suite THEN few tests match an error's wording; the rest assert its class and codes", () => {
  const tests = messageMatchingTests();
  expect(tests.length).toBeGreaterThan(0);
  // Past the limit, the failure lists the tests beyond it.
  expect(tests.slice(MAX_MESSAGE_MATCHING_TESTS)).toEqual([]);
});
