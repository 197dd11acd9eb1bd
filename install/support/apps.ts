/**
 * Apps as users make them: the module packed once per run (`npm pack`), and
 * fresh apps in the system's temporary folder, outside this repository (so
 * nothing resolves from our node_modules), installed with real npm from the
 * registry (npm's cache makes repeated runs cheaper). One app per shape per
 * run: test files that need the same shape share its install.
 *
 *   const app = await createApp(CDKTF_TEMPLATE_APP);   // installs once per run
 *   const result = await runApp(app, "main.ts", source, "tsx");
 *   const json = stackJson(result, "shop");
 */
import { execFile } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);

/** The repository this suite tests. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The package's name, as users import it. */
export const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).name as string;
/** Where the run's tarball is named (set by the global setup). */
export const TARBALL_VARIABLE = "FIREWALL_CATALOG_TARBALL";

/** What an app is made of: its name and what it installs besides our tarball. */
export interface AppShape {
  /** Folder name part and label in messages, such as "cdktf-template". */
  readonly name: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  /** npm `overrides`, for shapes that need them. @default none */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/** An installed app. */
export interface InstalledApp {
  readonly shape: AppShape;
  readonly dir: string;
}

/** The app `cdktf init --template=typescript` makes, with the AWS and Google bindings of today, and tsx beside ts-node. */
export const CDKTF_TEMPLATE_APP: AppShape = {
  name: "cdktf-template",
  dependencies: { cdktf: "^0.21.0", constructs: "^10", "@cdktf/provider-aws": "^21", "@cdktf/provider-google": "^16" },
  devDependencies: { "@types/jest": "^29", "@types/node": "^22", jest: "^29", "ts-jest": "^29", "ts-node": "^10.9.2", tsx: "^4", typescript: "^5" },
};

/** A template app that renders AWS only: no google, no azurerm binding. */
export const AWS_ONLY_APP: AppShape = {
  name: "aws-only",
  dependencies: { cdktf: "^0.21.0", constructs: "^10", "@cdktf/provider-aws": "^21" },
  devDependencies: { "@types/node": "^22", "ts-node": "^10.9.2", typescript: "^5" },
};

/** A CDK Terrain app: cdktn and its AWS binding, no cdktf. */
export const CDKTN_APP: AppShape = {
  name: "cdktn",
  dependencies: { cdktn: "0.24.0", constructs: "~10.7.0", "@cdktn/provider-aws": "~25.7.0" },
  devDependencies: { "@types/node": "^22", "ts-node": "^10.9.2", typescript: "^5" },
};

/** The tarball of this run: packed by the global setup, or here when a file runs alone. */
export async function packedTarball(): Promise<string> {
  const known = process.env[TARBALL_VARIABLE];
  if (known && existsSync(known)) return known;
  const tarball = await packInto(scratchRoot());
  process.env[TARBALL_VARIABLE] = tarball;
  return tarball;
}

/** `npm pack` (its prepack builds the JS and the declarations) into `dir`; returns the tarball's path. */
export async function packInto(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return path.join(dir, stdout.trim().split("\n").pop()!);
}

/** The run's scratch folder under the system's temporary folder (never inside the repository). */
export function scratchRoot(): string {
  return path.join(os.tmpdir(), "firewall-catalog-install");
}

/**
 * A fresh app of `shape` with the tarball installed, made once per tarball
 * (a folder keyed by the shape and the tarball's hash; a marker file says the
 * install finished, so a killed install is redone).
 */
export async function createApp(shape: AppShape): Promise<InstalledApp> {
  const tarball = await packedTarball();
  const hash = createHash("sha256").update(readFileSync(tarball)).update(JSON.stringify(shape)).digest("hex").slice(0, 12);
  const dir = path.join(scratchRoot(), `${shape.name}-${hash}`);
  const marker = path.join(dir, ".installed");
  if (existsSync(marker)) return { shape, dir };
  // Apps of this shape made from earlier tarballs are hundreds of MiB each: only the current one is kept.
  const stale = new RegExp(`^${shape.name}-[0-9a-f]{12}$`);
  for (const name of existsSync(scratchRoot()) ? readdirSync(scratchRoot()) : [])
    if (stale.test(name) && name !== path.basename(dir)) rmSync(path.join(scratchRoot(), name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: `app-${shape.name}`,
        version: "1.0.0",
        main: "main.js",
        types: "main.ts",
        license: "MPL-2.0",
        private: true,
        scripts: { synth: "cdktf synth", build: "tsc", test: "jest" },
        dependencies: { ...shape.dependencies, [PACKAGE]: `file:${tarball}` },
        devDependencies: shape.devDependencies,
        ...(shape.overrides ? { overrides: shape.overrides } : {}),
      },
      null,
      2,
    )}\n`,
  );
  // The template's tsconfig (cdktf init --template=typescript), trimmed of editor settings.
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          alwaysStrict: true,
          declaration: true,
          experimentalDecorators: true,
          inlineSourceMap: true,
          inlineSources: true,
          lib: ["es2018"],
          module: "CommonJS",
          noEmitOnError: true,
          noFallthroughCasesInSwitch: true,
          noImplicitAny: true,
          noImplicitReturns: true,
          noImplicitThis: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          resolveJsonModule: true,
          strict: true,
          strictNullChecks: true,
          strictPropertyInitialization: true,
          stripInternal: true,
          target: "ES2018",
          incremental: true,
          skipLibCheck: true,
        },
        include: ["**/*.ts"],
        exclude: ["node_modules", "cdktf.out"],
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    path.join(dir, "cdktf.json"),
    `${JSON.stringify({ language: "typescript", app: "npx ts-node main.ts", projectId: "install-test", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }, null, 2)}\n`,
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  writeFileSync(marker, `${JSON.stringify(shape)}\n`);
  return { shape, dir };
}

/** What running an app gave. */
export interface AppRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Its CDKTF_OUTDIR. */
  readonly outdir: string;
}

/** stderr without Node 22's DEP0044 warning that cdktf 0.21 itself causes in every app (see docs/own-cdktf-app.md). */
export function withoutCdktfDeprecation(stderr: string): string {
  return stderr.replace(/^\(node:\d+\) \[DEP0044\] DeprecationWarning: .*\n(\(Use `node --trace-deprecation \.\.\.` to show where the warning was created\)\n)?/gm, "");
}

/** Writes `source` as `file` in the app and runs it under `loader` (the app's own ts-node or tsx), into its own output folder. */
export async function runApp(app: InstalledApp, file: string, source: string, loader: "ts-node" | "tsx" = "ts-node"): Promise<AppRun> {
  writeFileSync(path.join(app.dir, file), source);
  const outdir = path.join(app.dir, `${path.basename(file, ".ts")}.${loader}.out`);
  rmSync(outdir, { recursive: true, force: true });
  const bin = path.join(app.dir, "node_modules", ".bin", loader);
  try {
    const { stdout, stderr } = await run(bin, [file], {
      cwd: app.dir,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", TS_NODE_PROJECT: "tsconfig.json" },
    });
    return { code: 0, stdout, stderr: withoutCdktfDeprecation(stderr), outdir };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: typeof err.code === "number" ? err.code : 1, stdout: err.stdout ?? "", stderr: withoutCdktfDeprecation(err.stderr ?? String(e)), outdir };
  }
}

/** Runs a command of the app's node_modules/.bin (such as firewall-catalog) in the app. */
export async function runBin(app: InstalledApp, name: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.join(app.dir, "node_modules", ".bin", name), [...args], { cwd: app.dir, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: typeof err.code === "number" ? err.code : 1, stdout: err.stdout ?? "", stderr: err.stderr ?? String(e) };
  }
}

/** The synthesized Terraform JSON of one stack of a run. */
export function stackJson(result: AppRun, stack: string): any {
  return JSON.parse(readFileSync(path.join(result.outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/** Every installed version of each package in the app's tree (`npm ls --all`), as `name@version` paths are deduplicated by npm. */
export async function installedVersions(app: InstalledApp, names: readonly string[]): Promise<Record<string, string[]>> {
  let stdout: string;
  try {
    ({ stdout } = await run("npm", ["ls", "--all", "--json", ...names], { cwd: app.dir, maxBuffer: 64 * 1024 * 1024 }));
  } catch (e) {
    // npm ls exits 1 on problems in the tree (extraneous, invalid): its JSON still says what is installed.
    stdout = (e as { stdout: string }).stdout;
  }
  const out: Record<string, Set<string>> = Object.fromEntries(names.map((n) => [n, new Set<string>()]));
  const walk = (deps: Record<string, { version?: string; path?: string; dependencies?: Record<string, unknown> }> | undefined) => {
    for (const [name, info] of Object.entries(deps ?? {})) {
      if (out[name] && info.version) out[name].add(`${info.version} ${info.path ? path.relative(app.dir, info.path) : name}`);
      walk(info.dependencies as never);
    }
  };
  walk(JSON.parse(stdout).dependencies);
  return Object.fromEntries(Object.entries(out).map(([n, s]) => [n, [...s].sort()]));
}

/** Installed packages' folders of the app, as npm put them (node_modules/<name>). */
export function hasPackage(app: InstalledApp, name: string): boolean {
  return existsSync(path.join(app.dir, "node_modules", name, "package.json"));
}

/** The app's node_modules size in MiB (du), recorded for the report in <scratch>/sizes.json. */
export async function installedSizeMiB(app: InstalledApp): Promise<number> {
  const { stdout } = await run("du", ["-sk", path.join(app.dir, "node_modules")]);
  const mib = Math.round((Number(stdout.split(/\s/)[0]) / 1024) * 10) / 10;
  const file = path.join(scratchRoot(), "sizes.json");
  const sizes = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  sizes[app.shape.name] = mib;
  writeFileSync(file, `${JSON.stringify(sizes, null, 2)}\n`);
  return mib;
}

/** The first ```ts block of a docs page (the block users paste). */
export function firstTsBlock(docsPage: string): string {
  const text = readFileSync(path.join(ROOT, docsPage), "utf8");
  const m = /```ts\n([\s\S]*?)```/.exec(text);
  if (!m) throw new Error(`${docsPage}: no ts block`);
  return m[1];
}
