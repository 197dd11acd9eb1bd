/**
 * Environments: typed configuration read from environments/<name>.yaml,
 * validated against the environment schema (stacks/environment-schema.ts: the
 * common part and each cloud's own section).
 */
import { existsSync, lstatSync, readdirSync, statSync } from "fs";
import * as path from "path";
import { CLOUD_IDS, CloudId, CloudSections, cloudDefinitions } from "../modules/clouds";
import { placeForCloud, PlacedPolicy } from "../modules/networks";
import { bindPolicy, BoundPolicy, ConfigError, EnvironmentBindings, loadCatalogFile, Policy, Problem, RoleBinding, SourceLocation } from "../policy";
import { parseYaml, readYamlFile, validateSchema } from "../policy/yaml-source";
import { environmentSchema } from "./environment-schema";
import { sharedStateProblems, stackStates } from "./state";

/** An environment file: the common part, and a section for each cloud it uses (see modules/clouds.ts). */
export interface Environment extends CloudSections {
  readonly name: string;
  /** Catalog name: catalog/<catalog>.yaml */
  readonly catalog: string;
  readonly namePrefix: string;
  /** @default false */
  readonly ipv6?: boolean;
  readonly addressSets: Record<string, string[]>;
  readonly roles?: Record<string, { addresses: string[] }>;
  /** Ports of the catalog's services (5432, "30000-30100"); a service not listed takes its default. @default {} */
  readonly services?: Record<string, (number | string)[]>;
  /** File it was read from, relative to the project root. */
  readonly file?: string;
  /** Where a value of the file is, by its path (see EnvironmentBindings.locate). */
  readonly locate?: (path: readonly (string | number)[], key?: boolean) => SourceLocation;
}

/** Stack names: `<environment>-<cloud>` (`prod-aws`, `prod-gcp`). */
export function stackName(env: string, cloud: CloudId): string {
  return `${env}-${cloud}`;
}

/** Reads one environment file; `file` names it in messages (pass a relative path). */
export function loadEnvironmentFile(file: string): Environment {
  const shown = file.split(path.sep).join("/");
  return parseEnvironment(readYamlFile(file, shown, "environment"), shown);
}

export function parseEnvironment(text: string, file: string): Environment {
  const { source, problems } = parseYaml(file, text);
  if (!source) throw new ConfigError(problems);
  const name = (source.data as { name?: unknown })?.name;
  const subject = `environment "${typeof name === "string" ? name : path.basename(file, ".yaml")}"`;
  const schemaProblems = validateSchema(source, environmentSchema(), () => ({ subject, depth: 0 }));
  const env = source.data as Environment;
  const extra: Problem[] = [];
  if (schemaProblems.length === 0) {
    const base = path.basename(file).replace(/\.ya?ml$/i, "");
    if (base !== env.name) {
      extra.push({
        code: "ENV_NAME_MISMATCH",
        location: source.locate(["name"]),
        subject,
        message: `name "${env.name}" differs from the file name ${path.basename(file)}`,
        hint: `Rename the file to ${env.name}.yaml or set name: ${base}.`,
      });
    }
    if (!CLOUD_IDS.some((id) => env[id])) {
      extra.push({ code: "ENV_NO_CLOUD", location: source.locate([]), subject, message: "names no cloud", hint: `Add a section for one or more of the clouds: ${CLOUD_IDS.join(", ")}.` });
    }
    for (const cloud of cloudDefinitions()) {
      const section = (env as unknown as Record<string, unknown>)[cloud.id];
      if (section === undefined || !cloud.checkEnvironmentSection) continue;
      for (const p of cloud.checkEnvironmentSection(section, (p) => source.locate([cloud.id, ...p]))) extra.push({ ...p, subject });
    }
  }
  if (schemaProblems.length + extra.length > 0) throw new ConfigError([...schemaProblems, ...extra]);
  return { ...env, file, locate: source.locate };
}

/**
 * Loads every environments/*.yaml, sorted by name; `only` selects some by name.
 * Refuses what is ambiguous across all of them, selected or not: two files for
 * one environment, two stacks that would share one Terraform state.
 */
export function loadEnvironments(dir: string, only?: readonly string[]): Environment[] {
  const files = inputFolder(dir, "environments", "ENV", "environment files (<name>.yaml)")
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  if (files.length === 0) {
    throw new ConfigError([
      {
        code: "ENV_FOLDER_EMPTY",
        subject: `environments folder ${shownDir(dir)}`,
        message: "holds no environment file (<name>.yaml), so there is nothing to synthesize",
        hint: "Add an environment file there (see environments/dev.yaml), or point FIREWALL_ENVIRONMENTS_DIR at the folder that holds yours.",
      },
    ]);
  }
  refuseTwoFilesForOneEnvironment(dir, files);
  const all = files.map((f) => loadEnvironmentFile(path.join(dir, f)));
  const shared = sharedStateProblems(all.flatMap((env) => stackStates(env, stackName)));
  if (shared.length > 0) throw new ConfigError(shared);
  if (!only || only.length === 0) return all;
  const known = new Set(all.map((e) => e.name));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((n) => ({
        code: "ENV_UNKNOWN_ENVIRONMENT",
        subject: `environment "${n}"`,
        message: `unknown environment (no ${dir}/${n}.yaml)`,
        hint: `Use one of: ${[...known].join(", ")}.`,
      })),
    );
  }
  return all.filter((e) => only.includes(e.name));
}

function shownDir(dir: string): string {
  return dir.split(path.sep).join("/");
}

/**
 * The names in an input folder; a missing folder, or a file where the folder
 * should be, is a ConfigError naming it (ENV_ or CATALOG_FOLDER_MISSING, ENV_ or CATALOG_FOLDER_NOT_A_FOLDER).
 */
export function inputFolder(dir: string, what: string, prefix: "ENV" | "CATALOG", holds: string): string[] {
  const variable = prefix === "ENV" ? "FIREWALL_ENVIRONMENTS_DIR" : "FIREWALL_CATALOG_DIR";
  // Whole literals, not templates: docs/errors.md and its test find codes as written.
  const missing = prefix === "ENV" ? "ENV_FOLDER_MISSING" : "CATALOG_FOLDER_MISSING";
  const notAFolder = prefix === "ENV" ? "ENV_FOLDER_NOT_A_FOLDER" : "CATALOG_FOLDER_NOT_A_FOLDER";
  let stat;
  try {
    stat = statSync(dir);
  } catch (e) {
    const dangling = existsSync(dir) === false && lstatExists(dir);
    throw new ConfigError([
      {
        code: missing,
        subject: `${what} folder ${shownDir(dir)}`,
        message: dangling ? "is a symbolic link to a folder that does not exist" : `does not exist (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        hint: `Create it with your ${holds}, run from the project folder, or set ${variable} to the folder that holds them.`,
      },
    ]);
  }
  if (!stat.isDirectory()) {
    throw new ConfigError([{ code: notAFolder, subject: `${what} folder ${shownDir(dir)}`, message: "is a file, not a folder", hint: `Point ${variable} at the folder that holds your ${holds}.` }]);
  }
  return readdirSync(dir);
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** dev.yaml and dev.yml would both be environment "dev" (a file's name is its environment's name). */
function refuseTwoFilesForOneEnvironment(dir: string, files: readonly string[]): void {
  const byName = new Map<string, string[]>();
  for (const f of files) {
    const name = f.replace(/\.ya?ml$/i, "");
    byName.set(name, [...(byName.get(name) ?? []), f]);
  }
  const problems: Problem[] = [...byName]
    .filter(([, same]) => same.length > 1)
    .map(([name, same]) => ({
      code: "ENV_DEFINED_TWICE",
      subject: `environment "${name}"`,
      message: `defined by ${same.length} files, ${same.map((f) => path.join(dir, f).split(path.sep).join("/")).join(" and ")}`,
      hint: "One environment, one file: merge them into one and delete the other.",
    }));
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The catalog-facing part of an environment. */
export function bindingsOf(env: Environment): EnvironmentBindings {
  const roles: Record<string, RoleBinding> = {};
  for (const [role, b] of Object.entries(env.roles ?? {})) roles[role] = { kind: "addresses", cidrs: b.addresses };
  return { environment: env.name, file: env.file, addressSets: env.addressSets, roles, ...(env.services ? { services: env.services } : {}), ipv6: env.ipv6 ?? false, locate: env.locate };
}

/** Where the catalogs and environments are read from, and which environments. */
export interface LoadOptions {
  /** @default "catalog" */
  readonly catalogDir?: string;
  /** @default "environments" */
  readonly environmentsDir?: string;
  /** Environment names to load. @default all */
  readonly only?: readonly string[];
}

/** One environment with its catalog, bound to it. */
export interface BoundEnvironment {
  readonly environment: Environment;
  readonly policy: Policy;
  /** The catalog file the policy was read from. */
  readonly catalogFile: string;
  readonly bound: BoundPolicy;
  /** Per cloud whose section places roles in several networks, the policy as placed there (modules/networks.ts). */
  readonly placed: Partial<Record<CloudId, PlacedPolicy>>;
}

/**
 * The one loader of bound environments (stacks and verify both read through
 * it): every environment file, its catalog (each read once) and the binding of
 * the two. Every input error surfaces here, before any construct exists.
 */
export function loadBoundEnvironments(options: LoadOptions = {}): BoundEnvironment[] {
  const catalogDir = options.catalogDir ?? "catalog";
  const catalogs = new Map<string, Policy>();
  const catalogFiles = inputFolder(catalogDir, "catalog", "CATALOG", "catalog files (<name>.yaml)").filter((f) => /\.ya?ml$/i.test(f));
  if (catalogFiles.length === 0) {
    throw new ConfigError([
      {
        code: "CATALOG_FOLDER_EMPTY",
        subject: `catalog folder ${shownDir(catalogDir)}`,
        message: "holds no catalog file (<name>.yaml)",
        hint: "Add the catalog your environments name (see catalog/securetransport.yaml), or point FIREWALL_CATALOG_DIR at the folder that holds it.",
      },
    ]);
  }
  // A catalog's name is its file's, .yaml or .yml as environments are; two files of one name are refused as two environments are.
  const filesOf = (name: string) => catalogFiles.filter((f) => f.replace(/\.ya?ml$/i, "") === name);
  return loadEnvironments(options.environmentsDir ?? "environments", options.only).map((environment) => {
    const found = filesOf(environment.catalog);
    if (found.length > 1) {
      throw new ConfigError([
        {
          code: "CATALOG_DEFINED_TWICE",
          location: environment.locate?.(["catalog"]),
          subject: `environment "${environment.name}"`,
          message: `names catalog "${environment.catalog}", which ${found.map((f) => path.join(catalogDir, f).split(path.sep).join("/")).join(" and ")} both define`,
          hint: "One catalog, one file: keep one of them and delete the other.",
        },
      ]);
    }
    const catalogFile = path.join(catalogDir, found[0] ?? `${environment.catalog}.yaml`);
    let policy = catalogs.get(environment.catalog);
    if (!policy && found.length === 0) {
      throw new ConfigError([
        {
          code: "CATALOG_NOT_FOUND",
          location: environment.locate?.(["catalog"]),
          subject: `environment "${environment.name}"`,
          message: `names catalog "${environment.catalog}", but ${shownDir(catalogDir)} has no ${environment.catalog}.yaml`,
          hint: `Use one of: ${catalogFiles
            .map((f) => f.replace(/\.ya?ml$/i, ""))
            .sort()
            .join(", ")}; or add ${environment.catalog}.yaml there.`,
        },
      ]);
    }
    if (!policy) {
      policy = loadCatalogFile(catalogFile);
      catalogs.set(environment.catalog, policy);
    }
    const bound = bindPolicy(policy, bindingsOf(environment));
    return { environment, policy, catalogFile, bound, placed: placedClouds(environment, bound) };
  });
}

/** The policy placed in each cloud section's networks; every placement problem of the environment is refused at once. */
function placedClouds(env: Environment, bound: BoundPolicy): Partial<Record<CloudId, PlacedPolicy>> {
  const placed: Partial<Record<CloudId, PlacedPolicy>> = {};
  const problems: Problem[] = [];
  for (const cloud of cloudDefinitions()) {
    try {
      const p = placeForCloud(cloud, (env as unknown as Record<string, unknown>)[cloud.id], bound, env.locate);
      if (p) placed[cloud.id as CloudId] = p;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return placed;
}
