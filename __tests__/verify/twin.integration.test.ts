/**
 * `npm run verify` (the compiled command, in a child process) on the HCL
 * tree: an edit made only there fails it, a pipeline's backend override is a
 * note. The twin check itself is unit-tested in twin.test.ts.
 */
import { writeFileSync } from "fs";
import * as path from "path";
import { hclDir } from "../../synth/synthesize";
import { editFile, mainTf, useSynthesisCopies } from "../support/twin-copies";
import { runVerify } from "../support/verify-cli";

const { copyWith } = useSynthesisCopies();

describe("npm run verify checks the HCL tree", () => {
  const cli = (dir: string) => runVerify(dir);

  test("GIVEN an edit made only in the HCL tree THEN verify fails, naming the file and the difference", () => {
    const dir = copyWith((d) => editFile(mainTf(d, "dev-gcp"), (t) => t.replace(/ports(\s+)= \["444"\]/, 'ports$1= ["444", "3306"]')));
    const r = cli(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^dev: \d+ flows, catalog vs AWS, Azure and GCP: all agree$/m);
    expect(r.out).toMatch(/^dev: HCL tree differs: \d+ finding\(s\)$/m);
    expect(r.out).toContain(`main.tf:`);
    expect(r.out).toContain(`google_compute_firewall.st_dev_in_allow_st_server_from_admin_host: allow.ports is ["444","3306"] here, ["444"] in cdk.tf.json`);
    expect(r.out).toMatch(/^prod: HCL tree is the same configuration as the JSON$/m);
  });

  test("GIVEN a backend override THEN verify passes (exit 0) and lists it as a note", () => {
    const dir = copyWith((d) => writeFileSync(path.join(hclDir(d, "dev-aws"), "backend_override.tf"), 'terraform {\n  backend "local" {\n    path = "../../../state/dev-aws.tfstate"\n  }\n}\n'));
    const r = cli(dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^dev: HCL tree is the same configuration as the JSON$/m);
    expect(r.out).toMatch(/^  note: .*versions\.tf.*: terraform: .*\(Terraform settings, not the firewall: not a failure\)$/m);
  });
});
