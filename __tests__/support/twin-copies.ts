/** Private copies of the suite's synthesis for the HCL twin tests, each with one edit. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { hclDir } from "../../synth/synthesize";
import { synthesizeExamples } from "./synthesized";

/** Reads the suite's synthesis before the file's tests; `copyWith` then makes a private copy with one edit applied. */
export function useSynthesisCopies(): { outdir: () => string; copyWith: (edit: (dir: string) => void) => string } {
  let outdir: string;
  beforeAll(async () => {
    outdir = (await synthesizeExamples()).outdir;
  });
  const copyWith = (edit: (dir: string) => void): string => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "fw-twin-")), "out");
    cpSync(outdir, dir, { recursive: true });
    edit(dir);
    return dir;
  };
  return { outdir: () => outdir, copyWith };
}

export const mainTf = (dir: string, stack: string) => path.join(hclDir(dir, stack), "main.tf");

/** Applies `change` to a file, which must change it. */
export const editFile = (file: string, change: (text: string) => string) => {
  const before = readFileSync(file, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
};
