import { mkdtempSync } from "fs";
import * as os from "os";
import * as path from "path";
import { EXAMPLE_STACKS, runCdktf } from "../support/cdktf-cli";

test("GIVEN npx cdktf list THEN it runs our app (cdktf.json) and lists the nine stacks with their folders", async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "fw-cdktf-list-"));
  const printed = await runCdktf(["list", "--output", out]);
  // The CLI lays its table out 80 columns wide when stdout is no terminal: a long path goes on in the next line,
  // whose stack column is blank.
  const rows: string[][] = [];
  for (const line of printed.split("\n")) {
    if (/^\S+-(aws|azure|gcp)\s/.test(line)) rows.push(line.trim().split(/\s+/));
    else if (rows.length > 0 && /^\s+\S/.test(line)) rows[rows.length - 1][1] += line.trim();
  }
  expect(rows).toEqual(EXAMPLE_STACKS.map((s) => [s, path.join(out, "stacks", s)]));
}, 60_000);
