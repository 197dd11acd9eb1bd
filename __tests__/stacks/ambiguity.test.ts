/**
 * What is ambiguous is refused: two files for one environment, two stacks that
 * would share one Terraform state.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { loadBoundEnvironments, loadEnvironments, parseEnvironment, stackName } from "../../stacks/environment";
import { sharedStateProblems, stackStates } from "../../stacks/state";
import { synthesizeExamples, readJson } from "../support/synthesized";
import { jsonPath } from "../../synth/synthesize";
import { thrown } from "../support/thrown";

/** A copy of the example environments that a test may change. */
function environmentsCopy(edit: (dir: string) => void): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "fw-env-")), "environments");
  cpSync("environments", dir, { recursive: true });
  edit(dir);
  return dir;
}

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`test edit changed nothing in ${file}`);
  writeFileSync(file, after);
}

describe("one environment, one file", () => {
  test("GIVEN dev.yaml and dev.yml THEN an error naming both files", () => {
    const dir = environmentsCopy((d) => cpSync(path.join(d, "dev.yaml"), path.join(d, "dev.yml")));
    expect(thrown(() => loadEnvironments(dir))).toEqual({ error: "ConfigError", codes: ["ENV_DEFINED_TWICE"] });
    // also when only another environment is selected: the folder is ambiguous as a whole
    expect(thrown(() => loadEnvironments(dir, ["prod"]))).toEqual({ error: "ConfigError", codes: ["ENV_DEFINED_TWICE"] });
  });

  test("GIVEN dev.yaml and dev.YAML THEN they are refused too: the extension's case does not hide a second file", () => {
    const dir = environmentsCopy((d) => cpSync(path.join(d, "dev.yaml"), path.join(d, "dev.YAML")));
    expect(thrown(() => loadEnvironments(dir))).toEqual({ error: "ConfigError", codes: ["ENV_DEFINED_TWICE"] });
  });

  test("GIVEN a second file whose name: is the same environment THEN it is refused by its file name", () => {
    const dir = environmentsCopy((d) => cpSync(path.join(d, "dev.yaml"), path.join(d, "dev2.yaml")));
    expect(thrown(() => loadEnvironments(dir))).toEqual({ error: "ConfigError", codes: ["ENV_NAME_MISMATCH"] });
  });
});

describe("one catalog, one file", () => {
  /** The example environments, with the example catalog copied under each of `names`. */
  const withCatalogFiles = (names: readonly string[]) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-catalog-files-"));
    cpSync("environments", path.join(dir, "environments"), { recursive: true });
    for (const name of names) cpSync("catalog/securetransport.yaml", path.join(dir, "catalog", name));
    return { catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), only: ["dev"] };
  };

  test("GIVEN the catalog as securetransport.yml THEN the environment naming it reads it, as environments may be .yml too", () => {
    const [dev] = loadBoundEnvironments(withCatalogFiles(["securetransport.yml"]));
    expect(path.basename(dev.catalogFile)).toBe("securetransport.yml");
    expect(dev.policy.name).toBe("securetransport");
  });

  test.each([
    ["securetransport.yaml", "securetransport.yml"],
    ["securetransport.yaml", "securetransport.YAML"],
  ])("GIVEN %s and %s THEN an error naming both, not one silently chosen", (a, b) => {
    expect(thrown(() => loadBoundEnvironments(withCatalogFiles([a, b])))).toEqual({ error: "ConfigError", codes: ["CATALOG_DEFINED_TWICE"] });
  });
});

describe("two stacks never share one Terraform state", () => {
  test("GIVEN both clouds of an environment at ../../state.tfstate (one file above both trees) THEN refused", () => {
    const dir = environmentsCopy((d) => edit(path.join(d, "dev.yaml"), (t) => t.replace(/local: \{ path: terraform\.tfstate \}/g, "local: { path: ../../state.tfstate }")));
    const file = `${dir}/dev.yaml`;
    const text = readFileSync(file, "utf8").split("\n");
    const at = (n: number) => `${file}:${n + 1}:${text[n].indexOf("../../state.tfstate") + 1}`;
    const [awsLine, gcpLine] = text.map((l, i) => (l.includes("../../state.tfstate") ? i : -1)).filter((i) => i >= 0);
    expect(() => loadEnvironments(dir)).toThrow(
      `${at(gcpLine)}: stacks "dev-aws" and "dev-gcp": share one Terraform state: local path "../../state.tfstate" (aws.backend.local.path at ${at(awsLine)}) ` +
        `and local path "../../state.tfstate" (gcp.backend.local.path at ${at(gcpLine)}) both mean the file cdktf.out/state.tfstate; each would plan to destroy what the other manages. ` +
        "Give every stack its own state: leave the local path out (each stack then keeps terraform.tfstate in its own folder), or use a path, key prefix or prefix root that no other stack resolves to.",
    );
  });

  test("GIVEN one state across environments (../shared.tfstate from two stacks of one tree), or in another stack's folder THEN refused", () => {
    const across = environmentsCopy((d) => {
      edit(path.join(d, "dev.yaml"), (t) => t.replace("local: { path: terraform.tfstate }", "local: { path: ../shared.tfstate }"));
      edit(path.join(d, "staging.yaml"), (t) => t.replace(/backend:\n    s3: \{[^}]*\}/, "backend:\n    local: { path: ../shared.tfstate }"));
    });
    expect(thrown(() => loadEnvironments(across, ["prod"]))).toEqual({ error: "ConfigError", codes: ["ENV_SHARED_STATE"] });
    // dev-gcp's state path points into dev-aws's HCL folder, where dev-aws keeps its default state
    const into = environmentsCopy((d) =>
      edit(path.join(d, "dev.yaml"), (t) => t.replace(/(gcp:[\s\S]*?)local: \{ path: terraform\.tfstate \}/, "$1local: { path: ../../hcl/dev-aws/terraform.tfstate }")),
    );
    expect(thrown(() => loadEnvironments(into))).toEqual({ error: "ConfigError", codes: ["ENV_SHARED_STATE"] });
  });

  test("GIVEN the examples THEN their paths and keys are each stack's own, and every state the check knows is the backend synthesis writes", async () => {
    const envs = loadEnvironments("environments");
    const states = envs.flatMap((e) => stackStates(e, stackName));
    expect(sharedStateProblems(states)).toEqual([]);
    const { outdir, stacks } = await synthesizeExamples();
    for (const { name } of stacks) {
      const backend = readJson(jsonPath(outdir, name)).terraform.backend;
      const state = states.find((s) => s.stack === name)!;
      if (backend.local) expect(state.objects).toEqual([`file cdktf.out/stacks/${name}/${backend.local.path}`, `file cdktf.out/hcl/${name}/${backend.local.path}`]);
      else if (backend.s3) expect(state.objects).toEqual([`s3://${backend.s3.bucket}/${backend.s3.key}`]);
      else if (backend.azurerm) expect(state.objects).toEqual([`azurerm://${backend.azurerm.storage_account_name}/${backend.azurerm.container_name}/${backend.azurerm.key}`]);
      else expect(state.objects).toEqual([`gs://${backend.gcs.bucket}/${backend.gcs.prefix}/default.tfstate`]);
    }
  });

  // Our S3 keys and GCS prefixes end in the stack's name, so environment files cannot make two
  // stacks share a bucket object; the check still compares them, for a backend given another way.
  test("GIVEN the same S3 bucket and key, or the same GCS bucket and prefix (after Terraform's own normalising) THEN refused", () => {
    const prod = parseEnvironment(readFileSync("environments/prod.yaml", "utf8"), "environments/prod.yaml");
    const states = stackStates(prod, stackName);
    const [aws, gcp] = ["prod-aws", "prod-gcp"].map((name) => states.find((s) => s.stack === name)!);
    const codesAndStacks = (problems: readonly { code: string; subject?: string }[]) => problems.map((p) => [p.code, p.subject]);
    expect(codesAndStacks(sharedStateProblems([aws, { ...aws, stack: "other-aws" }]))).toEqual([["ENV_SHARED_STATE", 'stacks "prod-aws" and "other-aws"']]);
    const slashed = stackStates({ ...prod, name: "x", gcp: { ...prod.gcp!, backend: { gcs: { bucket: "st-terraform-state-prod", prefixRoot: "/firewall" } } } }, () => "prod-gcp").find((s) =>
      s.objects.some((o) => o.startsWith("gs://")),
    )!;
    expect(sharedStateProblems([gcp, slashed])).toEqual([]); // the same stack may be written twice
    expect(codesAndStacks(sharedStateProblems([gcp, { ...slashed, stack: "x-gcp" }]))).toEqual([["ENV_SHARED_STATE", 'stacks "prod-gcp" and "x-gcp"']]);
  });
});
