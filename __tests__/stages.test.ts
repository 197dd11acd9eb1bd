/**
 * One direction of data: catalog -> policy/ -> modules/ -> stacks/ -> synth/ -> verify/ -> review/.
 * Every import (and require) of every source file is read with TypeScript's own
 * pre-processor; an import of a later stage, or of the tests, fails here.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import * as ts from "typescript";
import { CLOUD_IDS } from "../modules/clouds";

const ROOT = path.resolve(__dirname, "..");
/** The stage folders in the order data flows through them. */
const STAGES = ["policy", "modules", "stacks", "synth", "verify", "review", "cli"] as const;

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return readdirSync(abs)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      if (statSync(path.join(ROOT, p)).isDirectory()) return sourceFiles(p);
      return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [p] : [];
    });
}

/** The stage a project path belongs to, or undefined for files outside the stages. */
function stageOf(projectPath: string): number | undefined {
  const top = projectPath.split(path.sep)[0];
  const i = (STAGES as readonly string[]).indexOf(top);
  return i < 0 ? undefined : i;
}

/** Relative imports of a file, as project paths. */
function relativeImports(file: string): { specifier: string; target: string }[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), "utf8"), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith("."))
    .map((specifier) => ({ specifier, target: path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)) }));
}

describe("one direction of data between the stage folders", () => {
  const files = STAGES.flatMap((s) => sourceFiles(s));

  test("GIVEN the stage folders THEN they hold source files to check", () => {
    for (const stage of STAGES) expect(files.filter((f) => stageOf(f) === STAGES.indexOf(stage)).length).toBeGreaterThan(0);
  });

  test("GIVEN every import THEN no stage imports a later stage, and no source imports the tests", () => {
    const backward: string[] = [];
    for (const file of files) {
      const own = stageOf(file)!;
      for (const { specifier, target } of relativeImports(file)) {
        const theirs = stageOf(target);
        if (target.startsWith("__tests__")) backward.push(`${file} imports the tests (${specifier})`);
        else if (theirs !== undefined && theirs > own) backward.push(`${file} (${STAGES[own]}) imports ${specifier} (${STAGES[theirs]}, a later stage)`);
      }
    }
    expect(backward).toEqual([]);
  });

  test("GIVEN policy/ THEN it stays cloud-neutral: no CDKTF, constructs or provider imports", () => {
    const cloudy = sourceFiles("policy").flatMap((file) =>
      ts
        .preProcessFile(readFileSync(path.join(ROOT, file), "utf8"), true, true)
        .importedFiles.map((f) => f.fileName)
        .filter((s) => /^(cdktf|constructs|@cdktf\/)/.test(s))
        .map((s) => `${file} imports ${s}`),
    );
    expect(cloudy).toEqual([]);
  });

  test("GIVEN a cloud's folder THEN it is imported only by itself and the registry (modules/clouds.ts)", () => {
    // The clouds' folders are the registry's rows; modules/engine (the effective-access engine shared by all) is not one.
    const cloudFolders = readdirSync(path.join(ROOT, "modules")).filter((n) => statSync(path.join(ROOT, "modules", n)).isDirectory() && (CLOUD_IDS as readonly string[]).includes(n));
    expect(cloudFolders.length).toBeGreaterThan(1);
    const reaching: string[] = [];
    for (const file of files) {
      for (const { specifier, target } of relativeImports(file)) {
        const [top, folder] = target.split(path.sep);
        if (top !== "modules" || !cloudFolders.includes(folder)) continue;
        const inside = file.startsWith(path.join("modules", folder) + path.sep);
        if (!inside && file !== path.join("modules", "clouds.ts")) reaching.push(`${file} imports ${specifier}`);
      }
    }
    expect(reaching).toEqual([]);
  });

  test("GIVEN the sources outside a cloud's folder THEN none uses instanceof on a cloud's class or writes the cloud union out", () => {
    const named: string[] = [];
    const cloudFolders = readdirSync(path.join(ROOT, "modules")).filter((n) => statSync(path.join(ROOT, "modules", n)).isDirectory() && (CLOUD_IDS as readonly string[]).includes(n));
    const outsideClouds = files.filter((f) => !cloudFolders.some((c) => f.startsWith(path.join("modules", c) + path.sep)) && f !== path.join("modules", "clouds.ts"));
    for (const file of outsideClouds) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      if (/instanceof\s+\w+(Stack|Firewall|SecurityGroups)\b/.test(text)) named.push(`${file}: instanceof on a cloud's class`);
      if (/"aws"\s*\|\s*"gcp"/.test(text)) named.push(`${file}: writes the cloud union out (use CloudId)`);
    }
    expect(named).toEqual([]);
  });

  test("GIVEN a backward import THEN the check sees it", () => {
    // The parser the check relies on, on a line that would break the rule.
    const info = ts.preProcessFile('import { synthesizeAll } from "../synth/synthesize";\nconst x = require("../verify/cli");', true, true);
    const targets = info.importedFiles.map((f) => stageOf(path.relative(ROOT, path.resolve(ROOT, "stacks", f.fileName))));
    expect(targets).toEqual([STAGES.indexOf("synth"), STAGES.indexOf("verify")]);
  });
});
