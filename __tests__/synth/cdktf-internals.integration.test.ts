/**
 * The fast synthesis path from TypeScript sources under a loader, in a fresh
 * Node process (tsx, as a ts-node cdktf app runs): the unit tests of the path
 * itself are in cdktf-internals.test.ts.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";

test("GIVEN synthesis run from TypeScript sources under a loader (tsx, as a ts-node cdktf app would) THEN the fast path still patches CDKTF and writes the stack", () => {
  // Under a loader, `import * as` of a CommonJS module is a namespace of getters: patching it
  // threw "Cannot set property captureStackTrace". The fast path must patch the module itself.
  const outdir = mkdtempSync(path.join(os.tmpdir(), "fw-internals-tsx-"));
  const script = `const { synthesizeAll } = require(${JSON.stringify(path.resolve(__dirname, "../../synth/synthesize.ts"))});
synthesizeAll({ outdir: ${JSON.stringify(outdir)}, only: ["dev"] }).then((r) => process.stdout.write(r.stacks.map((s) => s.name).join(",")));`;
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" });
  expect(out).toBe("dev-aws,dev-azure,dev-gcp");
  expect(readFileSync(path.join(outdir, "stacks", "dev-aws", "cdk.tf.json"), "utf8")).toContain('"aws_security_group"');
});
