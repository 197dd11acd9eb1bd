/** The `azure` section of an environment file: its type, its JSON Schema (composed into environments/schema/environment.schema.json) and the checks the schema cannot express. */
import { LOCAL_BACKEND_SCHEMA, LocalBackendConfig } from "../cloud";

export interface AzureEnvironment {
  readonly subscriptionId: string;
  /** Resource group of the network and application security groups (it must exist). */
  readonly resourceGroup: string;
  /** Azure region, such as westeurope. */
  readonly location: string;
  readonly tags?: Record<string, string>;
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

export const AZURE_ENVIRONMENT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["subscriptionId", "resourceGroup", "location", "backend"],
  properties: {
    subscriptionId: { type: "string", pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", description: "Azure subscription id (a GUID)." },
    resourceGroup: { type: "string", pattern: "^[-\\w.()]{0,89}[-\\w()]$", description: "Resource group of the security groups: up to 90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'." },
    location: { type: "string", pattern: "^[a-z][a-z0-9]{2,30}$", description: "Azure region name, such as westeurope." },
    tags: {
      type: "object",
      maxProperties: 50,
      propertyNames: { pattern: "^[^<>%&\\\\?/]{1,512}$", description: "Azure tag name: 1-512 characters, none of < > % & \\ ? /." },
      additionalProperties: { type: "string", maxLength: 256, description: "Azure tag value: at most 256 characters." },
      description: "Tags on every network and application security group (Azure allows 50 per resource).",
    },
    priorityBase: { type: "integer", minimum: 100, maximum: 4095, description: "Lowest priority of the catalog's rules in each direction of each network security group (the first rule gets base + step); 4096 is kept for the overrides of Azure's default rules. Priorities are kept in environments/priorities/<env>.yaml (docs/priorities.md). @default 100" },
    priorityStep: { type: "integer", minimum: 1, maximum: 1000, description: "Room between rules in a first allocation and between appended rules; 11 or more leaves room for 10 inserts in one edit anywhere. @default 100" },
    providerVersion: { type: "string", description: "Version constraint of hashicorp/azurerm. @default >= 4.0.0, < 5.0.0" },
    backend: {
      description: "Where the state lives: azurerm (a blob per stack) or local (a relative path).",
      oneOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["azurerm"],
          properties: {
            azurerm: {
              type: "object",
              additionalProperties: false,
              required: ["storageAccount", "container"],
              properties: {
                storageAccount: { type: "string", pattern: "^[a-z0-9]{3,24}$", description: "Storage account name: 3-24 lower-case letters and digits." },
                container: { type: "string", pattern: "^(?!.*--)[a-z0-9][-a-z0-9]{1,61}[a-z0-9]$", description: "Blob container name: 3-63 lower-case letters, digits and single hyphens." },
                key: { type: "string", pattern: "^[^\\s]{1,1024}$", description: "Blob name of the state. @default firewall/<stack>.tfstate" },
                resourceGroup: { type: "string", pattern: "^[-\\w.()]{0,89}[-\\w()]$", description: "Resource group of the storage account, when the backend must look up its keys." },
              },
            },
          },
        },
        LOCAL_BACKEND_SCHEMA,
      ],
    },
  },
} as const;

/** The blob that holds a stack's state: the configured key, or firewall/<stack>.tfstate. */
export function azureStateKey(key: string | undefined, stack: string): string {
  return key ?? `firewall/${stack}.tfstate`;
}
