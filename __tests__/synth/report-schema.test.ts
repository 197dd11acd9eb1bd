/**
 * The JSON report's published schema (synth/report/coverage-report.schema.json)
 * is a contract for other tools: every report we write validates against it,
 * and it is strict enough to refuse a report with a field it does not document.
 */
import Ajv from "ajv";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import schema from "../../synth/report/coverage-report.schema.json";
import { synthesizeExamples } from "../support/synthesized";

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function reportJsons(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? reportJsons(path.join(dir, e.name)) : e.name.endsWith(".json") && dir.endsWith("reports") ? [path.join(dir, e.name)] : [],
  );
}

describe("GIVEN the coverage report's schema", () => {
  test("THEN it is a draft-07 schema whose every property is described", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      for (const [k, v] of Object.entries((o.properties ?? {}) as Record<string, Record<string, unknown>>)) if (typeof v.description !== "string") undocumented.push(`${at}/${k}`);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
    };
    walk(schema, "");
    expect(undocumented).toEqual([]);
  });

  test("THEN docs/coverage-report.md names every field it holds", () => {
    const docs = readFileSync(path.join(__dirname, "../../docs/coverage-report.md"), "utf8");
    const names = new Set<string>();
    const walk = (node: unknown) => {
      if (!node || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      for (const k of Object.keys((o.properties ?? {}) as object)) names.add(k);
      for (const v of Object.values(o)) walk(v);
    };
    walk(schema);
    // Each field name, as a word inside the docs' code spans (`exposure.outside.items[]`, `{ check, subject }`).
    const spans = [...docs.matchAll(/`([^`]+)`/g)].map((m) => m[1]).join(" ");
    expect([...names].filter((n) => !new RegExp(`(^|[^A-Za-z])${n}([^A-Za-z]|$)`).test(spans)).sort()).toEqual([]);
  });

  test("WHEN every report synthesis wrote (examples, golden cases) is validated THEN each passes", async () => {
    const { outdir } = await synthesizeExamples();
    const files = [...reportJsons(outdir), ...reportJsons(path.join(__dirname, "../golden"))].sort();
    expect(files.length).toBeGreaterThanOrEqual(8);
    const failures = files.flatMap((f) => (validate(JSON.parse(readFileSync(f, "utf8"))) ? [] : [`${f}: ${JSON.stringify(validate.errors)}`]));
    expect(failures).toEqual([]);
  });

  test("WHEN a report has an undocumented field or a wrong value THEN the schema refuses it", async () => {
    const { outdir } = await synthesizeExamples();
    const good = JSON.parse(readFileSync(path.join(outdir, "reports", "prod.json"), "utf8"));
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, surprise: 1 })).toBe(false);
    expect(validate({ ...good, rules: [{ ...good.rules[0], direction: "sideways" }] })).toBe(false);
    expect(validate({ ...good, exposure: { ...good.exposure, disagreements: { checked: "yes", probes: 1, items: [] } } })).toBe(false);
    const { reportVersion: _, ...unversioned } = good;
    expect(validate(unversioned)).toBe(false);
  });
});
