/**
 * What Terraform will do to one stack's resources, by logical id: from a plan
 * (`terraform show -json`) when one is given, otherwise from the two
 * configurations and the attributes each resource type cannot update in place.
 */
import { readFileSync } from "fs";
import { ConfigError } from "../policy";
import { CloudDefinition, ReplacementRule } from "../modules/cloud";

export interface ResourceChanges {
  readonly stack: string;
  readonly cloud: string;
  /** "plan" when read from a Terraform plan, else "configuration". */
  readonly source: "plan" | "configuration";
  readonly added: string[];
  readonly destroyed: string[];
  readonly changed: { address: string; attributes: string[]; note?: string }[];
  readonly replaced: { address: string; reasons: string[] }[];
}

/** Every resource of a synthesized stack, by address, without CDKTF's metadata. */
export function resourcesOf(json: any): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  for (const [type, byId] of Object.entries<any>(json?.resource ?? {})) {
    for (const [id, body] of Object.entries<any>(byId)) {
      const { "//": _metadata, ...rest } = body;
      out.set(`${type}.${id}`, rest);
    }
  }
  return out;
}

const same = (a: unknown, b: unknown) => stable(a) === stable(b);
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as any)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v ?? null);
}

export function diffResources(stack: string, cloud: CloudDefinition<unknown>, baseJson: any, headJson: any): ResourceChanges {
  const base = resourcesOf(baseJson);
  const head = resourcesOf(headJson);
  const rules = cloud.changeRules?.replacedWhen ?? {};
  const added = [...head.keys()].filter((a) => !base.has(a)).sort();
  const destroyed = [...base.keys()].filter((a) => !head.has(a)).sort();
  const kept = [...head.keys()].filter((a) => base.has(a)).sort();
  // Until nothing more is replaced: a replacement can force the replacement of resources that refer to it.
  const replaced = new Map<string, string[]>();
  for (let grew = true; grew;) {
    grew = false;
    for (const address of kept) {
      if (replaced.has(address)) continue;
      const rule = rules[address.slice(0, address.indexOf("."))] as ReplacementRule | undefined;
      const reasons = rule ? rule(base.get(address)!, head.get(address)!, (a) => replaced.has(a)) : [];
      if (reasons.length > 0) {
        replaced.set(address, reasons);
        grew = true;
      }
    }
  }
  const changed: ResourceChanges["changed"] = [];
  for (const address of kept) {
    const before = base.get(address)!;
    const after = head.get(address)!;
    if (replaced.has(address) || same(before, after)) continue;
    const type = address.slice(0, address.indexOf("."));
    const attributes = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k])).sort();
    changed.push(type in rules ? { address, attributes } : { address, attributes, note: `this review does not know which ${type} attributes force replacement: pass a plan with --plan` });
  }
  return {
    stack,
    cloud: cloud.id,
    source: "configuration",
    added,
    destroyed,
    changed,
    replaced: [...replaced.entries()].map(([address, reasons]) => ({ address, reasons })).sort((a, b) => a.address.localeCompare(b.address)),
  };
}

/**
 * Reads `terraform show -json <planfile>` output: each resource's actions decide what happens to it.
 * `configurations` are the stack's Terraform JSON on the reviewed sides (the head last): a plan of
 * another stack, or of another environment's same stack, is refused (DIFF_PLAN_WRONG_STACK) rather
 * than reviewed as if it were this one's.
 */
export function resourcesFromPlan(stack: string, cloud: string, file: string, configurations: readonly any[] = []): ResourceChanges {
  let plan: any;
  try {
    plan = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError([
      {
        code: "DIFF_PLAN_UNREADABLE",
        message: `--plan ${stack}=${file}: cannot read a JSON plan (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`,
        hint: "Write it with `terraform show -json plan.out > plan.json` in the stack's folder.",
      },
    ]);
  }
  if (!plan || typeof plan !== "object" || typeof plan.format_version !== "string" || !Array.isArray(plan.resource_changes ?? [])) {
    throw new ConfigError([
      {
        code: "DIFF_PLAN_NOT_A_PLAN",
        message: `--plan ${stack}=${file}: not the JSON of a Terraform plan (no format_version/resource_changes)`,
        hint: "Write it with `terraform show -json plan.out > plan.json`.",
      },
    ]);
  }
  const malformed = (plan.resource_changes ?? []).findIndex((rc: any) => !isResourceChange(rc));
  if (malformed >= 0) {
    throw new ConfigError([
      {
        code: "DIFF_PLAN_NOT_A_PLAN",
        message: `--plan ${stack}=${file}: resource_changes[${malformed}] is not a resource change as Terraform writes it (an address, a mode and change.actions, a list of words)`,
        hint: "Write the file with `terraform show -json plan.out > plan.json`, unedited: an entry this review cannot read could hide a change.",
      },
    ]);
  }
  if (configurations.length > 0) refuseForeignPlan(stack, file, plan, configurations);
  const out: ResourceChanges = { stack, cloud, source: "plan", added: [], destroyed: [], changed: [], replaced: [] };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const actions: string[] = rc.change.actions;
    const address: string = rc.address;
    const key = actions.join(",");
    if (key === "create") out.added.push(address);
    else if (key === "delete") out.destroyed.push(address);
    else if (key === "update") out.changed.push({ address, attributes: changedAttributes(rc.change.before, rc.change.after) });
    else if (key === "delete,create" || key === "create,delete") {
      const paths: string[] = (rc.change?.replace_paths ?? []).map((p: unknown[]) => p.join("."));
      out.replaced.push({ address, reasons: [paths.length > 0 ? `Terraform replaces it (${paths.join(", ")})` : "Terraform replaces it"] });
    } else if (key !== "no-op" && key !== "read") {
      throw new ConfigError([
        {
          code: "DIFF_PLAN_UNKNOWN_ACTION",
          message: `--plan ${stack}=${file}: ${address} has actions ${JSON.stringify(actions)} this review does not know`,
          hint: "Read the plan itself for this resource.",
        },
      ]);
    }
  }
  out.added.sort();
  out.destroyed.sort();
  out.changed.sort((a, b) => a.address.localeCompare(b.address));
  out.replaced.sort((a, b) => a.address.localeCompare(b.address));
  return out;
}

/** One entry of a plan's resource_changes, of the shape every reader here relies on. */
function isResourceChange(rc: any): boolean {
  if (rc === null || typeof rc !== "object" || Array.isArray(rc) || typeof rc.address !== "string") return false;
  if (rc.mode !== undefined && typeof rc.mode !== "string") return false;
  const change = rc.change;
  if (change === null || typeof change !== "object" || !Array.isArray(change.actions) || !change.actions.every((a: unknown) => typeof a === "string")) return false;
  return change.replace_paths === undefined || (Array.isArray(change.replace_paths) && change.replace_paths.every((p: unknown) => Array.isArray(p)));
}

/**
 * A plan belongs to a stack when every resource it keeps or creates is one of
 * the stack's (same address, same name where the resource has one: the names
 * carry the environment) and every resource it destroys is of a type the stack
 * manages. A plan that lists nothing for a stack that has resources is not its
 * plan either (`terraform show -json` lists unchanged resources as no-op).
 */
function refuseForeignPlan(stack: string, file: string, plan: any, configurations: readonly any[]): void {
  const head = resourcesOf(configurations[configurations.length - 1]);
  const all = new Map<string, Record<string, any>>();
  for (const c of configurations) for (const [a, body] of resourcesOf(c)) all.set(a, body);
  const types = new Set([...all.keys()].map((a) => a.split(".")[0]));
  const problems: string[] = [];
  const managed = (plan.resource_changes ?? []).filter((rc: any) => rc && rc.mode !== "data");
  for (const rc of managed) {
    const address = String(rc.address ?? "");
    const actions: string[] = rc.change?.actions ?? [];
    const type = String(rc.type ?? address.split(".")[0]);
    if (!types.has(type)) problems.push(`${address} is a ${type}, a type stack ${stack} does not manage`);
    else if (actions.join(",") === "delete") continue;
    else if (!head.has(address)) problems.push(`${address} is not a resource of stack ${stack}`);
    else {
      const name = head.get(address)!.name;
      const planned = rc.change?.after?.name;
      if (typeof name === "string" && !name.includes("${") && typeof planned === "string" && planned !== name)
        problems.push(`${address} is named "${planned}" in the plan, "${name}" in stack ${stack}`);
    }
  }
  if (managed.length === 0 && head.size > 0) problems.push(`the plan lists no resource, and stack ${stack} has ${head.size} (a plan lists unchanged resources too)`);
  if (problems.length === 0) return;
  throw new ConfigError([
    {
      code: "DIFF_PLAN_WRONG_STACK",
      message: `--plan ${stack}=${file} is not a plan of stack ${stack}: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? `; and ${problems.length - 3} more` : ""}`,
      hint: `Pass the plan made in that stack's own folder (cd cdktf.out/stacks/${stack} && terraform plan -out plan.out && terraform show -json plan.out > plan.json) of the configuration under review.`,
    },
  ]);
}

function changedAttributes(before: any, after: any): string[] {
  if (!before || !after || typeof before !== "object" || typeof after !== "object") return [];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => after[k] !== undefined && !same(before[k], after[k])).sort();
}
