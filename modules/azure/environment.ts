/** The `azure` section of an environment file: its type, its JSON Schema (composed into environments/schema/environment.schema.json) and the checks the schema cannot express. */
import type { Problem, SourceLocation } from "../../policy";
import { CloudSection, LocalBackendConfig, remoteOrLocalBackendSchema } from "../cloud";
import { checkNetworks, CloudNetworks, NetworkSection, networksSchema } from "../networks";
import { AZURE_MAX_TAGS, AZURE_RESERVED_TAG_PREFIXES, lookUpAzureLocation, unknownLocationHint } from "./regions";

/** Tags the stack sets on every resource itself: a user's tag of that name (any case) would be replaced. */
export const AZURE_STACK_TAGS = ["catalog"] as const;

export interface AzureEnvironment {
  readonly subscriptionId: string;
  /** Resource group of the network and application security groups (it must exist). */
  readonly resourceGroup: string;
  /** Azure region, such as westeurope. */
  readonly location: string;
  readonly tags?: Record<string, string>;
  /** Virtual networks by name, each with its VNet name and address space, where roles sit in several. @default one VNet for every role */
  readonly networks?: Readonly<Record<string, NetworkSection & { readonly vnet: string }>>;
  /** Role id (or "*", every role not listed) to network name. */
  readonly placement?: Readonly<Record<string, string>>;
  /** @default 100 */
  readonly priorityBase?: number;
  /** @default 100 */
  readonly priorityStep?: number;
  /** @default DEFAULT_AZURERM_PROVIDER_VERSION */
  readonly providerVersion?: string;
  readonly backend: { azurerm: { storageAccount: string; container: string; key?: string; resourceGroup?: string } } | LocalBackendConfig;
}

/** The binding (@cdktf/provider-azurerm 14.23) targets azurerm 4.55; the resources we use are the same across 4.x. */
export const DEFAULT_AZURERM_PROVIDER_VERSION = ">= 4.0.0, < 5.0.0";

/** A resource group's name as Azure allows it: the security groups' and the state storage account's groups are both one. */
const RESOURCE_GROUP_NAME = { type: "string", pattern: "^[-\\w.()]{0,89}[-\\w()]$" } as const;

/**
 * An application security group holds network interfaces of one virtual
 * network, and a rule's ASGs must share it (peered or not): a role of another
 * VNet is its VNet's address space. NSGs themselves are regional and serve
 * any VNet of the location.
 */
export const AZURE_NETWORKS: CloudNetworks = {
  idKey: "vnet",
  peering: false,
  cannotReference: (_direction, target, peer) =>
    target.name === peer.name
      ? undefined
      : `an Azure application security group holds network interfaces of one virtual network, and a rule's ASGs must share it, so role peers of VNet "${peer.name}" (${peer.id}) cannot be named from "${target.name}" (${target.id}), peered or not`,
};

const VNET_NAME = {
  type: "string",
  pattern: "^[A-Za-z0-9][-\\w.]{0,62}[\\w]$",
  description: "Virtual network name: 2-64 letters, digits, '_', '-' or '.', starting with a letter or digit, ending with a letter, digit or '_'.",
} as const;

export const AZURE_ENVIRONMENT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["subscriptionId", "resourceGroup", "location", "backend"],
  properties: {
    subscriptionId: { type: "string", pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", description: "Azure subscription id (a GUID)." },
    resourceGroup: {
      ...RESOURCE_GROUP_NAME,
      description: "Resource group of the security groups: up to 90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'.",
    },
    location: { type: "string", minLength: 1, maxLength: 64, description: "Azure region: its name (westeurope) or display name (West Europe), checked against the regions Azure has." },
    tags: {
      type: "object",
      propertyNames: { pattern: "^[^<>%&\\\\?/]{1,512}$", description: "Azure tag name: 1-512 characters, none of < > % & \\ ? /." },
      additionalProperties: { type: "string", maxLength: 256, description: "Azure tag value: at most 256 characters." },
      description: "Tags on every network and application security group: at most 49, since Azure allows 50 per resource and the stack adds catalog.",
    },
    ...networksSchema(AZURE_NETWORKS, VNET_NAME, "azure"),
    priorityBase: {
      type: "integer",
      minimum: 100,
      maximum: 4095,
      description:
        "Lowest priority of the catalog's rules in each direction of each network security group (the first rule gets base + step); 4096 is kept for the overrides of Azure's default rules. Priorities are kept in environments/priorities/<env>.yaml (docs/priorities.md). @default 100",
    },
    priorityStep: {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      description: "Room between rules in a first allocation and between appended rules; 11 or more leaves room for 10 inserts in one edit anywhere. @default 100",
    },
    providerVersion: { type: "string", description: "Version constraint of hashicorp/azurerm. @default >= 4.0.0, < 5.0.0" },
    backend: remoteOrLocalBackendSchema(
      "azurerm",
      {
        required: ["storageAccount", "container"],
        properties: {
          storageAccount: { type: "string", pattern: "^[a-z0-9]{3,24}$", description: "Storage account name: 3-24 lower-case letters and digits." },
          container: { type: "string", pattern: "^(?!.*--)[a-z0-9][-a-z0-9]{1,61}[a-z0-9]$", description: "Blob container name: 3-63 lower-case letters, digits and single hyphens." },
          key: { type: "string", pattern: "^[^\\s]{1,1024}$", description: "Blob name of the state. @default firewall/<stack>.tfstate" },
          resourceGroup: { ...RESOURCE_GROUP_NAME, description: "Resource group of the storage account, when the backend must look up its keys." },
        },
      },
      { title: "an azurerm or a local backend", description: "Where the state lives: azurerm (a blob per stack) or local (a relative path)." },
    ),
  },
} as const;

/** The blob that holds a stack's state: the configured key, or firewall/<stack>.tfstate. */
export function azureStateKey(key: string | undefined, stack: string): string {
  return key ?? `firewall/${stack}.tfstate`;
}

/** What the schema cannot say about an azure section: the location is a region, the tags fit beside ours. */
export function checkAzureEnvironment(azure: AzureEnvironment, locate: (path: readonly (string | number)[]) => SourceLocation): Omit<Problem, "subject">[] {
  const problems: Omit<Problem, "subject">[] = checkNetworks(azure, AZURE_NETWORKS, "azure", locate);
  const found = lookUpAzureLocation(azure.location);
  if ("unknown" in found)
    problems.push({ code: "AZURE_UNKNOWN_LOCATION", location: locate(["location"]), message: `"${azure.location}" is not an Azure region`, hint: unknownLocationHint(found.nearest) });
  const tags = Object.keys(azure.tags ?? {});
  const total = tags.length + AZURE_STACK_TAGS.length;
  if (total > AZURE_MAX_TAGS) {
    problems.push({
      code: "AZURE_TOO_MANY_TAGS",
      location: locate(["tags"]),
      message: `${tags.length} tags, and the stack adds ${AZURE_STACK_TAGS.map((t) => `"${t}"`).join(", ")}: ${total} in all, but Azure allows ${AZURE_MAX_TAGS} per resource`,
      hint: `Keep at most ${AZURE_MAX_TAGS - AZURE_STACK_TAGS.length} tags here.`,
    });
  }
  const seen = new Map<string, string>();
  for (const name of tags) {
    const lower = name.toLowerCase();
    const ours = AZURE_STACK_TAGS.find((t) => t === lower);
    const prefix = AZURE_RESERVED_TAG_PREFIXES.find((p) => lower.startsWith(p));
    if (ours)
      problems.push({
        code: "AZURE_RESERVED_TAG",
        location: locate(["tags", name]),
        message: `tag "${name}" is one the stack sets itself (the catalog's name), so yours would be replaced`,
        hint: "Rename the tag (Azure tag names ignore case).",
      });
    else if (prefix)
      problems.push({ code: "AZURE_RESERVED_TAG", location: locate(["tags", name]), message: `tag "${name}" starts with "${prefix}", a prefix Azure keeps for itself`, hint: "Rename the tag." });
    if (seen.has(lower))
      problems.push({
        code: "AZURE_DUPLICATE_TAG",
        location: locate(["tags", name]),
        message: `tags "${seen.get(lower)}" and "${name}" are one tag to Azure (tag names ignore case)`,
        hint: "Keep one of them.",
      });
    seen.set(lower, name);
  }
  return problems;
}

/** The environment file's `azure` section as the cloud registry reads it. */
export const AZURE_SECTION: CloudSection<AzureEnvironment> = {
  id: "azure",
  displayName: "Azure",
  environmentSchema: AZURE_ENVIRONMENT_SCHEMA,
  checkEnvironmentSection: checkAzureEnvironment,
  networks: AZURE_NETWORKS,
};
