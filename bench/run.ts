/**
 * `npm run bench`: measures, in one run, the floor (loading cdktf, the deep
 * provider modules we use and the HCL formatter), full synthesis through our
 * main command and through `npx cdktf synth`, `npm run diff` of the example
 * environments, generated catalogs of growing size, the physical limit of the
 * largest (only stringifying and writing its output), its peak memory with one
 * environment against all, and the test suite; prints timings as ratios
 * measured in this run.
 *
 * Wall time and peak memory come from GNU time (`/usr/bin/time -f "%e %M"`)
 * when present, else wall time from Node's clock and no memory figure.
 */
import { spawnSync } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { generateCatalog } from "./generate";

interface Measurement {
  readonly name: string;
  readonly seconds: number;
  readonly peakMiB?: number;
  /** What the command printed. */
  readonly stdout?: string;
}

const GNU_TIME = "/usr/bin/time";
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? "100,1000,5000").split(",").map(Number);
const ROLES = Number(process.env.BENCH_ROLES ?? 50);
const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10);
/** Catalog invariants in each generated catalog (checked at synthesis on every stack). */
const INVARIANTS = Number(process.env.BENCH_INVARIANTS ?? 10);
const work = mkdtempSync(path.join(os.tmpdir(), "fw-bench-"));

/** The floor as the performance issue defines it; synthesis itself no longer loads the HCL formatter (see synth/hcl.ts). */
const FLOOR_SCRIPT = `
require("cdktf");
require("@cdktf/provider-aws/lib/provider");
require("@cdktf/provider-aws/lib/security-group");
require("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule");
require("@cdktf/provider-aws/lib/vpc-security-group-egress-rule");
require("@cdktf/provider-google/lib/provider");
require("@cdktf/provider-google/lib/compute-firewall");
require("@cdktf/hcl-tools").format("a = 1\\n");
`;
/**
 * The physical limit of a synthesis: `JSON.stringify` of every produced Terraform
 * JSON tree and the write of every produced file (JSON, HCL, reports), nothing
 * else. Run as its own process on a finished output folder; reading and parsing
 * happen before the clock starts. Prints seconds for the JSON part and for all.
 */
const PHYSICAL_LIMIT_SCRIPT = `
const fs = require("fs"), path = require("path");
const [from, to] = process.argv.slice(1);
const files = [];
const walk = (d) => { for (const n of fs.readdirSync(d).sort()) { const p = path.join(d, n); fs.statSync(p).isDirectory() ? walk(p) : files.push(path.relative(from, p)); } };
walk(from);
const loaded = files.map((f) => ({ f, json: f.endsWith(".json") ? JSON.parse(fs.readFileSync(path.join(from, f), "utf8")) : undefined, text: f.endsWith(".json") ? undefined : fs.readFileSync(path.join(from, f), "utf8") }));
for (const d of new Set(files.map((f) => path.dirname(path.join(to, f))))) fs.mkdirSync(d, { recursive: true });
const start = process.hrtime.bigint();
for (const { f, json } of loaded) if (json !== undefined) fs.writeFileSync(path.join(to, f), JSON.stringify(json, null, 2));
const jsonDone = process.hrtime.bigint();
for (const { f, text } of loaded) if (text !== undefined) fs.writeFileSync(path.join(to, f), text);
const end = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ json: Number(jsonDone - start) / 1e9, all: Number(end - start) / 1e9 }));
`;
/** What the main command loads before its own code: the floor without the HCL formatter. */
const CORE_FLOOR_SCRIPT = FLOOR_SCRIPT.replace(/^require\("@cdktf\/hcl-tools"\).*$/m, "");

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, repeats = REPEATS, cwd?: string): Measurement {
  const samples: Measurement[] = [];
  for (let i = 0; i < repeats; i++) {
    const timeFile = path.join(work, "time.txt");
    const useGnuTime = existsSync(GNU_TIME);
    const start = process.hrtime.bigint();
    const result = useGnuTime
      ? spawnSync(GNU_TIME, ["-f", "%e %M", "-o", timeFile, command, ...args], { env: { ...process.env, ...env }, encoding: "utf8", cwd })
      : spawnSync(command, args, { env: { ...process.env, ...env }, encoding: "utf8", cwd });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) {
      throw new Error(`${name} failed (exit ${result.status}):\n${(result.stderr ?? "").slice(-3000)}`);
    }
    if (useGnuTime) {
      const [, kb] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-2);
      samples.push({ name, seconds: wall, peakMiB: Number(kb) / 1024, stdout: result.stdout });
    } else {
      samples.push({ name, seconds: wall, stdout: result.stdout });
    }
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const median = samples[Math.floor(samples.length / 2)];
  process.stderr.write(`  ${name}: ${median.seconds.toFixed(2)} s${median.peakMiB ? `, ${median.peakMiB.toFixed(0)} MiB` : ""}\n`);
  return median;
}

/** The main command after its build step: `npm run synth` is `node scripts/build.js && node dist/main.js`. */
function synth(name: string, env: NodeJS.ProcessEnv, repeats = REPEATS): Measurement & { outdir: string } {
  const outdir = synthOutdir(name);
  return { ...run(name, process.execPath, ["dist/main.js"], { CDKTF_OUTDIR: outdir, ...env }, repeats), outdir };
}

function synthOutdir(name: string): string {
  return path.join(work, name.replace(/\W+/g, "-"));
}

/** The physical limit of the output in `outdir` (see PHYSICAL_LIMIT_SCRIPT): the median of REPEATS runs, timed inside the process. */
function physicalLimit(name: string, outdir: string): { json: Measurement; all: Measurement } {
  const samples: { json: number; all: number }[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const to = path.join(work, "physical-limit");
    rmSync(to, { recursive: true, force: true });
    const m = run(name, process.execPath, ["-e", PHYSICAL_LIMIT_SCRIPT, outdir, to], {}, 1);
    samples.push(JSON.parse(m.stdout ?? ""));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const json = median(samples.map((s) => s.json));
  const all = median(samples.map((s) => s.all));
  process.stderr.write(`  ${name}: JSON ${json.toFixed(2)} s, all ${all.toFixed(2)} s\n`);
  return { json: { name, seconds: json }, all: { name, seconds: all } };
}

/**
 * `npm run diff` (after its build step) in a scratch git checkout of the
 * example catalog and environments, so the project's tree is not touched:
 * against HEAD with no change, and with the README's edit (9999 → 9998).
 */
function diffs(): Measurement[] {
  const repo = path.join(work, "diff-checkout");
  mkdirSync(repo, { recursive: true });
  for (const dir of ["catalog", "environments"]) cpSync(dir, path.join(repo, dir), { recursive: true });
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], { cwd: repo, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
  };
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "base");
  const cli = path.resolve("dist/cli/diff.js");
  const same = run("diff: example environments against HEAD, no change", process.execPath, [cli], {}, REPEATS, repo);
  const catalog = path.join(repo, "catalog", "securetransport.yaml");
  writeFileSync(catalog, readFileSync(catalog, "utf8").replace("ports: [9999]", "ports: [9998]"));
  const edited = run("diff: example environments against HEAD, one port moved (the README's example)", process.execPath, [cli], {}, REPEATS, repo);
  return [same, edited];
}

function main(): void {
  process.stderr.write(`Benchmark in ${work} (${os.cpus().length} cores, median of ${REPEATS} where repeated)\n`);
  const build = run("build: swc compiles the sources to dist/ (once per change)", process.execPath, ["scripts/build.js"]);
  const floor = run("floor: load cdktf + deep provider modules + HCL formatter", process.execPath, ["-e", FLOOR_SCRIPT]);
  const coreFloor = run("floor without the HCL formatter (what synthesis loads)", process.execPath, ["-e", CORE_FLOOR_SCRIPT]);
  const examples = synth("main command: example environments (JSON + HCL + reports)", {});
  const cdktfOut = path.join(work, "cdktf-cli-out");
  const cli = run("npx cdktf synth: example environments", "npx", ["cdktf", "synth", "--output", cdktfOut], {}, 1);
  const [diffSame, diffEdited] = diffs();

  const generated: (Measurement & { outdir: string })[] = [];
  for (const size of SIZES) {
    const dir = path.join(work, `gen-${size}`);
    mkdirSync(dir, { recursive: true });
    const { catalogDir, environmentsDir } = generateCatalog(dir, size, ROLES, ENVIRONMENTS, INVARIANTS);
    generated.push(
      synth(
        `generated: ${size} rules, ${ROLES} roles, ${ENVIRONMENTS} environments, ${INVARIANTS} invariants`,
        {
          FIREWALL_CATALOG_DIR: catalogDir,
          FIREWALL_ENVIRONMENTS_DIR: environmentsDir,
        },
        size >= 1000 ? 1 : REPEATS,
      ),
    );
  }
  // The largest catalog against what merely writing its output costs, and its memory with one environment instead of all.
  const largest = SIZES[SIZES.length - 1];
  const limit = physicalLimit(`physical limit: JSON.stringify + write of the ${largest}-rule output (JSON, HCL, reports)`, generated[generated.length - 1].outdir);
  const oneDir = path.join(work, `gen-${largest}-1env`);
  mkdirSync(oneDir, { recursive: true });
  const one = generateCatalog(oneDir, largest, ROLES, 1, INVARIANTS);
  const oneEnvironment = synth(`generated: ${largest} rules, ${ROLES} roles, 1 environment`, { FIREWALL_CATALOG_DIR: one.catalogDir, FIREWALL_ENVIRONMENTS_DIR: one.environmentsDir }, 1);
  const big = generated[generated.length - 1];
  // verify of the largest synthesis: the engine reads both folders of every stack and checks every systematic flow.
  const verified = run(
    `verify: ${largest} rules, ${ROLES} roles, ${ENVIRONMENTS} environments`,
    process.execPath,
    ["dist/cli/verify.js", big.outdir],
    { FIREWALL_CATALOG_DIR: path.join(work, `gen-${largest}`, "catalog"), FIREWALL_ENVIRONMENTS_DIR: path.join(work, `gen-${largest}`, "environments") },
    1,
  );

  // The unit suite (the type-check is in `npm run lint`; the Terraform and CLI checks are the integration suite).
  const tests = process.env.BENCH_SKIP_TESTS ? undefined : run("test suite: npm test (the unit suite)", "npm", ["test", "--silent", "--", "--silent"], {}, 1);

  const rows: [string, Measurement, string][] = [
    [build.name, build, `${(build.seconds / floor.seconds).toFixed(2)} × floor`],
    [floor.name, floor, "1.00 (floor)"],
    [coreFloor.name, coreFloor, `${(coreFloor.seconds / floor.seconds).toFixed(2)} × floor`],
    [examples.name, examples, `${(examples.seconds / floor.seconds).toFixed(2)} × floor (target ≤ 1.5); ${(examples.seconds / coreFloor.seconds).toFixed(2)} × floor without the formatter`],
    [cli.name, cli, `${(cli.seconds / floor.seconds).toFixed(2)} × floor`],
    [diffSame.name, diffSame, `${(diffSame.seconds / examples.seconds).toFixed(2)} × main command`],
    [diffEdited.name, diffEdited, `${(diffEdited.seconds / examples.seconds).toFixed(2)} × main command`],
    ...generated.map((g, i): [string, Measurement, string] => [
      g.name,
      g,
      (i === 0
        ? `${(g.seconds / floor.seconds).toFixed(2)} × floor`
        : `${(g.seconds / generated[i - 1].seconds).toFixed(2)} × ${SIZES[i - 1]}-rule time${SIZES[i] === 5000 && SIZES[i - 1] === 1000 ? " (target ≤ 6)" : ""}`) +
        (g === big ? `; ${(g.seconds / limit.all.seconds).toFixed(1)} × physical limit (target ≤ 20, stretch ≤ 10)${largest === 5000 ? "; peak target < 400 MiB" : ""}` : ""),
    ]),
    [limit.all.name, limit.all, `1.00 (physical limit); the JSON alone ${limit.json.seconds.toFixed(2)} s, synthesis ${(big.seconds / limit.json.seconds).toFixed(1)} × that`],
    [verified.name, verified, `${(verified.seconds / big.seconds).toFixed(2)} × its synthesis (target ≤ 2)`],
    [
      oneEnvironment.name,
      oneEnvironment,
      big.peakMiB && oneEnvironment.peakMiB
        ? `${ENVIRONMENTS}-environment peak = ${(big.peakMiB / oneEnvironment.peakMiB).toFixed(2)} × this peak (target ≤ 1.3)`
        : "no memory figure without GNU time",
    ],
  ];
  if (tests) rows.push([tests.name, tests, `${(tests.seconds / floor.seconds).toFixed(1)} × floor (target: ≤ 90 s on a loaded 2-core machine)`]);

  const table = [
    "| measurement | wall (s) | peak memory (MiB) | ratio |",
    "|---|---:|---:|---|",
    ...rows.map(([name, m, ratio]) => `| ${name} | ${m.seconds.toFixed(2)} | ${m.peakMiB ? m.peakMiB.toFixed(0) : "n/a"} | ${ratio} |`),
  ].join("\n");
  process.stdout.write(`${table}\n`);
  mkdirSync(".bench", { recursive: true });
  writeFileSync(".bench/results.json", JSON.stringify({ cores: os.cpus().length, rows: rows.map(([, m, ratio]) => ({ ...m, ratio })) }, null, 2) + "\n");
  rmSync(work, { recursive: true, force: true });
}

main();
