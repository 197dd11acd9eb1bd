/**
 * Day-two edits of the example catalog: each changes the priority of no
 * existing GCP firewall or Azure security rule, the allocation file follows,
 * and verify and the coverage report agree with the catalog after every edit.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, SynthesisError } from "../../policy";
import { loadBoundEnvironments } from "../../stacks/environment";
import { parsePriorities } from "../../stacks/priorities";
import { jsonPath, synthesizeAll } from "../../synth/synthesize";
import { checkEnvironment } from "../../modules/engine/check";

jest.setTimeout(120_000);

interface Workspace {
  readonly catalogDir: string;
  readonly environmentsDir: string;
  readonly outdir: string;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the project's catalog and environments (with their committed allocation). */
function workspace(edit: (catalog: string) => string = (c) => c): Workspace {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-priorities-"));
  dirs.push(dir);
  cpSync("catalog", path.join(dir, "catalog"), { recursive: true });
  cpSync("environments", path.join(dir, "environments"), { recursive: true });
  const file = path.join(dir, "catalog", "securetransport.yaml");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  return { catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "cdktf.out") };
}

/** Address → priority of every GCP firewall and Azure security rule of every stack. */
function priorities(ws: Workspace, stacks: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const stack of stacks) {
    const json = JSON.parse(readFileSync(jsonPath(ws.outdir, stack), "utf8"));
    for (const [type, byId] of Object.entries<any>(json.resource ?? {}))
      for (const [id, body] of Object.entries<any>(byId)) if (typeof body.priority === "number") out.set(`${stack}:${type}.${id}`, body.priority);
  }
  return out;
}

function rule(id: string, peer: string, ports: string): string {
  return `  - id: ${id}\n    target: st-server\n    direction: ingress\n    action: allow\n    peer: ${peer}\n    protocol: tcp\n    ports: [${ports}]\n    description: ${id}\n\n`;
}
const before = (anchor: string, text: string) => (catalog: string) => catalog.replace(`  - id: ${anchor}\n`, `${text}  - id: ${anchor}\n`);
/** The rule block of `id`, up to the next rule or comment block. */
const blockOf = (catalog: string, id: string) => /(  - id: [^\n]+\n(?:(?!  - id:|  #|\S)[^\n]*\n)*)/.exec(catalog.slice(catalog.indexOf(`  - id: ${id}\n`)))![1];

const EDITS: [string, (catalog: string) => string][] = [
  ["an insert at the top", before("st-cluster-cache-tcp", rule("st-new-top", "192.0.2.0/24", "8443"))],
  ["an insert in the middle", before("st-deny-all-tcp", rule("st-new-middle", "198.51.100.0/24", "8444"))],
  ["a deletion", (c) => c.replace(blockOf(c, "st-admin-tool-https"), "")],
  ["a move (ICMP between servers to the top)", (c) => before("st-cluster-cache-tcp", blockOf(c, "st-icmp-cluster"))(c.replace(blockOf(c, "st-icmp-cluster"), ""))],
  ["a rule that joins an existing GCP firewall (a known peer)", before("st-hibernate-cache", rule("st-new-peer", "role:st-server", "9000"))],
  ["10 inserts at the top", before("st-cluster-cache-tcp", Array.from({ length: 10 }, (_, i) => rule(`st-top-${i}`, `192.0.2.${i * 16}/28`, String(8500 + i))).join(""))],
  ["10 inserts between two rules", before("st-deny-all-tcp", Array.from({ length: 10 }, (_, i) => rule(`st-mid-${i}`, `198.51.100.${i * 16}/28`, String(8600 + i))).join(""))],
];

describe("GIVEN the example environments synthesized from their committed allocation", () => {
  let baseline: Map<string, number>;
  let stacks: string[];
  const measured: string[] = [];

  beforeAll(async () => {
    const ws = workspace();
    const result = await synthesizeAll({ ...ws, priorities: "check" });
    stacks = result.stacks.map((s) => s.name);
    baseline = priorities(ws, stacks);
  });

  afterAll(() => process.stdout.write(`priorities kept on the examples (existing GCP firewalls and Azure rules whose priority changed):\n${measured.map((m) => `  ${m}\n`).join("")}`));

  test.each(EDITS)("WHEN the catalog gets %s THEN no existing firewall or rule changes priority, the allocation follows, and verify and the coverage report agree", async (what, edit) => {
    const ws = workspace(edit);
    const result = await synthesizeAll(ws);
    const after = priorities(ws, stacks);
    const kept = [...baseline].filter(([address]) => after.has(address));
    const changed = kept.filter(([address, p]) => after.get(address) !== p).map(([a]) => a);
    measured.push(`${what}: ${changed.length} of ${kept.length}`);
    expect(changed).toEqual([]);
    expect(result.stacks.flatMap((s) => s.renumbered ?? [])).toEqual([]);
    // The allocation written is what the stacks hold, and a second synthesis finds it current.
    for (const env of ["dev", "prod", "staging"]) {
      const file = parsePriorities(readFileSync(path.join(ws.environmentsDir, "priorities", `${env}.yaml`), "utf8"), `${env}.yaml`);
      const inStacks = Object.values(file).flatMap((cloud) => Object.values(cloud).flatMap((s) => Object.values(s.priorities)));
      const rendered = [...after].filter(([a]) => a.startsWith(`${env}-`) && !/default/.test(a)).map(([, p]) => p);
      expect(new Set(rendered)).toEqual(new Set(inStacks));
    }
    await expect(synthesizeAll({ ...ws, priorities: "check" })).resolves.toBeDefined();
    for (const { environment, bound } of loadBoundEnvironments(ws)) {
      const clouds = (["aws", "azure", "gcp"] as const).filter((c) => environment[c]);
      // Each stack's JSON read once, for the check and for every rule's resources below.
      const jsonOf = Object.fromEntries(clouds.map((cloud) => [cloud, JSON.parse(readFileSync(jsonPath(ws.outdir, `${environment.name}-${cloud}`), "utf8"))]));
      const report = checkEnvironment({
        bound,
        stacks: clouds.map((cloud) => ({ cloud, json: jsonOf[cloud], section: environment[cloud] })),
      });
      expect(report.disagreements).toEqual([]);
      const coverage = JSON.parse(readFileSync(path.join(ws.outdir, "reports", `${environment.name}.json`), "utf8"));
      for (const r of coverage.rules) {
        expect(bound.rules.some((b) => b.id === r.id)).toBe(true);
        for (const cloud of clouds) {
          const json = jsonOf[cloud];
          for (const address of r.clouds[cloud].resources) expect(json.resource[address.split(".")[0]][address.split(".")[1]]).toBeDefined();
        }
      }
      expect(coverage.rules.map((r: any) => r.id)).toEqual(bound.rules.map((r) => r.id));
    }
  });

  test("WHEN a rule is deleted and another inserted in its place THEN the new one never takes the deleted one's priority (it is retired)", async () => {
    const ws = workspace((c) => c.replace(blockOf(c, "st-admin-tool-https"), rule("st-replacement", "198.51.100.0/24", "445")));
    await synthesizeAll(ws);
    const after = priorities(ws, stacks);
    const old = baseline.get("dev-azure:azurerm_network_security_rule.st_server_in_allow_st_admin_tool_https")!;
    expect(after.get("dev-azure:azurerm_network_security_rule.st_server_in_allow_st_replacement")).not.toBe(old);
    expect(readFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), "utf8")).toMatch(new RegExp(`retired:\\n\\s+"?${old}"?: in-allow-st-admin-tool-https`));
  });

  test("WHEN the catalog changed and synthesis runs with --check THEN ENV_PRIORITIES_STALE, and neither the allocation nor the output is written", async () => {
    const ws = workspace(EDITS[0][1]);
    const lock = readFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), "utf8");
    await expect(synthesizeAll({ ...ws, priorities: "check" })).rejects.toThrow(expect.objectContaining({ code: "ENV_PRIORITIES_STALE" }));
    expect(readFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), "utf8")).toBe(lock);
    expect(existsSync(ws.outdir)).toBe(false);
  });

  test("WHEN a run fails after the allocation changed THEN the allocation file is left as it was", async () => {
    const ws = workspace((c) => before("st-cluster-cache-tcp", rule("st-open-ssh", "any", "22"))(c));
    const lock = readFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), "utf8");
    await expect(synthesizeAll(ws)).rejects.toThrow(SynthesisError);
    expect(readFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), "utf8")).toBe(lock);
  });

  test("WHEN only prod is synthesized (FIREWALL_ENVIRONMENTS) THEN only prod's allocation is written", async () => {
    const ws = workspace(EDITS[0][1]);
    const dev = readFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), "utf8");
    const prod = readFileSync(path.join(ws.environmentsDir, "priorities", "prod.yaml"), "utf8");
    await synthesizeAll({ ...ws, only: ["prod"] });
    expect(readFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), "utf8")).toBe(dev);
    expect(readFileSync(path.join(ws.environmentsDir, "priorities", "prod.yaml"), "utf8")).not.toBe(prod);
  });

  test("WHEN a priority is edited by hand to a free value THEN synthesis keeps it", async () => {
    const ws = workspace();
    const file = path.join(ws.environmentsDir, "priorities", "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("in-allow-st-admin-tool-https: 400", "in-allow-st-admin-tool-https: 450"));
    await synthesizeAll(ws);
    expect(priorities(ws, ["dev-azure"]).get("dev-azure:azurerm_network_security_rule.st_server_in_allow_st_admin_tool_https")).toBe(450);
  });
});

describe("GIVEN an allocation file with bad content", () => {
  const VALID = readFileSync("environments/priorities/dev.yaml", "utf8");
  test.each([
    ["merge-conflict markers", VALID.replace("gcp:\n", "<<<<<<< HEAD\ngcp:\n=======\ngcp:\n>>>>>>> other\n"), "ENV_PRIORITIES_CONFLICT"],
    ["a priority that is a word", VALID.replace(/: 400\n/, ": four hundred\n"), "ENV_PRIORITIES_INVALID"],
    ["two rules on one priority", VALID.replace(/: 300\n/, ": 200\n"), "ENV_PRIORITIES_INVALID"],
    ["an unknown cloud", `${VALID}oracle: {}\n`, "ENV_PRIORITIES_INVALID"],
    ["another version", VALID.replace("version: 1", "version: 2"), "ENV_PRIORITIES_INVALID"],
    ["broken YAML", `${VALID}gcp: [\n`, "ENV_PRIORITIES_INVALID"],
    ["a list at the top", "- 1\n", "ENV_PRIORITIES_INVALID"],
  ])("WHEN it holds %s THEN a located ConfigError with its code", (_what, text, code) => {
    let error: unknown;
    try {
      parsePriorities(text, "environments/priorities/dev.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).codes).toContain(code);
    expect((error as ConfigError).problems[0].location?.file).toBe("environments/priorities/dev.yaml");
  });

  test("WHEN a synthesis reads it THEN the run stops with the same error before writing anything", async () => {
    const ws = workspace();
    writeFileSync(path.join(ws.environmentsDir, "priorities", "dev.yaml"), VALID.replace(/: 300\n/, ": 200\n"));
    await expect(synthesizeAll(ws)).rejects.toThrow(ConfigError);
    expect(existsSync(ws.outdir)).toBe(false);
  });
});
