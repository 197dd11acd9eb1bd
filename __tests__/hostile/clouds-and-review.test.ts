/**
 * Hostile input to the clouds and the review: Azure locations and tags a user
 * gets wrong, plans passed for the wrong stack, catalogs committed as links,
 * and IPv6 in an environment without it, which every cloud must deny alike.
 */
import { execFileSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { AzureNetworkSecurityGroups } from "../../modules/azure";
import { lookUpAzureLocation } from "../../modules/azure/regions";
import { ConfigError, SynthesisError } from "../../policy";
import { parseArgs } from "../../review/args";
import { reviewWorkingTree } from "../../review/cli";
import { diffSides } from "../../review/diff";
import { resourcesOf } from "../../review/resources";
import { readSynthesisSide } from "../../review/side";
import { parseEnvironment } from "../../stacks/environment";
import { checkEnvironment } from "../../modules/engine/check";
import { boundOf, rule, secureTransport } from "../support/policies";
import { readJson, synthesizeExamples } from "../support/synthesized";
import { jsonPath } from "../../synth/synthesize";
import { loadBoundEnvironments } from "../../stacks/environment";

const HEAD = `name: qa
catalog: securetransport
namePrefix: st
addressSets:
  admin-host: [10.0.0.1/32]
`;
const azure = (location: string, tags?: Record<string, string>) =>
  `${HEAD}azure:
  subscriptionId: 00000000-0000-4000-8000-000000000000
  resourceGroup: rg-fw
  location: ${JSON.stringify(location)}
${tags ? `  tags: ${JSON.stringify(tags)}\n` : ""}  backend:
    azurerm: { storageAccount: mystate, container: tfstate }
`;
const codesOf = (f: () => unknown): readonly string[] => {
  try {
    f();
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.codes;
    if (e instanceof SynthesisError) return [e.code];
    throw e;
  }
};
const manyTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));

describe("GIVEN an Azure environment", () => {
  test.each([
    ["westeurope", "westeurope"],
    ["West Europe", "westeurope"],
    ["WEST EUROPE", "westeurope"],
    ["east us 2", "eastus2"],
    ["USGov Virginia", "usgovvirginia"],
  ])("WHEN the location is %j THEN it is the region %s", (location, name) => {
    expect(codesOf(() => parseEnvironment(azure(location), "environments/qa.yaml"))).toEqual([]);
    expect(lookUpAzureLocation(location)).toEqual({ name });
  });

  test.each([
    ["marsnorth", "north"],
    ["westeurop", "westeurope"],
    ["west-europe-2", "westeurope"],
    ["uksouth3", "uksouth"],
  ])("WHEN the location is %j THEN it is refused with AZURE_UNKNOWN_LOCATION, at its line, suggesting %s", (location, nearest) => {
    let error: unknown;
    try {
      parseEnvironment(azure(location), "environments/qa.yaml");
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).codes).toEqual(["AZURE_UNKNOWN_LOCATION"]);
    expect((error as ConfigError).problems[0].location).toEqual(expect.objectContaining({ file: "environments/qa.yaml", line: 9 }));
    expect((error as ConfigError).problems[0].hint).toContain(nearest);
  });

  test.each([
    ["49 tags (50 with the catalog tag)", manyTags(49), []],
    ["50 tags (51 with the catalog tag)", manyTags(50), ["AZURE_TOO_MANY_TAGS"]],
    ["a tag named catalog", { catalog: "mine" }, ["AZURE_RESERVED_TAG"]],
    ["a tag named Catalog (tag names ignore case)", { Catalog: "mine" }, ["AZURE_RESERVED_TAG"]],
    ["a tag with Azure's own prefix", { "microsoft.owner": "x" }, ["AZURE_RESERVED_TAG"]],
    ["two tags that differ only in case", { owner: "a", Owner: "b" }, ["AZURE_DUPLICATE_TAG"]],
  ])("WHEN it has %s THEN %j", (_what, tags, codes) => {
    expect(codesOf(() => parseEnvironment(azure("westeurope", tags), "environments/qa.yaml"))).toEqual(codes);
  });

  test.each([
    ["an unknown location", { location: "marsnorth" }, "AZURE_UNKNOWN_LOCATION"],
    ["51 tags", { tags: manyTags(51) }, "AZURE_TOO_MANY_TAGS"],
    ["a tag with Azure's prefix", { tags: { "azure-team": "x" } }, "AZURE_RESERVED_TAG"],
  ])("WHEN the construct is given %s in a user's own app THEN it is refused the same way", (_what, props, code) => {
    const stack = new TerraformStack(Testing.app(), "t");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    expect(codesOf(() => new AzureNetworkSecurityGroups(stack, "nsg", { policy: secureTransport(), resourceGroupName: "rg", location: "westeurope", namePrefix: "st", ...props }))).toEqual([code]);
  });

  test("WHEN the construct is given a display name THEN the resources carry the region name", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new AzureNetworkSecurityGroups(stack, "nsg", { policy: secureTransport(), resourceGroupName: "rg", location: "North Europe", namePrefix: "st" });
    const json = JSON.parse(Testing.synth(stack));
    // One NSG per role of the deployment, every one in the region.
    expect(Object.values<any>(json.resource.azurerm_network_security_group).map((g) => g.location)).toEqual(["northeurope", "northeurope", "northeurope", "northeurope", "northeurope"]);
  });
});

describe("GIVEN a plan passed with --plan", () => {
  const plan = (resourceChanges: unknown[]) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-hostile-plan-"));
    const file = path.join(dir, "plan.json");
    writeFileSync(file, JSON.stringify({ format_version: "1.2", resource_changes: resourceChanges }));
    return file;
  };
  const side = () => readSynthesisSide(process.env.FW_TEST_SYNTH_OUTDIR!, "cdktf.out");
  const noOps = (stack: string, rename?: (name: string) => string) =>
    [...resourcesOf(side().stacks.find((s) => s.name === stack)!.json)].map(([address, body]) => ({
      address,
      mode: "managed",
      type: address.split(".")[0],
      change: { actions: ["no-op"], after: body.name ? { name: rename ? rename(body.name) : body.name } : {} },
    }));
  const codes = (stack: string, file: string) => codesOf(() => diffSides(side(), side(), { plans: new Map([[stack, file]]) }));

  test("WHEN it is the stack's own plan THEN it is read", () => {
    expect(codes("prod-gcp", plan(noOps("prod-gcp")))).toEqual([]);
  });

  test.each([
    ["an AWS plan for a GCP stack", "prod-gcp", () => noOps("prod-aws")],
    ["prod's plan for dev (same addresses, other names)", "dev-gcp", () => noOps("prod-gcp", (n) => n)],
    ["a plan listing nothing for a stack with resources", "prod-azure", () => []],
    [
      "a plan with a resource the stack does not have",
      "prod-gcp",
      () => [...noOps("prod-gcp"), { address: "google_compute_firewall.someone_elses", mode: "managed", type: "google_compute_firewall", change: { actions: ["create"], after: {} } }],
    ],
    ["a plan whose names are another environment's", "prod-gcp", () => noOps("prod-gcp", (n) => n.replace("-prod-", "-dev-"))],
  ])("WHEN it is %s THEN it is refused with DIFF_PLAN_WRONG_STACK", (_what, stack, changes) => {
    expect(codes(stack, plan(changes()))).toEqual(["DIFF_PLAN_WRONG_STACK"]);
  });

  test("WHEN a resource it destroys is no longer in the configuration but of a type the stack manages THEN it is read (a rule removed earlier)", () => {
    expect(
      codes("prod-gcp", plan([...noOps("prod-gcp"), { address: "google_compute_firewall.removed_long_ago", mode: "managed", type: "google_compute_firewall", change: { actions: ["delete"] } }])),
    ).toEqual([]);
  });
});

describe("GIVEN a catalog or environment that is a symbolic link", () => {
  const ROOT = path.resolve(__dirname, "..", "..");
  const repoWith = () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), "fw-hostile-git-"));
    cpSync(path.join(ROOT, "catalog"), path.join(repo, "catalog"), { recursive: true });
    cpSync(path.join(ROOT, "environments"), path.join(repo, "environments"), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    return { repo, git };
  };
  const diffIn = (repo: string, base = "HEAD") => {
    const cwd = process.cwd();
    process.chdir(repo);
    return reviewWorkingTree(parseArgs([base]), { catalogDir: "catalog", environmentsDir: "environments", only: ["prod"] }).finally(() => process.chdir(cwd));
  };
  const codesOfAsync = async (p: Promise<unknown>) =>
    p.then(
      () => [] as readonly string[],
      (e) => (e instanceof ConfigError ? e.codes : Promise.reject(e)),
    );

  test("WHEN the reviewed ref holds the catalog as a link to a file outside the repository THEN the review refuses it, and does not read that file", async () => {
    const { repo, git } = repoWith();
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), "fw-outside-")), "catalog.yaml");
    writeFileSync(outside, readFileSync(path.join(repo, "catalog", "securetransport.yaml")));
    unlinkSync(path.join(repo, "catalog", "securetransport.yaml"));
    symlinkSync(outside, path.join(repo, "catalog", "securetransport.yaml"));
    git("add", ".");
    git("commit", "-qm", "linked");
    // the working tree holds the file itself again
    unlinkSync(path.join(repo, "catalog", "securetransport.yaml"));
    writeFileSync(path.join(repo, "catalog", "securetransport.yaml"), readFileSync(outside));
    expect(await codesOfAsync(diffIn(repo))).toEqual(["DIFF_SYMLINK_IN_REF"]);
    rmSync(repo, { recursive: true, force: true });
  }, 60_000);

  test("WHEN the working tree's environment is a link THEN the review refuses it as well", async () => {
    const { repo, git } = repoWith();
    git("add", ".");
    git("commit", "-qm", "base");
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), "fw-outside-")), "prod.yaml");
    writeFileSync(outside, readFileSync(path.join(repo, "environments", "prod.yaml")));
    unlinkSync(path.join(repo, "environments", "prod.yaml"));
    symlinkSync(outside, path.join(repo, "environments", "prod.yaml"));
    expect(await codesOfAsync(diffIn(repo))).toEqual(["DIFF_SYMLINK_IN_WORKING_TREE"]);
    rmSync(repo, { recursive: true, force: true });
  }, 60_000);
});

describe("GIVEN IPv6 in an environment where it is off", () => {
  test("WHEN dev is synthesized THEN GCP has an explicit IPv6 deny per role for egress and ingress, and every cloud decides IPv6 as the catalog does", async () => {
    const { outdir } = await synthesizeExamples();
    const fw = readJson(jsonPath(outdir, "dev-gcp")).resource.google_compute_firewall;
    expect(fw.st_dev_eg_default_deny_st_server_v6).toEqual(expect.objectContaining({ direction: "EGRESS", destination_ranges: ["::/0"], deny: [{ protocol: "all" }] }));
    expect(fw.st_dev_in_default_deny_st_server_v6).toEqual(expect.objectContaining({ direction: "INGRESS", source_ranges: ["::/0"], deny: [{ protocol: "all" }] }));
    const [dev] = loadBoundEnvironments({ only: ["dev"] });
    const report = checkEnvironment({
      bound: dev.bound,
      stacks: (["aws", "azure", "gcp"] as const).map((cloud) => ({ cloud, json: readJson(jsonPath(outdir, `dev-${cloud}`)), section: dev.environment[cloud] })),
    });
    expect(report.disagreements).toEqual([]);
  });

  test.each([["allow"], ["deny"]] as const)(
    "WHEN a role's egress default is %s and GCP's IPv6 deny is taken away THEN the checker finds GCP letting IPv6 out, against the catalog, AWS and Azure",
    async (egressDefault) => {
      const bound = boundOf([rule("web-in", { target: "web", direction: "ingress", action: "allow", peer: "10.0.0.0/8", protocol: "tcp", ports: [443] })], { egressDefault });
      const { GcpFirewall } = await import("../../modules/gcp");
      const { GoogleProvider } = await import("@cdktf/provider-google/lib/provider");
      const stack = new TerraformStack(Testing.app(), "t");
      new GoogleProvider(stack, "google", { project: "p" });
      const gcp = new GcpFirewall(stack, "fw", { policy: bound, network: "vpc", namePrefix: "st" });
      const json = JSON.parse(Testing.synth(stack));
      json.output = { network_tags: { value: gcp.networkTags } };
      const ok = checkEnvironment({ bound, stacks: [{ cloud: "gcp", json }] });
      expect(ok.disagreements).toEqual([]);
      const v6 = Object.keys(json.resource.google_compute_firewall).filter((k) => k.endsWith("_v6"));
      expect(v6.sort()).toEqual(["fw_st_test_eg_default_deny_db_v6", "fw_st_test_eg_default_deny_web_v6", "fw_st_test_in_default_deny_db_v6", "fw_st_test_in_default_deny_web_v6"]);
      for (const k of v6) delete json.resource.google_compute_firewall[k];
      const torn = checkEnvironment({ bound, stacks: [{ cloud: "gcp", json }] });
      expect(torn.disagreements.length).toBeGreaterThan(0);
      expect(torn.disagreements.every((d) => d.flow.direction === "egress" && d.flow.peer.family === 6)).toBe(true);
    },
  );

  test("WHEN the IPv6 denies were added THEN no existing GCP firewall changed its name, address or priority (the golden diff is additions only)", async () => {
    const { outdir } = await synthesizeExamples();
    for (const env of ["dev", "staging"]) {
      const fw = readJson(jsonPath(outdir, `${env}-gcp`)).resource.google_compute_firewall;
      const v4 = Object.entries<any>(fw).filter(([k]) => !k.endsWith("_v6"));
      const added = Object.entries<any>(fw).filter(([k]) => k.endsWith("_v6"));
      expect(added.length).toBeGreaterThan(0);
      // the new denies come after every catalog rule, at the egress default's priority
      const last = Math.max(...v4.map(([, f]) => f.priority));
      for (const [, f] of added) expect(f.priority).toBeGreaterThanOrEqual(last);
    }
  });
});
