/**
 * A Terraform configuration as the effective-access engine reads it: the
 * resources Terraform would create, whoever wrote the configuration (our
 * synthesis, a team's HCL, an override file). The readers fail closed: what
 * they cannot interpret (a module call, a dynamic block, a count or for_each
 * they cannot evaluate, an expression where a value decides access, an
 * attribute or resource type they do not know) is a problem with a stable
 * code, and a reading with problems throws instead of answering.
 */
import { ConfigError, ErrorCode, Problem } from "../../policy";

/** One resource instance Terraform would manage. */
export interface ConfigResource {
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>` */
  readonly address: string;
  /** Its arguments, meta-arguments (count, lifecycle…) removed. */
  readonly body: Readonly<Record<string, any>>;
}

/** How the configuration names the catalog's roles, besides the outputs our synthesis writes. */
export interface ReadContext {
  /** Environment name and name prefix: our convention names a role's group or tag `<namePrefix>-<environment>-<role>`. */
  readonly environment?: string;
  readonly namePrefix?: string;
  /**
   * Role id → what stands for the role on this cloud: a resource address
   * (`<type>.<name>` of a group or NSG) or, on
   * GCP, a network tag. Takes precedence over outputs and naming.
   */
  readonly roleMap?: Readonly<Record<string, string>>;
}

/** The name our convention gives a role's group, NSG, ASG or network tag, when the context says prefix and environment. */
export function conventionalName(context: ReadContext, role: string): string | undefined {
  return context.namePrefix !== undefined && context.environment !== undefined ? `${context.namePrefix}-${context.environment}-${role}` : undefined;
}

/** Collects what a reader cannot interpret; `finish` throws them all at once. */
export class Reading {
  readonly problems: Problem[] = [];
  constructor(readonly source: string = "the configuration") {}

  fail(code: ErrorCode, subject: string, message: string, hint?: string): void {
    this.problems.push({ code, subject: `${this.source}: ${subject}`, message, hint });
  }

  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** Meta-arguments: Terraform's, not the provider's; they do not change what a resource allows. */
const META = new Set(["//", "depends_on", "lifecycle", "provider", "provisioner", "connection", "timeouts"]);

export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** A list attribute or a repeated block: absent is empty, one value (an HCL block unwrapped) is a list of one. */
export function listOf(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `${<type>.web.id}` → "web" (with the type and attribute given); undefined for anything else. */
export function referencedName(value: unknown, type: string, attributes: readonly string[] = ["id"]): string | undefined {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(String(value ?? ""));
  return m && m[1] === type && attributes.includes(m[3]) ? m[2] : undefined;
}

const INSTANCE_COUNT_HINT =
  "Write a literal count (0 or 1) or for_each ({} or omitted), or judge the planned configuration: `terraform show -json` of a plan is not read yet, so the engine refuses rather than guesses.";

/**
 * Every resource instance of the configuration, in address order. A resource
 * with `count = 0` or an empty `for_each` creates nothing and is left out; a
 * literal count of n > 0 creates n copies of one rule (the same access); any
 * other count or for_each cannot be told and is a problem.
 */
export function resourcesOf(config: any, reading: Reading): ConfigResource[] {
  const out: ConfigResource[] = [];
  if (config === null || typeof config !== "object") {
    reading.fail(
      "VERIFY_NOT_A_CONFIGURATION",
      "the document",
      "is not a Terraform configuration (an object with `resource`, `output`…)",
      "Pass Terraform JSON (cdk.tf.json) or a folder of *.tf / *.tf.json files.",
    );
    return out;
  }
  for (const name of Object.keys(config.module ?? {}).sort()) {
    reading.fail(
      "VERIFY_MODULE_CALL",
      `module.${name}`,
      "calls a module: the engine does not read modules, so it cannot tell what the module opens",
      "Judge the module's own folder, or write its resources in the root module.",
    );
  }
  for (const type of Object.keys(config.resource ?? {}).sort()) {
    const byName = config.resource[type];
    if (byName === null || typeof byName !== "object") continue;
    for (const name of Object.keys(byName).sort()) {
      const address = `${type}.${name}`;
      let body = byName[name];
      if (Array.isArray(body)) {
        if (body.length !== 1) {
          reading.fail("VERIFY_DUPLICATE_BLOCK", address, `is defined ${body.length} times; Terraform refuses duplicate resource blocks`);
          continue;
        }
        body = body[0];
      }
      if (body === null || typeof body !== "object") {
        reading.fail("VERIFY_BAD_VALUE", address, "has no body");
        continue;
      }
      if (!instanceExists(address, body, reading)) continue;
      const kept: Record<string, any> = {};
      for (const [k, v] of Object.entries(body)) if (!META.has(k) && k !== "count" && k !== "for_each") kept[k] = v;
      if ("dynamic" in kept) {
        reading.fail(
          "VERIFY_DYNAMIC_BLOCK",
          address,
          `has dynamic blocks (${Object.keys(kept.dynamic ?? {}).join(", ") || "?"}): their content depends on values the engine does not evaluate`,
          "Write the blocks out, one per rule.",
        );
        continue;
      }
      out.push({ type, name, address, body: kept });
    }
  }
  return out;
}

/** Whether the resource creates at least one instance; a problem when that cannot be told. */
function instanceExists(address: string, body: Record<string, any>, reading: Reading): boolean {
  if (body.count !== undefined && body.for_each !== undefined) {
    reading.fail("VERIFY_UNKNOWN_COUNT", address, "sets both count and for_each; Terraform refuses that");
    return false;
  }
  if (body.count !== undefined) {
    const n = typeof body.count === "boolean" ? Number(body.count) : Number(body.count);
    if (typeof body.count === "string" && isExpression(body.count)) {
      reading.fail("VERIFY_UNKNOWN_COUNT", address, `has count = ${body.count}, an expression the engine does not evaluate`, INSTANCE_COUNT_HINT);
      return false;
    }
    if (!Number.isInteger(n) || n < 0) {
      reading.fail("VERIFY_UNKNOWN_COUNT", address, `has count = ${JSON.stringify(body.count)}, not a whole number`, INSTANCE_COUNT_HINT);
      return false;
    }
    if (n > 0 && JSON.stringify(body).includes("count.index")) {
      reading.fail("VERIFY_UNKNOWN_COUNT", address, "uses count.index: its copies differ in ways the engine does not evaluate", INSTANCE_COUNT_HINT);
      return false;
    }
    return n > 0;
  }
  if (body.for_each !== undefined) {
    const fe = body.for_each;
    const empty =
      (Array.isArray(fe) && fe.length === 0) ||
      (fe !== null && typeof fe === "object" && !Array.isArray(fe) && Object.keys(fe).length === 0) ||
      fe === "${{}}" ||
      fe === "${[]}" ||
      fe === "${toset([])}";
    if (empty) return false;
    reading.fail("VERIFY_UNKNOWN_FOR_EACH", address, `has for_each = ${JSON.stringify(fe)}: the engine does not expand each.key / each.value`, INSTANCE_COUNT_HINT);
    return false;
  }
  return true;
}

/** Problems for every argument of a resource that is not in `known` (the arguments the reader interprets or knows to be neutral). */
export function checkArguments(resource: ConfigResource, known: ReadonlySet<string>, reading: Reading): void {
  for (const key of Object.keys(resource.body).sort()) {
    if (!known.has(key))
      reading.fail(
        "VERIFY_UNKNOWN_ATTRIBUTE",
        resource.address,
        `has argument "${key}", which the engine does not interpret for ${resource.type}; it may change access, so the engine will not judge it`,
        "Remove it, or ask for the engine to learn it.",
      );
  }
}

/** Problems for every argument of a nested block that is not in `known`. */
export function checkBlockArguments(where: string, block: Record<string, unknown>, known: ReadonlySet<string>, reading: Reading): void {
  for (const key of Object.keys(block).sort()) {
    if (key !== "//" && !known.has(key))
      reading.fail("VERIFY_UNKNOWN_ATTRIBUTE", where, `has argument "${key}", which the engine does not interpret; it may change access, so the engine will not judge it`);
  }
}

/** A literal value of an argument that decides access, or a problem when it is an expression. */
export function literal<T = unknown>(value: T, where: string, reading: Reading): T | undefined {
  if (isExpression(value) || (Array.isArray(value) && value.some(isExpression))) {
    reading.fail(
      "VERIFY_UNRESOLVED_EXPRESSION",
      where,
      `is ${JSON.stringify(value)}, an expression the engine does not evaluate (a variable, a local, a data source or a function)`,
      "Write the value itself here.",
    );
    return undefined;
  }
  return value;
}

/** Resource types of a cloud the engine knows not to change who may reach whom (networks, machines, memberships). */
export function isNeutralType(type: string, neutral: ReadonlySet<string>): boolean {
  return neutral.has(type);
}

/** Whether a resource type belongs to a provider (by Terraform's naming: the provider's name, then `_`). */
export function typeOfProvider(type: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => type.startsWith(p));
}

/** Problems for every resource of `prefixes` that is neither understood nor neutral. */
export function refuseUnknownTypes(
  resources: readonly ConfigResource[],
  prefixes: readonly string[],
  understood: ReadonlySet<string>,
  neutral: ReadonlySet<string>,
  cloud: string,
  reading: Reading,
): void {
  for (const r of resources) {
    if (!typeOfProvider(r.type, prefixes) || understood.has(r.type) || neutral.has(r.type)) continue;
    reading.fail(
      "VERIFY_UNKNOWN_RESOURCE_TYPE",
      r.address,
      `is a ${cloud} resource type the engine does not interpret; it may change access, so the engine will not judge the configuration`,
      `The engine reads ${[...understood].sort().join(", ")}; it knows ${[...neutral].sort().join(", ")} not to change access.`,
    );
  }
}

/** What a cloud's reader knows of its provider's resource types: the ones it interprets and the ones it knows not to change access. */
export interface CloudTypes {
  /** The cloud's name in problems ("AWS"). */
  readonly cloud: string;
  /** Its providers' resource type prefixes (`aws_`). */
  readonly prefixes: readonly string[];
  readonly understood: ReadonlySet<string>;
  readonly neutral: ReadonlySet<string>;
}

/** A reading of one configuration for one cloud: the problems so far, the resource instances, and those of a type. */
export interface CloudReading {
  readonly reading: Reading;
  readonly resources: readonly ConfigResource[];
  of(type: string): ConfigResource[];
}

/**
 * Starts every cloud's reader the same way: the configuration's resource
 * instances, with a problem for each resource of the cloud's providers whose
 * type the reader neither interprets nor knows to be neutral (fail closed).
 */
export function readCloudResources(config: unknown, types: CloudTypes, source?: string): CloudReading {
  const reading = new Reading(source);
  const resources = resourcesOf(config, reading);
  refuseUnknownTypes(resources, types.prefixes, types.understood, types.neutral, types.cloud, reading);
  return { reading, resources, of: (type) => resources.filter((r) => r.type === type) };
}

/** The resource of `type` a role map entry names (`<type>.<name>` or the bare name); a problem, and undefined, when it names none of `resources`. */
export function roleMapTarget(entry: string, target: string, type: string, resources: ReadonlyMap<string, unknown>, what: string, reading: Reading): string | undefined {
  const name = target.startsWith(`${type}.`) ? target.slice(type.length + 1) : target;
  if (resources.has(name)) return name;
  reading.fail("VERIFY_ROLE_MAP", `role map entry "${entry}"`, `names ${target}, which is not a ${what} of the configuration`);
  return undefined;
}

/** The value of an output of the configuration (Terraform JSON writes one object; a folder read as JSON, a list of one); undefined when the configuration has no such output. */
export function outputValue(config: any, name: string): Readonly<Record<string, unknown>> | undefined {
  const output = config?.output?.[name];
  if (output === undefined) return undefined;
  return (Array.isArray(output) ? output[0]?.value : output.value) ?? {};
}

/**
 * Role → resource name, from an output mapping each role to a reference
 * `${<type>.<name>.id}` (our stacks' role-handle outputs); a problem for each
 * entry that names no resource among `resources`. Undefined when the
 * configuration has no such output.
 */
export function rolesOfOutput(config: any, outputName: string, type: string, resources: ReadonlyMap<string, unknown>, what: string, reading: Reading): Record<string, string> | undefined {
  const value = outputValue(config, outputName);
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [role, ref] of Object.entries(value)) {
    const name = referencedName(ref, type);
    if (name === undefined || !resources.has(name)) reading.fail("VERIFY_UNKNOWN_REFERENCE", `output ${outputName}["${role}"]`, `is ${JSON.stringify(ref)}, not a ${what} of the configuration`);
    else out[role] = name;
  }
  return out;
}
