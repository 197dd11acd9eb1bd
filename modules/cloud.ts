/**
 * The contract every cloud implements. A cloud is one folder under modules/
 * (its construct, its stack wiring, its environment section and its reading
 * of its own synthesized Terraform) and one row in modules/clouds.ts; code
 * outside the folder knows a cloud only through this interface.
 */
import type { TerraformStack } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { BoundPolicy, Flow, Problem, SourceLocation } from "../policy";
import type { DriftReport } from "./drift";
import { CidrCut, CloudDecision, Footprint } from "./effective";
import type { CloudPriorities } from "./priorities";
import type { PlatformPeers } from "./platform";
import type { ReadContext } from "./engine/configuration";
import type { CloudNetworks, PlacedPolicy } from "./networks";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "./realisation";

/** What a cloud's firewall construct exposes once it has rendered a bound policy. */
export interface CloudFirewall extends IConstruct {
  /** How each catalog rule is realised on the cloud, in catalog order (one entry per rule). */
  readonly realisations: readonly RuleRealisation[];
  /** How each managed role's egress default is realised, in catalog order. */
  readonly egressDefaults: readonly EgressDefaultRealisation[];
  /** How each managed role's ingress default is realised, for clouds whose own defaults would not deny unmatched ingress. @default the cloud's own default denies it */
  readonly ingressDefaults?: readonly IngressDefaultRealisation[];
  /** Per managed role id, what its machines carry to be members (a security group id, a network tag…). */
  readonly roleHandles: Readonly<Record<string, string>>;
  /** The stack outputs the cloud's effective view reads (output name → value), as the cloud's stack writes them. */
  readonly checkedOutputs: Readonly<Record<string, unknown>>;
  /** For clouds that order rules by priority: the priorities given, per scope, to keep for the next synthesis (docs/priorities.md). @default none */
  readonly priorityAllocation?: CloudPriorities;
  /** Rules that had a priority in the previous allocation and got another one. @default none */
  readonly renumbered?: readonly string[];
  /** The policy as placed in the construct's `networks` (each role's network, the widened peers). @default one network: the policy as given */
  readonly placed?: PlacedPolicy;
}

/** What a cloud's construct takes besides the bound policy and the name prefix, which every cloud's is given: FirewallCatalog's `clouds.<id>`. */
export type FirewallOptions<Props> = Omit<Props, "policy" | "namePrefix">;

/** A cloud folder's `constructs.ts`: its firewall construct and its stack, which the registry row loads on use. */
export interface CloudConstructs<Section, Props> {
  readonly Firewall: new (scope: Construct, id: string, props: Props) => CloudFirewall;
  readonly Stack: new (scope: Construct, name: string, input: CloudStackInput<Section>) => CloudStack;
}

/**
 * A row's `createFirewall` and `createStack`: the firewall's props are the
 * user's options plus the bound policy and the name prefix. `load` requires
 * the folder's constructs module on use: the engine's readers (verify, reach)
 * need neither cdktf nor the bindings, and a stack module takes its base class
 * from the app's core only when it loads.
 */
export function constructsOnUse<Section, Props extends { readonly policy: BoundPolicy; readonly namePrefix: string }>(
  load: () => CloudConstructs<Section, Props>,
): Pick<CloudDefinition<Section, FirewallOptions<Props>>, "createFirewall" | "createStack"> {
  return {
    createFirewall: (scope, id, { bound, namePrefix, options }) => new (load().Firewall)(scope as Construct, id, { ...options, policy: bound, namePrefix } as unknown as Props),
    createStack: (scope, name, input) => new (load().Stack)(scope as Construct, name, input),
  };
}

/** A cloud's stack: provider, state backend, the firewall construct and the role-handle output. */
export interface CloudStack extends TerraformStack {
  readonly firewall: CloudFirewall;
}

/** What the stacks stage hands a cloud's stack factory: one environment's values, never the file. */
export interface CloudStackInput<Section> {
  /** Environment name. */
  readonly environment: string;
  /** Prefix of names and tags: `<namePrefix>-<environment>-…`. */
  readonly namePrefix: string;
  /** The catalog bound to the environment. */
  readonly bound: BoundPolicy;
  /** The cloud's own section of the environment file, validated by its schema. */
  readonly section: Section;
  /** The cloud's part of the environment's committed priority allocation, for clouds that order rules by priority. @default none */
  readonly priorities?: CloudPriorities;
  /** Where the section places roles in several networks: `bound` is then already placed (modules/networks.ts). @default one network */
  readonly placed?: PlacedPolicy;
}

/** A cloud's decisions over flows, read from a Terraform configuration (the effective-access engine's view of one cloud). */
export interface EffectiveView {
  decide(flow: Flow): CloudDecision;
  /** Roles the configuration serves (that have a group, NSG or tag). */
  roles(): string[];
  /** What decides a flow no rule decides, for a role, as a noun: the role's group, NSG or tag (reach says `default deny of …`). */
  defaultOf(role: string): string;
  /** What changes access in a way no flow shows (a group in another VPC, a firewall on no role): each fails verify. */
  findings(): readonly string[];
  /** Every ICMP type a rule narrows to (probed too). */
  icmpTypes(): number[];
  /** Every port edge the rendered resources mention (probed by the verifier). */
  ports(): number[];
  /** Every CIDR the rendered resources match against, with the traffic of each (the verifier cuts the address space there). */
  cuts(): CidrCut[];
  /** Every protocol number the rendered resources name (probed by the verifier). */
  protocols(): number[];
  /**
   * What each rule that can decide a flow of `role` matches: the verifier
   * probes that role's flows at these ports, cells and peer roles (plus one
   * member of a role no rule names, standing for all such roles).
   */
  footprints(role: string): readonly Footprint[];
}

/** What FirewallCatalog hands a cloud's construct factory. */
export interface CloudFirewallInput<Options> {
  /** The catalog bound to one environment. */
  readonly bound: BoundPolicy;
  /** Prefix of names and tags: `<namePrefix>-<environment>-…`. */
  readonly namePrefix: string;
  /** The cloud's own options (a VPC id, a network…), from the user. */
  readonly options: Options;
}

/**
 * One row of the registry: everything the stages outside the cloud's folder need.
 * `Section` is the cloud's environment-file section, `Options` what its
 * construct takes besides the bound policy and the name prefix.
 */
export interface CloudDefinition<Section, Options = unknown> {
  /** Short id: the environment file's section key and the stack name suffix (`<env>-<id>`). */
  readonly id: string;
  /** Name in reports and messages. */
  readonly displayName: string;
  /** JSON Schema (draft-07) of the environment file's section for this cloud. */
  readonly environmentSchema: Readonly<Record<string, unknown>>;
  /** Checks of the section that its schema cannot express; `locate` finds a path inside the section. */
  checkEnvironmentSection?(section: Section, locate: (path: readonly (string | number)[]) => SourceLocation): Omit<Problem, "subject">[];
  /** How the section places roles in several networks (`networks`, `placement`), and what a rule can name across them (modules/networks.ts). @default one network */
  readonly networks?: CloudNetworks;
  /** Adds the cloud's firewall construct (without provider or backend) to any scope: FirewallCatalog's way in. */
  createFirewall(scope: IConstruct, id: string, input: CloudFirewallInput<Options>): CloudFirewall;
  /** Adds the cloud's stack for one environment to the app. */
  createStack(scope: IConstruct, name: string, input: CloudStackInput<Section>): CloudStack;
  /** The Terraform output of the stack that maps role ids to role handles. */
  readonly roleHandleOutput: string;
  /**
   * Reads a Terraform configuration (synthesized JSON, or a folder read as
   * Terraform reads it) to decide flows as the cloud would; throws a
   * ConfigError (VERIFY_… codes) on what it cannot interpret. The section is
   * absent for a user's own stack (the matchers).
   */
  readEffective(config: unknown, section: Section | undefined, context?: ReadContext & { source?: string }): EffectiveView;
  /** Resource type prefixes of the cloud's providers (`aws_`): the engine tells the clouds of a configuration apart by them. */
  readonly resourcePrefixes: readonly string[];
  /**
   * True when the cloud renders every catalog rule as its own resources (GCP's
   * deny rules): a flow a catalog rule decides must then be decided by one of
   * them, not by the cloud's implied defaults, or the rule was lost.
   */
  readonly decidesByOwnResources: boolean;
  /** How the verifier explains a decision no resource made (the cloud's default). */
  readonly defaultDecisionText: string;
  /**
   * Compares a deployed stack with its synthesized JSON by reading the cloud
   * (`npm run drift`); throws DriftUnknownError when it cannot tell. Absent for
   * clouds without a reader. Load the cloud's SDK inside, not at import.
   */
  readDrift?(stack: string, json: unknown): Promise<DriftReport>;
  /**
   * Which changes the provider cannot make in place, so that `npm run diff`
   * can tell replacements from updates without a Terraform plan. Without it,
   * a changed resource is reported with "replacement unknown: pass a plan".
   */
  readonly changeRules?: CloudChangeRules;
  /**
   * The cloud's resources whose names must be unique, and where: the stack-wide
   * clash check (modules/addresses.ts) compares their names, ours and the app's.
   * @default none
   */
  readonly namedResources?: readonly NamedResource[];
  /** For clouds that order rules by priority: how the review reads priorities (review/priorities.ts). @default none */
  readonly priorityRules?: PriorityRules;
  /** Where the stack `stack` keeps its Terraform state (two stacks must never share one). */
  stateLocation(section: Section, stack: string): StateLocation;
  /** What the catalog's platform peers (platform:load-balancer) are on this cloud (modules/platform.ts). @default refused: LIB_PLATFORM_PEER_UNSUPPORTED */
  readonly platformPeers?: PlatformPeers;
}

/** A row's part that the cloud's environment.ts defines: the section's key (also the stack name suffix), its name, its schema and checks, its networks. */
export type CloudSection<Section> = Pick<CloudDefinition<Section>, "id" | "displayName" | "environmentSchema" | "checkEnvironmentSection" | "networks">;

/** A resource type whose name is unique within a scope (a VPC, a project, a resource group…). */
export interface NamedResource {
  /** Terraform resource type, from the cloud's vocabulary. */
  readonly type: string;
  /** For messages, such as "AWS security group". */
  readonly what: string;
  /** The attributes that scope the name, by their binding getters (`vpcIdInput`), with what an unset one means. */
  readonly scopes: readonly { readonly input: string; readonly label: string; readonly unset?: string }[];
  /** Whether the cloud compares these names ignoring case (Azure). @default false */
  readonly ignoreCase?: boolean;
}

/** How a cloud's resources carry priorities. */
export interface PriorityRules {
  /** The scope (rules that compete), priority and action of a resource; undefined for resources without one. */
  ruleOf(type: string, body: Readonly<Record<string, any>>): { scope: string; priority: number; action: "allow" | "deny" } | undefined;
  /** Each apply order that the cloud would refuse, in one sentence, between two configurations of a stack. @default none */
  collisions?(before: unknown, after: unknown): string[];
}

/** Where a stack keeps its Terraform state, as its backend block says. */
export interface StateLocation {
  /** For messages, such as `local path "../../state.tfstate"` or `S3 bucket "b" key "k"`. */
  readonly description: string;
  /** The setting that decides it, as a path inside the cloud's section (for file:line:column), such as ["backend", "local", "path"]. */
  readonly setting: readonly string[];
  /** A local state file, relative to the folder Terraform runs in (the stack's folder). */
  readonly localFile?: string;
  /** A remote state object, such as `s3://bucket/key`. */
  readonly remoteObject?: string;
}

/**
 * Why a change replaces a resource: the reasons, empty when Terraform updates
 * it in place. `isReplaced` says whether another resource of the stack (by
 * address) is replaced, for resources that refer to it.
 */
export type ReplacementRule = (before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, isReplaced: (address: string) => boolean) => string[];

export interface CloudChangeRules {
  /** Resource type → what forces its replacement. */
  readonly replacedWhen: Readonly<Record<string, ReplacementRule>>;
  /**
   * The resources instances are attached to (AWS's security group, Azure's
   * network and application security groups): replacing or destroying one is a
   * risk, since attached instances block its deletion.
   */
  readonly attachedGroups?: readonly { readonly type: string; readonly noun: string }[];
}

/** The attributes among `names` whose values differ, as replacement reasons. */
export function attributesReplace(...names: string[]): ReplacementRule {
  return (before, after) => names.filter((n) => JSON.stringify(before[n] ?? null) !== JSON.stringify(after[n] ?? null)).map((n) => `${n} cannot change in place`);
}

/** The schema of a local state backend (a relative path), shared by the clouds' sections. */
export const LOCAL_BACKEND_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["local"],
  properties: {
    local: {
      type: "object",
      additionalProperties: false,
      properties: {
        path: { type: "string", pattern: "^(?![/\\\\])(?![A-Za-z]:)", description: "Relative path of the state file (never absolute). @default terraform.tfstate" },
      },
    },
  },
} as const;

export interface LocalBackendConfig {
  readonly local: { path?: string };
}

/**
 * The schema of a section's `backend`: the cloud's own remote backend (one
 * block, `name`, with its settings) or a local one. Every cloud offers that
 * choice, so it is written here once.
 */
export function remoteOrLocalBackendSchema(
  name: string,
  remote: { readonly required: readonly string[]; readonly properties: Readonly<Record<string, unknown>> },
  text: { readonly title?: string; readonly description: string },
) {
  return {
    ...(text.title === undefined ? {} : { title: text.title }),
    description: text.description,
    oneOf: [
      {
        type: "object",
        additionalProperties: false,
        required: [name],
        properties: { [name]: { type: "object", additionalProperties: false, required: remote.required, properties: remote.properties } },
      },
      LOCAL_BACKEND_SCHEMA,
    ],
  } as const;
}

/** A cloud's `stateLocation` for a section whose backend is `name` or local: the local file, else what `remote` makes of the remote backend's settings. */
export function remoteOrLocalStateLocation<Name extends string, Remote>(
  name: Name,
  remote: (settings: Remote, stack: string) => StateLocation,
): (section: { readonly backend: { readonly [K in Name]: Remote } | LocalBackendConfig }, stack: string) => StateLocation {
  return (section, stack) => (name in section.backend ? remote((section.backend as { readonly [K in Name]: Remote })[name], stack) : localStateLocation(section.backend as LocalBackendConfig));
}

/** @default "terraform.tfstate" (in the stack's own folder) */
/**
 * Pins a stack's provider: its source fully qualified, as reviewers and
 * `terraform providers` write it (the bindings say just "aws"), its version
 * constraint, and the Terraform version the stack needs.
 */
export function requireProvider(stack: TerraformStack, name: string, version: string, terraformVersion: string): void {
  stack.addOverride(`terraform.required_providers.${name}.source`, `hashicorp/${name}`);
  stack.addOverride(`terraform.required_providers.${name}.version`, version);
  stack.addOverride("terraform.required_version", terraformVersion);
}

/**
 * What every cloud's stack (our own app, one catalog per stack) gives its
 * construct: bare logical ids, the addresses deployed stacks already have, and
 * no second lint (synthesis lints each environment once, before any stack).
 */
export const OWN_STACK_OPTIONS = {
  logicalIdScope: "none",
  skipLint: { reason: "npm run synth lints each environment once before its stacks (synth/synthesize.ts)" },
} as const;

export function localStatePath(configured: string | undefined): string {
  return configured ?? "terraform.tfstate";
}

/** The state location of a local backend. */
export function localStateLocation(backend: LocalBackendConfig): StateLocation {
  const configured = backend.local.path;
  return {
    description: configured === undefined ? `the default local path "${localStatePath(undefined)}"` : `local path "${configured}"`,
    setting: configured === undefined ? ["backend", "local"] : ["backend", "local", "path"],
    localFile: localStatePath(configured),
  };
}
