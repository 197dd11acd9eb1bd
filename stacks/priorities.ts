/**
 * The committed priority allocation of an environment:
 * `<environments>/priorities/<env>.yaml`, beside the environment file. It
 * holds, per cloud that orders rules by priority (GCP, Azure) and per scope,
 * the priority of every rule, and the retired priorities (held by rules since
 * deleted or renumbered: never given to another rule). Synthesis reads it,
 * keeps those priorities wherever the catalog's order allows, and writes the
 * new allocation back like a lock file (docs/priorities.md).
 *
 * Bad input (YAML errors, merge-conflict markers, a priority that is not a
 * number, two rules on one priority) is a located ConfigError; the file is
 * never silently ignored.
 */
import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { Document } from "yaml";
import { CLOUD_IDS } from "../modules/clouds";
import { allocationProblems, CloudPriorities, ScopeAllocation } from "../modules/priorities";
import { ConfigError, Problem } from "../policy";
import { parseYaml, readYamlFile } from "../policy/yaml-source";

/** The folder of the allocation files, inside the environments folder (its *.yaml files are not environments). */
export const PRIORITIES_FOLDER = "priorities";
const VERSION = 1;

/** An environment's allocation: cloud id → its scopes. */
export type EnvironmentPriorities = Readonly<Record<string, CloudPriorities>>;

export interface PriorityFile {
  /** Path of the file (relative when the environment file's is). */
  readonly file: string;
  /** The text as read; undefined when there is no file yet. */
  readonly text?: string;
  readonly priorities: EnvironmentPriorities;
}

/** Where an environment's allocation lives: `<folder of its file>/priorities/<name>.yaml`. */
export function priorityFileOf(environmentFile: string, environment: string): string {
  return path.join(path.dirname(environmentFile), PRIORITIES_FOLDER, `${environment}.yaml`);
}

/** Reads an environment's allocation file; an absent file is an empty allocation (a first synthesis). */
export function readPriorityFile(file: string): PriorityFile {
  if (!existsSync(file)) return { file, priorities: {} };
  const shown = file.split(path.sep).join("/");
  const text = readYamlFile(file, shown, "priority allocation");
  return { file, text, priorities: parsePriorities(text, shown) };
}

/** Parses the text of an allocation file; `file` names it in messages. */
export function parsePriorities(text: string, file: string): EnvironmentPriorities {
  const conflict = text.split("\n").findIndex((line) => /^(<{7}|={7}|>{7})(\s|$)/.test(line));
  if (conflict >= 0) {
    throw new ConfigError([
      {
        code: "ENV_PRIORITIES_CONFLICT",
        location: { file, line: conflict + 1, column: 1 },
        message: "the priority allocation holds merge-conflict markers",
        hint: "Take either side of each conflict (or delete the conflicting entries), then run `npm run synth`: it keeps every priority the catalog's order allows and gives the rest free ones.",
      },
    ]);
  }
  const written = asWritten(text);
  if (written) return written;
  const { source, problems } = parseYaml(file, text);
  if (!source) throw new ConfigError(problems.map((p) => ({ ...p, code: "ENV_PRIORITIES_INVALID" })));
  const data = source.data ?? {};
  const out: Problem[] = [];
  const bad = (where: (string | number)[], message: string) =>
    out.push({
      code: "ENV_PRIORITIES_INVALID",
      location: source.locate(where),
      message,
      hint: "The file is kept by `npm run synth`; fix or delete the entry, and synthesize again (docs/priorities.md).",
    });
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    bad([], "the priority allocation is not a map of clouds");
    throw new ConfigError(out);
  }
  const priorities: Record<string, CloudPriorities> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === "version") {
      if (value !== VERSION) bad([key], `version ${JSON.stringify(value)} is not ${VERSION}, the only version this tool reads`);
      continue;
    }
    if (!(CLOUD_IDS as readonly string[]).includes(key)) {
      bad([key], `"${key}" is not a cloud (${CLOUD_IDS.join(", ")}) nor version`);
      continue;
    }
    const problemsHere = allocationProblems(value);
    for (const p of problemsHere) bad([key, ...p.path], `${key}: ${p.message}`);
    if (problemsHere.length === 0) priorities[key] = normalise(value as Record<string, ScopeAllocation>);
  }
  if (out.length > 0) throw new ConfigError(out);
  return priorities;
}

function normalise(cloud: Record<string, ScopeAllocation>): CloudPriorities {
  const out: Record<string, ScopeAllocation> = {};
  for (const [scope, a] of Object.entries(cloud)) out[scope] = { priorities: { ...(a.priorities ?? {}) }, ...(a.retired ? { retired: { ...a.retired } } : {}) };
  return out;
}

/** The file's text for an allocation: sorted clouds and scopes, each scope's rules in priority order. */
export function renderPriorities(environment: string, priorities: EnvironmentPriorities): string {
  // Written line by line: a YAML Document of 50,000 entries took seconds and a hundred MiB; the test
  // (__tests__/stacks/priorities.test.ts) holds this text equal to the Document's.
  const lines = [
    `# Priorities of environment "${environment}": kept by \`npm run synth\`, read it like a lock file.`,
    "# Each rule keeps its priority across edits elsewhere; retired priorities (rules deleted or",
    "# renumbered) are never given to another rule. Review changes here with the catalog's; docs/priorities.md.",
    "",
    `version: ${VERSION}`,
  ];
  for (const cloud of Object.keys(priorities).sort()) {
    const scopes = Object.keys(priorities[cloud]).sort();
    lines.push(`${yamlScalar(cloud)}:${scopes.length === 0 ? " {}" : ""}`);
    for (const scope of scopes) {
      const a = priorities[cloud][scope];
      const live = Object.entries(a.priorities).sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
      const retired = Object.entries(a.retired ?? {}).sort((x, y) => Number(x[0]) - Number(y[0]));
      lines.push(`  ${yamlScalar(scope)}:`, `    priorities:${live.length === 0 ? " {}" : ""}`);
      for (const [name, priority] of live) lines.push(`      ${yamlScalar(name)}: ${priority}`);
      if (retired.length > 0) {
        lines.push("    retired:");
        for (const [priority, name] of retired) lines.push(`      ${yamlScalar(String(Number(priority)))}: ${yamlScalar(name)}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}

/** A string as YAML writes it: plain when it reads back as the same string, else as the yaml library quotes it. */
function yamlScalar(text: string): string {
  if (isPlainScalar(text)) return text;
  return new Document(text).toString({ lineWidth: 0 }).trimEnd();
}

/** A string renderPriorities writes unquoted: it reads back as the same string. */
function isPlainScalar(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(text) && !/^(?:true|false|null|yes|no|on|off|y|n|~)$/i.test(text) && !/^(?:\.inf|\.nan)$/i.test(text);
}

const HEADER = /^# Priorities of environment "([a-z0-9-]+)": kept by/;
const WHOLE_NUMBER = /^(?:0|[1-9]\d*)$/;

/**
 * The allocation, when `text` is exactly what renderPriorities writes for it
 * and it is valid: read line by line instead of through the YAML parser (at
 * 5,000 rules a file has 10,000 entries, and parsing them with locations took
 * about a tenth of a second each). Proven, not assumed: the allocation read is
 * rendered again and must give back the same text, and renderPriorities'
 * text reads back through YAML as the same data (__tests__/stacks/priorities.test.ts),
 * so YAML would have read the same. Anything else (a hand edit, another
 * order, a quoted name, a problem to locate) returns undefined and goes
 * through the YAML parser.
 */
function asWritten(text: string): EnvironmentPriorities | undefined {
  const environment = HEADER.exec(text)?.[1];
  if (environment === undefined) return undefined;
  const priorities: Record<string, Record<string, { priorities: Record<string, number>; retired?: Record<string, string> }>> = {};
  let cloud: (typeof priorities)[string] | undefined;
  let scope: { priorities: Record<string, number>; retired?: Record<string, string> } | undefined;
  let map: "priorities" | "retired" | undefined;
  let version = false;
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    if (line === `version: ${VERSION}` && !version) {
      version = true;
    } else if (!line.startsWith(" ")) {
      const m = /^([^:\s]+):( \{\})?$/.exec(line);
      if (!m || !isPlainScalar(m[1]) || !(CLOUD_IDS as readonly string[]).includes(m[1]) || m[1] in priorities) return undefined;
      cloud = priorities[m[1]] = {};
      scope = map = undefined;
    } else if (/^ {2}[^ ]/.test(line)) {
      const m = /^ {2}([^:\s]+):$/.exec(line);
      if (!cloud || !m || !isPlainScalar(m[1]) || m[1] in cloud) return undefined;
      scope = cloud[m[1]] = { priorities: {} };
      map = undefined;
    } else if (/^ {4}[^ ]/.test(line)) {
      if (!scope) return undefined;
      if (line === "    priorities:" || line === "    priorities: {}") map = "priorities";
      else if (line === "    retired:") {
        scope.retired = {};
        map = "retired";
      } else return undefined;
    } else {
      const m = /^ {6}([^:\s]+): ([^\s]+)$/.exec(line);
      if (!scope || !map || !m) return undefined;
      if (map === "priorities") {
        if (!isPlainScalar(m[1]) || !WHOLE_NUMBER.test(m[2])) return undefined;
        scope.priorities[m[1]] = Number(m[2]);
      } else {
        const key = /^"(\d+)"$/.exec(m[1])?.[1];
        if (key === undefined || !isPlainScalar(m[2])) return undefined;
        scope.retired![key] = m[2];
      }
    }
  }
  if (!version || renderPriorities(environment, priorities) !== text) return undefined;
  const out: Record<string, CloudPriorities> = {};
  for (const [id, scopes] of Object.entries(priorities)) {
    if (allocationProblems(scopes).length > 0) return undefined;
    out[id] = normalise(scopes);
  }
  return out;
}

/** An allocation file to install after the output: written aside first, renamed into place by `install`. */
export interface PendingPriorityFile {
  readonly file: string;
  readonly temporary: string;
}

/** Writes `text` beside `file` under a temporary name (nothing is replaced yet). */
export function stagePriorityFile(file: string, text: string): PendingPriorityFile {
  const dir = path.dirname(file);
  if (existsSync(dir) && !lstatSync(dir).isDirectory()) {
    throw new ConfigError([
      {
        code: "ENV_PRIORITIES_FOLDER",
        message: `${dir.split(path.sep).join("/")} is not a folder, so the priority allocation cannot be kept there`,
        hint: `Move that file away: ${PRIORITIES_FOLDER}/ beside the environment files holds the priority allocations.`,
      },
    ]);
  }
  mkdirSync(dir, { recursive: true });
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  return { file, temporary };
}

/** Renames staged files into place (a rename replaces a link itself, never writes through it). */
export function installPriorityFiles(pending: readonly PendingPriorityFile[]): void {
  for (const p of pending) renameSync(p.temporary, p.file);
}

export function discardPriorityFiles(pending: readonly PendingPriorityFile[]): void {
  for (const p of pending) rmSync(p.temporary, { force: true });
}
