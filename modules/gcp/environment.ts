/** The `gcp` section of an environment file: its type, its JSON Schema (composed into environments/schema/environment.schema.json) and the checks the schema cannot express. */
import { Problem, SourceLocation } from "../../policy";
import { CloudSection, LocalBackendConfig, remoteOrLocalBackendSchema } from "../cloud";
import { checkNetworks, CloudNetworks, NetworkSection, networksSchema } from "../networks";

export interface GcpEnvironment {
  readonly project: string;
  readonly region: string;
  /** The one VPC network of every role; or `networks` with `placement`. */
  readonly network?: string;
  /** VPC networks by name, each with its network name and CIDRs. */
  readonly networks?: Readonly<Record<string, NetworkSection & { readonly network: string }>>;
  /** Role id (or "*", every role not listed) to network name. */
  readonly placement?: Readonly<Record<string, string>>;
  readonly labels?: Record<string, string>;
  /** @default "tag" */
  readonly identity?: "tag" | "serviceAccount";
  readonly serviceAccounts?: Record<string, string>;
  /** @default false */
  readonly logging?: false | "INCLUDE_ALL_METADATA" | "EXCLUDE_ALL_METADATA";
  /** @default 1000 */
  readonly priorityBase?: number;
  /** @default 2000 */
  readonly priorityStep?: number;
  /** @default DEFAULT_GOOGLE_PROVIDER_VERSION */
  readonly providerVersion?: string;
  readonly backend: { gcs: { bucket: string; prefixRoot?: string } } | LocalBackendConfig;
}

/** The binding (@cdktf/provider-google 16) targets google 6.x; 7.x keeps the firewall resource (FIREWALL_TYPE) as is. */
/** The GCS prefix of a stack's state: `<prefixRoot>/<stack>`. */
export function gcsStatePrefix(prefixRoot: string | undefined, stack: string): string {
  return `${prefixRoot ?? "firewall"}/${stack}`;
}

export const DEFAULT_GOOGLE_PROVIDER_VERSION = ">= 6.0.0, < 8.0.0";

const NETWORK_NAME = { type: "string", pattern: "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", description: "VPC network name." } as const;

/**
 * Network tags and service accounts name instances of the firewall's own VPC
 * network only, peered or not: a role of another network is its CIDRs. An
 * egress firewall names destination ranges only, never tags, so a role peer
 * of an egress rule is its network's CIDRs even within one network.
 */
export const GCP_NETWORKS: CloudNetworks = {
  singleKey: "network",
  idKey: "network",
  peering: false,
  cannotReference: (direction, target, peer) =>
    direction === "egress"
      ? `GCP egress firewalls name destination ranges only, never network tags or service accounts, so a role peer on egress is the CIDRs of its network "${peer.name}" (${peer.id})`
      : target.name === peer.name
        ? undefined
        : `GCP network tags and service accounts name instances of the firewall's own VPC network only, and role peers of network "${peer.name}" (${peer.id}) are outside "${target.name}" (${target.id}), peered or not`,
};

export const GCP_ENVIRONMENT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["project", "region", "backend"],
  properties: {
    project: { type: "string", pattern: "^[a-z][-a-z0-9]{4,28}[a-z0-9]$", description: "GCP project id: 6-30 lower-case letters, digits or hyphens, starting with a letter." },
    region: { type: "string", pattern: "^[a-z]+-[a-z]+\\d$", description: "GCP region, such as europe-west1." },
    // One VPC network for every role's firewall rules; or networks with placement.
    network: NETWORK_NAME,
    ...networksSchema(GCP_NETWORKS, NETWORK_NAME, "gcp"),
    labels: {
      type: "object",
      maxProperties: 64,
      propertyNames: { pattern: "^[\\p{Ll}\\p{Lo}][\\p{Ll}\\p{Lo}\\p{N}_-]{0,62}$", description: "GCP label key: a lower-case letter, then up to 62 lower-case letters, digits, _ or -." },
      additionalProperties: { type: "string", pattern: "^[\\p{Ll}\\p{Lo}\\p{N}_-]{0,63}$", description: "GCP label value: up to 63 lower-case letters, digits, _ or -." },
      description: "Default labels (provider default_labels), as GCP allows them.",
    },
    identity: { enum: ["tag", "serviceAccount"], description: "How roles are identified: network tags or service accounts. @default tag" },
    serviceAccounts: { type: "object", additionalProperties: { type: "string" }, description: "Role id to service account email, when identity is serviceAccount." },
    logging: { enum: [false, "INCLUDE_ALL_METADATA", "EXCLUDE_ALL_METADATA"], description: "Firewall rule logging (log_config metadata), or false. @default false" },
    priorityBase: {
      type: "integer",
      minimum: 0,
      maximum: 65000,
      description: "Lowest priority of the catalog's rules; the first rule gets base + step, and priorities are kept in environments/priorities/<env>.yaml (docs/priorities.md). @default 1000",
    },
    priorityStep: {
      type: "integer",
      minimum: 1,
      maximum: 10000,
      description:
        "Room between rules in a first allocation and between appended rules; 11 or more leaves room for 10 inserts in one edit anywhere, 1024 or more for 10 edits of one insert each. @default 2000",
    },
    providerVersion: { type: "string", description: "Version constraint of hashicorp/google. @default >= 6.0.0, < 8.0.0" },
    backend: remoteOrLocalBackendSchema(
      "gcs",
      {
        required: ["bucket"],
        properties: {
          bucket: { type: "string", pattern: "^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", description: "GCS bucket name." },
          prefixRoot: { type: "string", description: "State prefixes are <prefixRoot>/<stack>. @default firewall" },
        },
      },
      { title: "a gcs or a local backend", description: "Where the state lives: gcs (one prefix per stack) or local (a relative path)." },
    ),
  },
} as const;

/** What the schema cannot say: the networks (modules/networks.ts); service-account identity needs the accounts. */
export function checkGcpEnvironment(gcp: GcpEnvironment, locate: (path: readonly (string | number)[]) => SourceLocation): Omit<Problem, "subject">[] {
  const networks = checkNetworks(gcp, GCP_NETWORKS, "gcp", locate);
  if (networks.length > 0) return networks;
  if (gcp.identity === "serviceAccount" && !gcp.serviceAccounts) {
    return [
      {
        code: "ENV_GCP_SERVICE_ACCOUNTS_MISSING",
        location: locate(["identity"]),
        message: "gcp.identity is serviceAccount but gcp.serviceAccounts is missing",
        hint: "Add gcp.serviceAccounts: a service account email for every managed role.",
      },
    ];
  }
  return [];
}

/** The environment file's `gcp` section as the cloud registry reads it. */
export const GCP_SECTION: CloudSection<GcpEnvironment> = {
  id: "gcp",
  displayName: "GCP",
  environmentSchema: GCP_ENVIRONMENT_SCHEMA,
  checkEnvironmentSection: checkGcpEnvironment,
  networks: GCP_NETWORKS,
};
