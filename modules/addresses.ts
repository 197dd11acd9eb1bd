/**
 * Terraform addresses and cloud-side names in a stack that holds more than our
 * resources: logical ids scoped by our construct's path in its stack, and a
 * stack-wide check, as a construct validation, that no two elements share an
 * address and no two firewall objects share a cloud-side name (after the
 * cloud's own normalisation). CDKTF itself keeps the last element of an
 * address and drops the others without a word.
 */
import { IConstruct } from "constructs";
import { Problem, SynthesisError } from "../policy/errors";
import type { NamedResource } from "./cloud";
import { core } from "./runtime";

/**
 * How a construct's resources are addressed: "construct" prefixes every
 * logical id with the construct's path in its stack (`firewall_aws_web`), so
 * two catalogs and the app's own resources never share an address; "none"
 * keeps the bare ids (`web`), which our own stacks (one catalog each) and
 * stacks deployed with 0.1 use. The clash check guards both.
 */
export type LogicalIdScope = "construct" | "none";

/** The prefix of every logical id a construct gives its resources. */
export function logicalIdPrefix(construct: IConstruct, scope: LogicalIdScope | undefined): string {
  if (scope !== undefined && scope !== "construct" && scope !== "none") {
    throw new SynthesisError(`${construct.node.path}: logicalIdScope is ${JSON.stringify(scope)}; use "construct" (the default) or "none"`, undefined, "LIB_BAD_LOGICAL_ID_SCOPE");
  }
  if (scope === "none") return "";
  const scopes = construct.node.scopes;
  const { TerraformStack } = core();
  const stackAt = scopes.findIndex((s) => TerraformStack.isStack(s));
  if (stackAt < 0) throw noStack(construct);
  const inside = scopes.slice(stackAt + 1).map((s) => s.node.id);
  return `${inside.join("_").replace(/[^A-Za-z0-9_-]/g, "_")}_`;
}

/** A cloud-side name one of our constructs takes: its kind and where it is unique, such as GCP network tags per stack. */
export interface NameClaim {
  /** What is named, for the message: "GCP network tag", "AWS security group name in VPC vpc-1". */
  readonly what: string;
  /** The name as the cloud compares it (lower-cased where the cloud ignores case). */
  readonly name: string;
}

const claimsOf = new WeakMap<IConstruct, Map<string, string>>();
const guarded = new WeakSet<IConstruct>();

/**
 * Records names our construct `owner` takes in its stack, refusing one that
 * another construct of the stack already took, and adds the stack's
 * address check once.
 */
export function claimNames(owner: IConstruct, claims: readonly NameClaim[]): void {
  const stack = guardStack(owner);
  const taken = claimsOf.get(stack) ?? new Map<string, string>();
  claimsOf.set(stack, taken);
  const clashes: Problem[] = [];
  const own = new Set<string>();
  for (const claim of claims) {
    const key = `${claim.what}\u0000${claim.name}`;
    const holder = taken.get(key);
    if (holder !== undefined && holder !== owner.node.path)
      clashes.push({
        code: "LIB_NAME_CLASH",
        subject: `${holder} and ${owner.node.path}`,
        message: `both take ${claim.what} "${claim.name}"`,
        hint: 'Give the constructs different namePrefix values (names are normalised: "a.b" and "a-b" are the same on GCP) or different environments.',
      });
    if (!own.has(key)) taken.set(key, owner.node.path);
    own.add(key);
  }
  if (clashes.length > 0) throw SynthesisError.of(clashes, `cloud-side names clash in stack ${stack.node.id}, which would merge or replace each other's firewall objects`);
}

/** Adds, once per stack, the validation that no two elements of the stack share a Terraform address or a firewall name. */
export function guardStack(construct: IConstruct): IConstruct {
  const { TerraformStack } = core();
  const stack = construct.node.scopes.find((s) => TerraformStack.isStack(s));
  if (!stack) throw noStack(construct);
  if (!guarded.has(stack)) {
    guarded.add(stack);
    stack.node.addValidation({ validate: () => addressClashes(stack) });
  }
  return stack;
}

function noStack(construct: IConstruct): SynthesisError {
  return new SynthesisError(`${construct.node.path}: our constructs go inside a TerraformStack (new ${construct.constructor.name}(stack, …)); this scope has none above it`, undefined, "LIB_NO_STACK");
}

/** Terraform address of an element (`<type>.<id>`, `data.<type>.<id>`, `output.<id>`), or undefined for providers and backends. */
function addressOf(element: IConstruct): string | undefined {
  const c = core();
  const e = element as unknown as { friendlyUniqueId: string; terraformResourceType?: string };
  if (element instanceof c.TerraformResource) return `${e.terraformResourceType}.${e.friendlyUniqueId}`;
  if (element instanceof c.TerraformDataSource) return `data.${e.terraformResourceType}.${e.friendlyUniqueId}`;
  if (element instanceof c.TerraformOutput) return `output.${e.friendlyUniqueId}`;
  if (element instanceof c.TerraformLocal) return `local.${e.friendlyUniqueId}`;
  if (element instanceof c.TerraformVariable) return `var.${e.friendlyUniqueId}`;
  if (element instanceof c.TerraformModule) return `module.${e.friendlyUniqueId}`;
  return undefined;
}

/** Cloud-side names of the registry's named resources, compared as each cloud does; names or scopes that are tokens are skipped (Terraform resolves them). */
function cloudNameOf(element: IConstruct, named: ReadonlyMap<string, NamedResource>): string | undefined {
  const r = element as unknown as Record<string, unknown> & { terraformResourceType?: string };
  const kind = r.terraformResourceType === undefined ? undefined : named.get(r.terraformResourceType);
  if (!kind) return undefined;
  const { Token } = core();
  const text = (v: unknown) => (typeof v === "string" && !Token.isUnresolved(v) ? (kind.ignoreCase ? v.toLowerCase() : v) : undefined);
  const name = text(r.nameInput);
  if (name === undefined) return undefined;
  const scopes: string[] = [];
  for (const scope of kind.scopes) {
    const value = r[scope.input] === undefined && scope.unset !== undefined ? scope.unset : text(r[scope.input]);
    if (value === undefined) return undefined;
    scopes.push(`${scope.label} ${value}`);
  }
  return `${kind.what} "${name}"${scopes.length > 0 ? ` in ${scopes.join(" of ")}` : ""}`;
}

function addressClashes(stack: IConstruct): string[] {
  // Required here, not at the top: the registry's rows import the constructs, which import this module.
  const { cloudDefinitions } = require("./clouds") as typeof import("./clouds");
  const named = new Map(
    cloudDefinitions()
      .flatMap((c) => c.namedResources ?? [])
      .map((n) => [n.type, n]),
  );
  // Elements, not their paths: a path is built on each reading, and only clashes need one (a stack has 10,000 elements at 5,000 rules).
  const byAddress = new Map<string, IConstruct[]>();
  const byName = new Map<string, IConstruct[]>();
  const add = (map: Map<string, IConstruct[]>, key: string, element: IConstruct) => {
    const known = map.get(key);
    if (known) known.push(element);
    else map.set(key, [element]);
  };
  for (const element of stack.node.findAll()) {
    const address = addressOf(element);
    if (address !== undefined) add(byAddress, address, element);
    const name = cloudNameOf(element, named);
    if (name !== undefined) add(byName, name, element);
  }
  const out: string[] = [];
  const pathsOf = (elements: IConstruct[]) => elements.map((e) => e.node.path);
  for (const [address, elements] of byAddress) {
    if (elements.length > 1) {
      const paths = pathsOf(elements);
      out.push(
        `[LIB_DUPLICATE_ADDRESS] Terraform address ${address} is taken by ${paths.join(" and ")}: Terraform would keep one and destroy the others. Give one construct another id, or drop logicalIdScope "none" (ids are then prefixed by the construct's path).`,
      );
    }
  }
  for (const [name, elements] of byName) {
    if (elements.length > 1) out.push(`[LIB_NAME_CLASH] ${name} is taken by ${pathsOf(elements).join(" and ")}: the cloud would merge or refuse them. Give one of them another name or namePrefix.`);
  }
  return out;
}
