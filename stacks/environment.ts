/**
 * Environments: typed configuration read from environments/<name>.yaml,
 * validated against environments/schema/environment.schema.json.
 */
import { existsSync, readdirSync } from "fs";
import * as path from "path";
import schema from "../environments/schema/environment.schema.json";
import { ConfigError, EnvironmentBindings, Problem, RoleBinding, SourceLocation } from "../policy";
import { parseYaml, readYamlFile, validateSchema } from "../policy/yaml-source";

export interface AwsEnvironment {
  readonly region: string;
  readonly vpcId: string;
  readonly tags?: Record<string, string>;
  /** @default DEFAULT_AWS_PROVIDER_VERSION */
  readonly providerVersion?: string;
  /** The account's "Inbound or outbound rules per security group" quota, 1-1000. @default 60 */
  readonly rulesPerGroupQuota?: number;
  readonly backend: { s3: { bucket: string; region: string; keyPrefix?: string } } | LocalBackendConfig;
}

export interface GcpEnvironment {
  readonly project: string;
  readonly region: string;
  readonly network: string;
  readonly labels?: Record<string, string>;
  /** @default "tag" */
  readonly identity?: "tag" | "serviceAccount";
  readonly serviceAccounts?: Record<string, string>;
  /** @default false */
  readonly logging?: false | "INCLUDE_ALL_METADATA" | "EXCLUDE_ALL_METADATA";
  /** @default 1000 */
  readonly priorityBase?: number;
  /** @default 10 */
  readonly priorityStep?: number;
  /** @default DEFAULT_GOOGLE_PROVIDER_VERSION */
  readonly providerVersion?: string;
  readonly backend: { gcs: { bucket: string; prefixRoot?: string } } | LocalBackendConfig;
}

export interface LocalBackendConfig {
  readonly local: { path?: string };
}

export interface Environment {
  readonly name: string;
  /** Catalog name: catalog/<catalog>.yaml */
  readonly catalog: string;
  readonly namePrefix: string;
  /** @default false */
  readonly ipv6?: boolean;
  readonly addressSets: Record<string, string[]>;
  readonly roles?: Record<string, { addresses: string[] }>;
  readonly aws?: AwsEnvironment;
  readonly gcp?: GcpEnvironment;
  /** File it was read from, relative to the project root. */
  readonly file?: string;
  /** Where a value of the file is, by its path (see EnvironmentBindings.locate). */
  readonly locate?: (path: readonly (string | number)[], key?: boolean) => SourceLocation;
}

/** Admits 5.100 (what these machines mirror) and the 6.x line: the resources we use are unchanged there. */
export const DEFAULT_AWS_PROVIDER_VERSION = ">= 5.100.0, < 7.0.0";
/** The binding (@cdktf/provider-google 16) targets google 6.x; 7.x keeps google_compute_firewall as is. */
export const DEFAULT_GOOGLE_PROVIDER_VERSION = ">= 6.0.0, < 8.0.0";

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
  const schemaProblems = validateSchema(source, schema, () => ({ subject, depth: 0 }));
  const env = source.data as Environment;
  const extra: Problem[] = [];
  if (schemaProblems.length === 0) {
    const base = path.basename(file).replace(/\.ya?ml$/, "");
    if (base !== env.name) {
      extra.push({
        location: source.locate(["name"]),
        subject,
        message: `name "${env.name}" differs from the file name ${path.basename(file)}`,
        hint: `Rename the file to ${env.name}.yaml or set name: ${base}.`,
      });
    }
    if (!env.aws && !env.gcp) {
      extra.push({ location: source.locate([]), subject, message: "names no cloud", hint: "Add an aws or a gcp section (or both)." });
    }
    if (env.gcp?.identity === "serviceAccount" && !env.gcp.serviceAccounts) {
      extra.push({
        location: source.locate(["gcp", "identity"]),
        subject,
        message: "gcp.identity is serviceAccount but gcp.serviceAccounts is missing",
        hint: "Add gcp.serviceAccounts: a service account email for every managed role.",
      });
    }
  }
  if (schemaProblems.length + extra.length > 0) throw new ConfigError([...schemaProblems, ...extra]);
  return { ...env, file, locate: source.locate };
}

/** Loads every environments/*.yaml, sorted by name; `only` selects some by name. */
export function loadEnvironments(dir: string, only?: readonly string[]): Environment[] {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  const all = files.map((f) => loadEnvironmentFile(path.join(dir, f)));
  if (!only || only.length === 0) return all;
  const known = new Set(all.map((e) => e.name));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((n) => ({
        subject: `environment "${n}"`,
        message: `unknown environment (no ${dir}/${n}.yaml)`,
        hint: `Use one of: ${[...known].join(", ")}.`,
      })),
    );
  }
  return all.filter((e) => only.includes(e.name));
}

/** The catalog-facing part of an environment. */
export function bindingsOf(env: Environment): EnvironmentBindings {
  const roles: Record<string, RoleBinding> = {};
  for (const [role, b] of Object.entries(env.roles ?? {})) roles[role] = { kind: "addresses", cidrs: b.addresses };
  return { environment: env.name, file: env.file, addressSets: env.addressSets, roles, ipv6: env.ipv6 ?? false, locate: env.locate };
}
