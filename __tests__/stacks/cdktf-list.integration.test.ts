import { mkdtempSync } from "fs";
import * as os from "os";
import * as path from "path";
import { EXAMPLE_STACKS, runCdktf } from "../support/cdktf-cli";

test("GIVEN npx cdktf list THEN it runs our app (cdktf.json) and lists the nine stacks with their folders", async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "fw-cdktf-list-"));
  const printed = await runCdktf(["list", "--output", out]);
  const rows = printed
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => /-(aws|azure|gcp)$/.test(cells[0] ?? ""));
  expect(rows).toEqual(EXAMPLE_STACKS.map((s) => [s, path.join(out, "stacks", s)]));
}, 60_000);
