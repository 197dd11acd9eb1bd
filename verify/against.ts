/**
 * `npm run verify -- --against <dir> --env <env> [--role-map <file>]`: judges
 * Terraform we did not write (HCL or JSON, one folder read as Terraform reads
 * it) against the catalog bound to one environment, with the same engine as
 * verify. Roles are found by our naming convention (`<namePrefix>-<env>-<role>`,
 * AWS's catalog-role tag, our outputs) or an explicit role map. Clouds the
 * folder lacks are skipped and named; a cloud the environment does not
 * configure cannot be judged and is refused.
 */
import { existsSync } from "fs";
import { CheckReport, checkEnvironment, Disagreement } from "../modules/engine/check";
import { CLOUD_IDS, CloudId, CLOUDS, isCloudId } from "../modules/clouds";
import { BoundPolicy, ConfigError, Problem } from "../policy";
import { parseYaml, readYamlFile } from "../policy/yaml-source";
import { loadBoundEnvironments, LoadOptions } from "../stacks/environment";
import { cloudsOf, readTerraformFolder } from "./effective/folders";

/** Per cloud, role id → what stands for it there (a resource address, or a GCP network tag). */
export type RoleMap = Partial<Record<CloudId, Record<string, string>>>;

export interface AgainstResult {
  readonly judged: readonly CloudId[];
  readonly skipped: readonly CloudId[];
  readonly report: CheckReport;
}

/** Reads and checks a role map file (YAML or JSON): per cloud, role id → the address of the role's group (AWS), its network tag (GCP), its NSG (Azure; `<role>:asg` its ASG); see docs/verify.md. */
export function loadRoleMap(file: string, bound: BoundPolicy): RoleMap {
  if (!existsSync(file)) throw new ConfigError([{ code: "VERIFY_ROLE_MAP", subject: file, message: "does not exist", hint: "Pass a YAML or JSON role map." }]);
  // The catalog's own YAML reader: located errors, and the same refusals (not UTF-8, control characters, aliases, ambiguous numbers).
  const { source, problems: unreadable } = parseYaml(file, readYamlFile(file, file, "role map"));
  if (!source) throw new ConfigError(unreadable);
  const doc = source.data;
  const problems: Problem[] = [];
  const roles = new Set(bound.policy.roles.map((r) => r.id));
  const out: RoleMap = {};
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    problems.push({
      code: "VERIFY_ROLE_MAP",
      subject: file,
      message: "is not a mapping of clouds to role maps",
      hint: "Write, per cloud, role id: resource address (or GCP tag); see docs/verify.md.",
    });
  } else {
    for (const [cloud, entries] of Object.entries(doc as Record<string, unknown>)) {
      if (!isCloudId(cloud)) {
        problems.push({ code: "VERIFY_ROLE_MAP", location: source.locate([cloud], true), subject: `role map ${cloud}`, message: "is not a cloud", hint: `Use ${CLOUD_IDS.join(", ")}.` });
        continue;
      }
      if (entries === null || typeof entries !== "object" || Array.isArray(entries)) {
        problems.push({ code: "VERIFY_ROLE_MAP", location: source.locate([cloud]), subject: `role map ${cloud}`, message: "is not a mapping of role ids to resources" });
        continue;
      }
      const map: Record<string, string> = {};
      for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        const role = key.split(":")[0];
        if (!roles.has(role))
          problems.push({
            code: "VERIFY_ROLE_MAP",
            location: source.locate([cloud, key], true),
            subject: `role map ${cloud}.${key}`,
            message: `names role "${role}", which the catalog does not define`,
            hint: `The catalog's roles: ${[...roles].sort().join(", ")}.`,
          });
        else if (typeof value !== "string" || value === "")
          problems.push({ code: "VERIFY_ROLE_MAP", location: source.locate([cloud, key]), subject: `role map ${cloud}.${key}`, message: "is not a resource address or tag" });
        else map[key] = value;
      }
      out[cloud] = map;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

export async function verifyAgainst(dir: string, environment: string, roleMapFile: string | undefined, options: Omit<LoadOptions, "only"> = {}): Promise<AgainstResult> {
  const [env] = loadBoundEnvironments({ ...options, only: [environment] });
  const config = await readTerraformFolder(dir);
  const roleMap = roleMapFile ? loadRoleMap(roleMapFile, env.bound) : {};
  const inFolder = cloudsOf(config);
  const configured = CLOUD_IDS.filter((id) => env.environment[id] !== undefined);
  const foreign = inFolder.filter((id) => !configured.includes(id));
  if (foreign.length > 0) {
    throw new ConfigError(
      foreign.map((id) => ({
        code: "VERIFY_CLOUD_NOT_IN_ENVIRONMENT",
        subject: dir,
        message: `holds ${CLOUDS[id].displayName} resources, but environment "${environment}" has no ${id} section: there is nothing to judge them by`,
        hint: `Add a ${id} section to the environment, or judge the folder with an environment that has one.`,
      })),
    );
  }
  const judged = configured.filter((id) => inFolder.includes(id));
  if (judged.length === 0)
    throw new ConfigError([
      {
        code: "VERIFY_NOTHING_TO_JUDGE",
        subject: dir,
        message: `holds no resources of environment "${environment}"'s clouds (${configured.join(", ")})`,
        hint: "Point --against at the folder you run `terraform plan` in.",
      },
    ]);
  const context = { environment: env.environment.name, namePrefix: env.environment.namePrefix, source: dir };
  const report = checkEnvironment({ bound: env.bound, stacks: judged.map((cloud) => ({ cloud, json: config, section: env.environment[cloud], context: { ...context, roleMap: roleMap[cloud] } })) });
  return { judged, skipped: configured.filter((id) => !judged.includes(id)), report };
}

/** "missing" (the catalog allows, a cloud denies), "extra" (the other way) or "cannot tell". */
export function kindOf(d: Disagreement): string {
  const decisions = Object.values(d.clouds);
  if (decisions.some((c) => c?.uncertain)) return "cannot tell";
  return d.catalog.action === "allow" ? "missing" : "extra";
}

export function printAgainst(dir: string, environment: string, result: AgainstResult, write: (s: string) => void, maxShown = 50): number {
  const names = (ids: readonly CloudId[]) => ids.map((id) => CLOUDS[id].displayName).join(", ");
  const { report } = result;
  const n = report.disagreements.length + report.findings.length;
  write(
    `${environment} against ${dir}: ${report.flowsChecked} flows, catalog vs ${names(result.judged)}: ${n === 0 ? "all agree" : `${report.disagreements.length} disagreement(s)${report.findings.length ? `, ${report.findings.length} finding(s)` : ""}`}\n`,
  );
  if (result.skipped.length > 0) write(`  skipped (no resources of theirs in ${dir}): ${names(result.skipped)}\n`);
  for (const f of report.findings) write(`  - finding: ${f}\n`);
  for (const d of report.disagreements.slice(0, maxShown)) write(`  - ${kindOf(d)}: ${d.explanation}\n`);
  if (report.disagreements.length > maxShown) write(`  … and ${report.disagreements.length - maxShown} more\n`);
  return n;
}
