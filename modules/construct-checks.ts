/**
 * What every construct checks of its props before it renders anything, so that
 * misuse from code is refused as misuse from a file is (same patterns, a
 * message naming the property as written in code, all problems at once, never
 * a TypeError), and the security lint that runs in every construct as a
 * CDKTF validation.
 */
import { IConstruct } from "constructs";
import { BoundPolicy, ConfigError, formatLocation, Invariant, parseCidr, Problem, SynthesisError } from "../policy";
import { formatFindings, lintPolicy, LintResult } from "../policy/lint";
import { catalogView } from "./engine/catalog-view";
import { checkInvariants, describeInvariant } from "./engine/invariants";
import { core } from "./runtime";

/**
 * Runs one check or step that stands on its own; a SynthesisError it throws joins
 * `problems` instead, so a construct goes on and refuses once with every problem
 * of the catalog and environment (SynthesisError.of). Undefined when it threw.
 */
export function gatherProblems<T>(problems: Problem[], step: () => T): T | undefined {
  try {
    return step();
  } catch (e) {
    if (!(e instanceof SynthesisError)) throw e;
    problems.push(...e.problems);
    return undefined;
  }
}

/** Environment names, as the environment files allow them (stack names are `<environment>-<cloud>`). */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/;

/** Why the lint is off for one construct; the reason is required, and is kept in the construct's metadata. */
export interface LintSkip {
  /** Why, such as "linted once by the FirewallCatalog above" or a ticket reference. */
  readonly reason: string;
}

/** Which props a construct requires, and of which kind. */
export interface PropRules {
  /** Props that must be non-empty strings (or tokens). */
  readonly strings?: readonly string[];
  /** Props that must be true or false when given. */
  readonly booleans?: readonly string[];
  /** Props whose literal value must match a pattern, as the environment files require (tokens and Terraform expressions are taken as they are). */
  readonly patterns?: Readonly<Record<string, { readonly pattern: RegExp; readonly what: string }>>;
}

/** Refuses props that are missing or of the wrong kind, naming each as written in code; the policy must be a bound one. */
export function checkConstructProps(construct: string, props: unknown, rules: PropRules): void {
  if (props === null || typeof props !== "object") {
    throw new ConfigError([
      { code: "LIB_MISSING_PROPS", subject: construct, message: `props is ${props === null ? "null" : typeof props}`, hint: "Pass the props object: { policy, namePrefix, … }." },
    ]);
  }
  const p = props as Record<string, unknown>;
  const problems: Problem[] = [];
  const policy = p.policy as Partial<BoundPolicy> | undefined;
  if (policy === undefined || policy === null || typeof policy !== "object" || !Array.isArray(policy.managedRoles) || typeof policy.environment !== "string") {
    problems.push({
      code: "LIB_BAD_POLICY",
      subject: construct,
      message: `policy is ${describe(policy)}, not a policy bound to an environment`,
      hint: "Pass bindPolicy(definePolicy(…), { environment, … }), or use FirewallCatalog, which binds it.",
    });
  }
  for (const name of rules.strings ?? []) {
    const value = p[name];
    if (value === undefined || value === null)
      problems.push({ code: "LIB_MISSING_PROP", subject: construct, message: `${name} is missing`, hint: `Give ${name}: ${HINTS[name] ?? "a non-empty string"}.` });
    else if (typeof value !== "string" || value.trim() === "")
      problems.push({ code: "LIB_BAD_PROP", subject: construct, message: `${name} is ${describe(value)}`, hint: `Give ${name}: ${HINTS[name] ?? "a non-empty string"}.` });
  }
  for (const [name, { pattern, what }] of Object.entries(rules.patterns ?? {})) {
    const value = p[name];
    // A token, or a Terraform expression written out (${var.vpc_id}), is known only at plan time.
    if (typeof value === "string" && value.trim() !== "" && !value.includes("${") && !core().Token.isUnresolved(value) && !pattern.test(value))
      problems.push({ code: "LIB_BAD_PROP", subject: construct, message: `${name} is ${describe(value)}, not ${what}`, hint: `Give ${name}: ${HINTS[name] ?? what}.` });
  }
  for (const name of rules.booleans ?? []) {
    if (p[name] !== undefined && typeof p[name] !== "boolean")
      problems.push({ code: "LIB_BAD_PROP", subject: construct, message: `${name} is ${describe(p[name])}`, hint: `Give ${name}: true or false.` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Checks an environment name given in code against the environment files' pattern. */
export function environmentProblem(construct: string, environment: unknown): Problem | undefined {
  if (typeof environment !== "string" || environment === "") {
    return { code: "LIB_MISSING_PROP", subject: construct, message: `bindings.environment is ${describe(environment)}`, hint: "Give environment: a name such as prod." };
  }
  if (!ENVIRONMENT_NAME_PATTERN.test(environment)) {
    return {
      code: "LIB_BAD_PROP",
      subject: construct,
      message: `environment "${environment}" is not lower-case letters, digits and hyphens, at most 16 characters`,
      hint: "Environment files allow the same; such as prod or shop-1.",
    };
  }
  return undefined;
}

const HINTS: Readonly<Record<string, string>> = {
  namePrefix: "the prefix of every name, such as shop",
  vpcId: "the id of the VPC the groups belong to (such as vpc.id of your own Vpc); without it AWS would put them in the default VPC",
  network: "the VPC network's name or self link",
  resourceGroupName: "the resource group of the NSGs and ASGs",
  location: "the Azure region, such as westeurope",
};

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (typeof value === "string") return value.trim() === "" ? "empty" : JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  return `${typeof value === "object" ? "an" : "a"} ${typeof value} (${String(JSON.stringify(value)).slice(0, 40)})`;
}

/**
 * Runs the security lint as a validation of `construct` (errors stop synthesis,
 * warnings do not), unless `skip` gives a reason, which goes into the
 * construct's metadata so that reviewers see it.
 */
export function addLintValidation(construct: IConstruct, bound: BoundPolicy, skip: LintSkip | undefined, known?: LintResult): void {
  if (skip !== undefined) {
    if (skip === null || typeof skip !== "object" || typeof skip.reason !== "string" || skip.reason.trim() === "") {
      throw new ConfigError([
        { code: "LIB_BAD_PROP", subject: construct.node.path, message: `skipLint is ${describe(skip)}`, hint: 'Give skipLint: { reason: "why the lint is off here" }, or leave it out.' },
      ]);
    }
    construct.node.addMetadata("firewall-catalog:lint-skipped", skip.reason);
    return;
  }
  const lint = known ?? lintPolicy(bound);
  construct.node.addValidation({
    validate: () => {
      const errors = formatFindings({ ...lint, warnings: [], waived: [] }, bound.environment);
      return errors.length === 0 ? [] : [`security lint found ${errors.length} error(s); fix the catalog or waive a finding there with its reason:\n${errors.map((e) => `  - ${e}`).join("\n")}`];
    },
  });
}

/** Constructs that judge their catalog's invariants for everything under them (FirewallCatalog), so that its clouds do not judge them again. */
const INVARIANTS_JUDGED_BELOW = new WeakSet<IConstruct>();

/** `construct` judges the invariants of the constructs it creates: call before creating them. */
export function judgeInvariantsBelow(construct: IConstruct): void {
  INVARIANTS_JUDGED_BELOW.add(construct);
}

/**
 * The catalog's invariants, judged at synthesis as a validation of
 * `construct` on the catalog's own rules (each policy given: the catalog as
 * bound, and as placed in a cloud's networks, where widened peers can open
 * more). In a user's app no cloud JSON is at hand before synthesis; that each
 * cloud's resources decide as the catalog does is verifyCatalog's check.
 * `npm run synth` judges each cloud's rendering itself (synth/synthesize.ts).
 */
export function addInvariantValidation(construct: IConstruct, policies: readonly { readonly bound: BoundPolicy; readonly as?: string }[]): void {
  if (policies.every(({ bound }) => (bound.policy.invariants ?? []).length === 0)) return;
  if (construct.node.scopes.some((scope) => scope !== construct && INVARIANTS_JUDGED_BELOW.has(scope))) return;
  construct.node.addValidation({
    validate: () => {
      const broken = new Set<string>();
      for (const { bound, as } of policies) {
        const where = (inv: Invariant) => `${inv.location ? `${formatLocation(inv.location)}: ` : ""}environment "${bound.environment}"${as ? ` (${as})` : ""}: invariant "${inv.id}"`;
        // Fail closed: an invariant whose traffic meets addresses known only at deploy time cannot be judged now.
        const undecidable = (bound.policy.invariants ?? []).flatMap((inv) => {
          const sets = deployTimeSetsOf(bound, inv);
          return sets.length > 0 ? [{ inv, sets }] : [];
        });
        for (const { inv, sets } of undecidable)
          broken.add(
            `${where(inv)} cannot be judged at synthesis: its traffic meets address set${sets.length > 1 ? "s" : ""} ${sets.join(", ")}, bound to addresses known only at deploy time (tokens). Bind literal CIDRs there, or state the invariant where the addresses are known.`,
          );
        const judged = { ...bound, policy: { ...bound.policy, invariants: (bound.policy.invariants ?? []).filter((inv) => !undecidable.some((u) => u.inv === inv)) } };
        for (const v of checkInvariants(judged, catalogView(judged))) {
          broken.add(`${where(v.invariant)} (${describeInvariant(v.invariant)}) is broken by the catalog's rule${v.rules.length > 1 ? "s" : ""} ${v.rules.join(", ")}: ${v.flows.join("; ")}`);
        }
      }
      return broken.size === 0
        ? []
        : [`${broken.size} catalog invariant violation(s); change the rules responsible, or the invariant if it no longer holds:\n${[...broken].map((b) => `  - ${b}`).join("\n")}`];
    },
  });
}

/**
 * The address sets bound to deploy-time addresses (tokens) that an
 * invariant's traffic meets: its sender's set, or a set in a rule of the
 * receiving role's ingress or, from a role, of that role's egress.
 */
function deployTimeSetsOf(bound: BoundPolicy, inv: Invariant): string[] {
  const sets = new Set<string>();
  if (inv.from.kind === "addressSet" && (bound.addressSets[inv.from.name] ?? []).some((c) => "error" in parseCidr(c))) sets.add(inv.from.name);
  const sender = inv.from.kind === "role" ? inv.from.role : undefined;
  for (const rule of bound.rules) {
    const meets = (rule.direction === "ingress" && rule.target === inv.to) || (rule.direction === "egress" && rule.target === sender);
    if (meets) for (const p of rule.peers) if (p.kind === "cidr" && p.token) sets.add(p.token.set);
  }
  return [...sets].sort();
}
