/**
 * Golden files: the synthesized JSON, HCL and reports of the example
 * environments and of small catalogs that show each cloud feature once,
 * compared byte for byte with what is committed under __tests__/golden/.
 * After an intended rendering change: `npm run golden:update`, then review
 * the diff (it is the Terraform a user will apply).
 */
import { mkdtempSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeExamples } from "../support/synthesized";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { goldenCases, synthesizeCase, listFiles } = require("../../scripts/golden.js") as {
  goldenCases(): { name: string; catalogDir: string; environmentsDir: string; expected: string }[];
  synthesizeCase(c: { name: string }, outdir: string): Promise<void>;
  listFiles(dir: string): string[];
};

const HINT = "Rendering changed: if intended, run `npm run golden:update` and review `git diff __tests__/golden`.";

function expectSameTree(actualDir: string, expectedDir: string): void {
  const expectedFiles = listFiles(expectedDir);
  expect(expectedFiles.length).toBeGreaterThan(0);
  expect({ files: listFiles(actualDir), hint: HINT }).toEqual({ files: expectedFiles, hint: HINT });
  for (const file of expectedFiles) {
    const actual = readFileSync(path.join(actualDir, file), "utf8");
    const expected = readFileSync(path.join(expectedDir, file), "utf8");
    // The file name and the hint travel with the diff jest prints.
    expect({ file, text: actual, hint: HINT }).toEqual({ file, text: expected, hint: HINT });
  }
}

describe("golden files", () => {
  const cases = goldenCases();

  test("GIVEN the golden folder THEN the cases are the examples and the small catalogs", () => {
    expect(cases.map((c) => c.name)).toEqual(["examples", "narrowing", "service-accounts"]);
  });

  test("GIVEN the examples THEN the suite's synthesis of catalog/ and environments/ is byte for byte the committed one", async () => {
    const { outdir } = await synthesizeExamples();
    expectSameTree(outdir, cases[0].expected);
  });

  test.each(cases.slice(1).map((c) => [c.name, c] as const))("GIVEN %s THEN its synthesis is byte for byte the committed one", async (_name, c) => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), `fw-golden-${c.name}-`));
    await synthesizeCase(c, outdir);
    expectSameTree(outdir, c.expected);
  });
});
