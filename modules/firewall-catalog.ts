/**
 * The catalog-level construct for a user's own CDKTF app: one catalog, one
 * environment's bindings, rendered for the clouds asked for, inside any scope
 * (the user's stack, beside the user's own resources). The security lint and
 * the coverage check run as construct validations, so the user's `cdktf synth`
 * refuses the same mistakes `npm run synth` does.
 */
import { Token } from "cdktf";
import { Construct } from "constructs";
import { bindPolicy, BoundPolicy, Policy, RoleBinding } from "../policy";
import { formatFindings, lintPolicy, LintResult } from "../policy/lint";
import { CloudFirewall } from "./cloud";
import { CLOUD_IDS, CLOUDS, CloudFirewallOptions, CloudId } from "./clouds";
import { COVERAGE_BUG, coverageProblems } from "./coverage";

/** One environment's bindings of the catalog's address sets and roles. */
export interface CatalogBindings {
  /** Environment name: in names (`<namePrefix>-<environment>-<role>`) and messages. */
  readonly environment: string;
  /** CIDRs (or single addresses) of each address set the catalog's rules use. @default {} */
  readonly addressSets?: Readonly<Record<string, readonly string[]>>;
  /** Roles managed elsewhere, bound to their addresses instead of a group of ours. @default {} (every role managed) */
  readonly roleAddresses?: Readonly<Record<string, readonly string[]>>;
  /** When true, the peer `any` also means ::/0. @default false */
  readonly ipv6?: boolean;
}

/** The clouds to render, each with its construct's options (see the cloud's folder under modules/). */
export type FirewallCatalogClouds = { readonly [K in CloudId]?: CloudFirewallOptions<K> };

export interface FirewallCatalogProps {
  /** The catalog: from `loadCatalogFile`/`parseCatalog` (YAML), `definePolicy` or the `Peer`/`Port` builders (code). */
  readonly policy: Policy;
  /** One environment's bindings. */
  readonly bindings: CatalogBindings;
  /** Prefix of every group, tag and firewall name. */
  readonly namePrefix: string;
  /** The clouds asked for; at least one. */
  readonly clouds: FirewallCatalogClouds;
  /** Run the security lint as a validation of this construct (errors stop synthesis). @default true */
  readonly lint?: boolean;
}

export class FirewallCatalog extends Construct {
  /** The catalog bound to the environment. */
  readonly bound: BoundPolicy;
  /** The rendering per cloud asked for: realisations, egress defaults, role handles. */
  readonly firewalls: { readonly [K in CloudId]?: CloudFirewall };
  /** The lint's findings (errors, warnings, waived), as the validation reports them. */
  readonly lintResult: LintResult;

  constructor(scope: Construct, id: string, props: FirewallCatalogProps) {
    super(scope, id);
    const asked = CLOUD_IDS.filter((c) => props.clouds[c] !== undefined);
    if (asked.length === 0) throw new Error(`FirewallCatalog "${id}": no cloud asked for. Give clouds at least one of: ${CLOUD_IDS.join(", ")}.`);
    const roles: Record<string, RoleBinding> = {};
    for (const [role, cidrs] of Object.entries(props.bindings.roleAddresses ?? {})) roles[role] = { kind: "addresses", cidrs };
    this.bound = bindPolicy(props.policy, {
      environment: props.bindings.environment,
      addressSets: props.bindings.addressSets ?? {},
      roles,
      ipv6: props.bindings.ipv6 ?? false,
      tokenKind: cdktfTokenKind,
    });

    const firewalls: { [K in CloudId]?: CloudFirewall } = {};
    for (const cloud of asked) {
      const definition = CLOUDS[cloud] as unknown as { createFirewall(scope: Construct, id: string, input: unknown): CloudFirewall };
      firewalls[cloud] = definition.createFirewall(this, cloud, { bound: this.bound, namePrefix: props.namePrefix, options: props.clouds[cloud] });
    }
    this.firewalls = firewalls;

    this.lintResult = lintPolicy(this.bound);
    const lint = this.lintResult;
    const environment = props.bindings.environment;
    if (props.lint ?? true) {
      this.node.addValidation({
        validate: () => {
          const errors = formatFindings({ ...lint, warnings: [], waived: [] }, environment);
          return errors.length === 0 ? [] : [`security lint found ${errors.length} error(s); fix the catalog or waive a finding there with its reason:\n${errors.map((e) => `  - ${e}`).join("\n")}`];
        },
      });
    }
    this.node.addValidation({
      validate: () => {
        const problems = asked.flatMap((c) => coverageProblems(this.bound.policy, firewalls[c]!.realisations, `${CLOUDS[c].displayName} (${this.node.path})`));
        return problems.length === 0 ? [] : [`environment "${environment}": ${problems.join("; ")}. ${COVERAGE_BUG}`];
      },
    });
  }

  /** Per managed role id, the handle on one cloud (security group id on AWS, network tag on GCP). */
  roleHandles(cloud: CloudId): Readonly<Record<string, string>> {
    const fw = this.firewalls[cloud];
    if (!fw) throw new Error(`FirewallCatalog "${this.node.id}" does not render ${cloud}; asked for: ${Object.keys(this.firewalls).join(", ")}.`);
    return fw.roleHandles;
  }
}

/** CDKTF's tokens among binding values: a string token (`vpc.cidrBlock`) or an element of a list token. */
export function cdktfTokenKind(value: string): "value" | "list" | undefined {
  if (Token.isUnresolved(value)) return "value";
  // A list token is an array whose one element is an encoded list; only the array reads as unresolved.
  if (Token.isUnresolved([value])) return "list";
  return undefined;
}
