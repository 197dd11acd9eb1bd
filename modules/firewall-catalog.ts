/**
 * The catalog-level construct for a user's own CDKTF app: one catalog, one
 * environment's bindings, rendered for the clouds asked for, inside any scope
 * (the user's stack, beside the user's own resources). The security lint and
 * the coverage check run as construct validations, so the user's `cdktf synth`
 * refuses the same mistakes `npm run synth` does.
 */
import { Construct } from "constructs";
import { bindPolicy, BoundPolicy, Policy, RoleBinding } from "../policy";
import { Finding, lintPolicy, LintResult } from "../policy/lint";
import { CloudFirewall } from "./cloud";
import { CLOUD_IDS, CLOUDS, CloudFirewallOptions, CloudId } from "./clouds";
import { COVERAGE_BUG, coverageProblems, coverageSentence } from "./coverage";
import { core } from "./runtime";
import { CATALOG_RECORD_KEY, CatalogRecord } from "./catalog-record";
import { logicalIdPrefix } from "./addresses";
import { addInvariantValidation, addLintValidation, environmentProblem, judgeInvariantsBelow, LintSkip } from "./construct-checks";
import { ConfigError, Problem, SynthesisError } from "../policy";

/** One environment's bindings of the catalog's address sets, roles and services. */
export interface CatalogBindings {
  /** Environment name: in names (`<namePrefix>-<environment>-<role>`) and messages. */
  readonly environment: string;
  /** CIDRs (or single addresses) of each address set the catalog's rules use. @default {} */
  readonly addressSets?: Readonly<Record<string, readonly string[]>>;
  /** Roles managed elsewhere, bound to their addresses instead of a group of ours. @default {} (every role managed) */
  readonly roleAddresses?: Readonly<Record<string, readonly string[]>>;
  /**
   * Ports of each service the catalog declares, as a catalog writes them
   * (5432, "30000-30100"); a service not given takes its default. @default {}
   */
  readonly services?: Readonly<Record<string, readonly (number | string)[]>>;
  /** When true, the peer `any` also means ::/0. @default false */
  readonly ipv6?: boolean;
}

/** The clouds to render, each with its construct's options (see the cloud's folder under modules/). */
export type FirewallCatalogClouds = { readonly [K in CloudId]?: CloudFirewallOptions<K> };

/** Props of FirewallCatalog. */
export interface FirewallCatalogProps {
  /** The catalog: from `loadCatalogFile`/`parseCatalog` (YAML), `definePolicy` or the `Peer`/`Port` builders (code). */
  readonly policy: Policy;
  /** One environment's bindings. */
  readonly bindings: CatalogBindings;
  /** Prefix of every group, tag and firewall name. */
  readonly namePrefix: string;
  /** The clouds asked for; at least one. */
  readonly clouds: FirewallCatalogClouds;
  /**
   * Turns off the security lint, which otherwise runs as a validation of this
   * construct (errors stop synthesis); the reason is required and kept in the
   * construct's metadata. @default the lint runs
   */
  readonly skipLint?: LintSkip;
}

/**
 * One catalog, one environment's bindings, rendered on the clouds asked for
 * inside any stack of the app, beside the app's own resources. The security
 * lint and the coverage check run as validations of the construct.
 *
 * @example
 *   const firewall = new FirewallCatalog(stack, "firewall", {
 *     policy: loadCatalogFile("catalog/shop.yaml"),
 *     bindings: { environment: "prod", addressSets: { office: ["192.168.0.0/16"] } },
 *     namePrefix: "shop",
 *     clouds: { aws: { vpcId: vpc.id }, gcp: { network: network.name } },
 *   });
 *   new TerraformOutput(stack, "web_sg", { value: firewall.roleHandles("aws").web });
 */
export class FirewallCatalog extends Construct {
  /** The catalog bound to the environment. */
  readonly bound: BoundPolicy;
  /** The rendering per cloud asked for: realisations, egress defaults, role handles. */
  readonly firewalls: { readonly [K in CloudId]?: CloudFirewall };
  /** The lint's findings (errors, warnings, waived), as the validation reports them. */
  readonly lintResult: LintResult;

  constructor(scope: Construct, id: string, props: FirewallCatalogProps) {
    super(scope, id);
    const subject = `FirewallCatalog "${this.node.path}"`;
    checkCatalogProps(subject, props);
    const asked = CLOUD_IDS.filter((c) => props.clouds[c] !== undefined);
    this.bound = bindCatalog(props.policy, props.bindings);
    // Judged once here, for the catalog and as each cloud places it, not again by each cloud below.
    judgeInvariantsBelow(this);

    // The catalog is linted once, here, not once per cloud below.
    const linted = { reason: `linted once by ${subject}` };
    const firewalls: { [K in CloudId]?: CloudFirewall } = {};
    for (const cloud of asked) {
      const definition = CLOUDS[cloud] as unknown as { createFirewall(scope: Construct, id: string, input: unknown): CloudFirewall };
      firewalls[cloud] = definition.createFirewall(this, cloud, { bound: this.bound, namePrefix: props.namePrefix, options: { skipLint: linted, ...props.clouds[cloud] } });
    }
    this.firewalls = firewalls;

    this.lintResult = lintPolicy(this.bound);
    const environment = props.bindings.environment;
    addLintValidation(this, this.bound, props.skipLint, this.lintResult);
    // A cloud that places the roles in several networks is linted as placed too, as npm run synth does: a widened peer
    // on an administration port is refused as any would be.
    // Only what placing adds is reported there: the catalog's own errors are reported once, above.
    if (props.skipLint === undefined) {
      const finding = (f: Finding) => `${f.check}|${f.subject}|${f.message}`;
      const catalogErrors = new Set(this.lintResult.errors.map(finding));
      for (const cloud of asked) {
        const placed = firewalls[cloud]!.placed;
        if (!placed) continue;
        const lint = lintPolicy(placed.bound);
        addLintValidation(firewalls[cloud]!, placed.bound, undefined, { ...lint, errors: lint.errors.filter((f) => !catalogErrors.has(finding(f))) });
      }
    }
    recordCatalog(this, props.clouds);
    addInvariantValidation(this, [
      { bound: this.bound },
      ...asked.flatMap((c) => (firewalls[c]!.placed ? [{ bound: firewalls[c]!.placed!.bound, as: `as ${CLOUDS[c].displayName} places it in its networks` }] : [])),
    ]);
    this.node.addValidation({
      validate: () => {
        const problems = asked.flatMap((c) => coverageProblems(this.bound.policy, firewalls[c]!.realisations, `${CLOUDS[c].displayName} (${this.node.path})`));
        return problems.length === 0 ? [] : [`environment "${environment}": ${problems.map(coverageSentence).join("; ")}. ${COVERAGE_BUG}`];
      },
    });
  }

  /** Per managed role id, the handle on one cloud (security group id on AWS, network tag on GCP). */
  roleHandles(cloud: CloudId): Readonly<Record<string, string>> {
    const fw = this.firewalls[cloud];
    if (!fw) throw new SynthesisError(`FirewallCatalog "${this.node.id}" does not render ${cloud}; asked for: ${Object.keys(this.firewalls).join(", ")}.`, undefined, "LIB_CLOUD_NOT_RENDERED");
    return fw.roleHandles;
  }
}

/**
 * Binds a catalog to one environment, for the per-cloud constructs used alone
 * (FirewallCatalog does this itself). Values may be tokens of the app's own
 * resources. Exported as `bindPolicy`.
 *
 * @example
 *   const bound = bindPolicy(policy, { environment: "prod", addressSets: { office: ["192.168.0.0/16"] } });
 *   new AwsSecurityGroups(stack, "groups", { policy: bound, vpcId: vpc.id, namePrefix: "shop" });
 */
export function bindCatalog(policy: Policy, bindings: CatalogBindings): BoundPolicy {
  const subject = "bindPolicy";
  const problems: Problem[] = [];
  if (!policy || typeof policy !== "object" || !Array.isArray((policy as Partial<Policy>).rules))
    problems.push({ code: "LIB_BAD_POLICY", subject, message: "policy is not a catalog", hint: "Pass loadCatalogFile(…), parseCatalog(…) or definePolicy(…)." });
  if (!bindings || typeof bindings !== "object") problems.push({ code: "LIB_MISSING_PROP", subject, message: "bindings is missing", hint: 'Give bindings: { environment: "prod", … }.' });
  else {
    const env = environmentProblem(subject, bindings.environment);
    if (env) problems.push(env);
    if (bindings.ipv6 !== undefined && typeof bindings.ipv6 !== "boolean")
      problems.push({ code: "LIB_BAD_PROP", subject, message: `bindings.ipv6 is ${JSON.stringify(bindings.ipv6)}, not true or false`, hint: "Give ipv6: true or false." });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const roles: Record<string, RoleBinding> = {};
  for (const [role, cidrs] of Object.entries(bindings.roleAddresses ?? {})) roles[role] = { kind: "addresses", cidrs };
  return bindPolicy(policy, {
    environment: bindings.environment,
    addressSets: bindings.addressSets ?? {},
    roles,
    ...(bindings.services ? { services: bindings.services } : {}),
    ipv6: bindings.ipv6 ?? false,
    tokenKind: cdktfTokenKind,
  });
}

/**
 * Writes what the catalog's checks need into the stack's Terraform JSON, as a
 * comment (`"//"`, which Terraform ignores): the bound policy and how each
 * cloud realised it, so that `firewall-catalog verify` and `report` work on
 * any app's cdktf.out without the app's code. Locations (file paths) are left
 * out: the output holds no paths of the machine that made it.
 */
function recordCatalog(catalog: FirewallCatalog, clouds: FirewallCatalogClouds): void {
  const { TerraformStack } = core();
  const stack = TerraformStack.of(catalog);
  const record: CatalogRecord = {
    path: catalog.node.path,
    bound: withoutLocations(catalog.bound) as BoundPolicy,
    clouds: Object.fromEntries(
      Object.entries(catalog.firewalls).map(([cloud, fw]) => [
        cloud,
        {
          section: recordedSection(cloud, (clouds as Record<string, Record<string, unknown> | undefined>)[cloud]),
          outputs: fw!.checkedOutputs,
          realisations: fw!.realisations,
          egressDefaults: fw!.egressDefaults,
          ingressDefaults: fw!.ingressDefaults,
        },
      ]),
    ),
  };
  // The key is the construct's scoped id prefix: unique in the stack, with no dots (addOverride splits on them).
  stack.addOverride(`//.${CATALOG_RECORD_KEY}.${logicalIdPrefix(catalog, "construct").replace(/_$/, "")}`, record);
}

/** What the verifier needs of a cloud's options: GCP's service accounts, and the networks and placement where given (the verifier places the policy as the construct did). */
function recordedSection(cloud: string, options: Record<string, unknown> | undefined): Record<string, unknown> {
  const keep = ["networks", "placement", ...(cloud === "gcp" ? ["serviceAccounts"] : [])];
  return Object.fromEntries(keep.filter((k) => options?.[k] !== undefined || (k === "serviceAccounts" && cloud === "gcp")).map((k) => [k, options?.[k]]));
}

function withoutLocations(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === "location" || key === "file" ? undefined : v)));
}

/** Refuses misuse from code before anything is rendered, naming each property as written in code. */
function checkCatalogProps(subject: string, props: FirewallCatalogProps): void {
  if (props === null || typeof props !== "object") {
    throw new ConfigError([{ code: "LIB_MISSING_PROPS", subject, message: `props is ${props === null ? "null" : typeof props}`, hint: "Pass { policy, bindings, namePrefix, clouds }." }]);
  }
  const problems: Problem[] = [];
  const policy = props.policy as Partial<Policy> | undefined;
  if (!policy || typeof policy !== "object" || !Array.isArray(policy.rules) || !Array.isArray(policy.roles)) {
    problems.push({
      code: "LIB_BAD_POLICY",
      subject,
      message: `policy is ${policy === undefined ? "missing" : "not a catalog"}`,
      hint: "Pass loadCatalogFile(…), parseCatalog(…), definePolicy(…) or a CatalogBuilder's build().",
    });
  }
  const b = props.bindings as Partial<CatalogBindings> | undefined;
  if (!b || typeof b !== "object") {
    problems.push({ code: "LIB_MISSING_PROP", subject, message: `bindings is ${b === undefined ? "missing" : typeof b}`, hint: 'Give bindings: { environment: "prod", addressSets: { … } }.' });
  } else {
    const env = environmentProblem(subject, b.environment);
    if (env) problems.push(env);
    if (b.ipv6 !== undefined && typeof b.ipv6 !== "boolean")
      problems.push({
        code: "LIB_BAD_PROP",
        subject,
        message: `bindings.ipv6 is ${JSON.stringify(b.ipv6)}, not true or false`,
        hint: 'Give ipv6: true or false (a string such as "false" is not taken as either).',
      });
    for (const key of ["addressSets", "roleAddresses"] as const) {
      const v = b[key] as unknown;
      if (v !== undefined && (v === null || typeof v !== "object" || Array.isArray(v) || Object.values(v as object).some((list) => !Array.isArray(list) || list.some((c) => typeof c !== "string")))) {
        problems.push({ code: "LIB_BAD_PROP", subject, message: `bindings.${key} is not a map of names to lists of CIDR strings`, hint: `Give ${key}: { name: ["10.0.0.0/16"] }.` });
      }
    }
    const services = b.services as unknown;
    if (
      services !== undefined &&
      (services === null ||
        typeof services !== "object" ||
        Array.isArray(services) ||
        Object.values(services as object).some((list) => !Array.isArray(list) || list.some((p) => typeof p !== "number" && typeof p !== "string")))
    ) {
      problems.push({
        code: "LIB_BAD_PROP",
        subject,
        message: "bindings.services is not a map of service ids to lists of ports",
        hint: 'Give services: { "ftp-passive": ["30000-30100"], db: [5432] }.',
      });
    }
  }
  const clouds = props.clouds as Record<string, unknown> | undefined;
  if (!clouds || typeof clouds !== "object" || Array.isArray(clouds)) {
    problems.push({
      code: "LIB_MISSING_PROP",
      subject,
      message: `clouds is ${clouds === undefined ? "missing" : "not an object"}`,
      hint: `Give clouds at least one of: ${CLOUD_IDS.join(", ")}, such as clouds: { aws: { vpcId } }.`,
    });
  } else {
    const unknown = Object.keys(clouds).filter((k) => !(CLOUD_IDS as readonly string[]).includes(k));
    if (unknown.length > 0)
      problems.push({ code: "LIB_UNKNOWN_CLOUD", subject, message: `clouds names ${unknown.map((u) => `"${u}"`).join(", ")}, which is no cloud of ours`, hint: `Use ${CLOUD_IDS.join(", ")}.` });
    else if (CLOUD_IDS.every((c) => clouds[c] === undefined))
      problems.push({ code: "LIB_NO_CLOUD", subject, message: "clouds asks for no cloud", hint: `Give clouds at least one of: ${CLOUD_IDS.join(", ")}.` });
    for (const c of CLOUD_IDS) {
      if (clouds[c] !== undefined && (clouds[c] === null || typeof clouds[c] !== "object"))
        problems.push({ code: "LIB_BAD_PROP", subject, message: `clouds.${c} is not an object of options`, hint: "Give the cloud's options, such as { vpcId } for aws." });
    }
  }
  if (props.namePrefix === undefined || props.namePrefix === null)
    problems.push({ code: "LIB_MISSING_PROP", subject, message: "namePrefix is missing", hint: "Give namePrefix: the prefix of every name, such as shop." });
  if (problems.length > 0) throw new ConfigError(problems);
}

/** CDKTF's tokens among binding values: a string token (`vpc.cidrBlock`) or an element of a list token. */
export function cdktfTokenKind(value: string): "value" | "list" | undefined {
  const { Token } = core();
  if (Token.isUnresolved(value)) return "value";
  // A list token is an array whose one element is an encoded list; only the array reads as unresolved.
  if (Token.isUnresolved([value])) return "list";
  return undefined;
}
