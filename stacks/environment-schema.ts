/**
 * The JSON Schema of an environment file: the common part written here, one
 * section per cloud taken from the cloud's own folder (through the registry).
 * environments/schema/environment.schema.json is this, generated for editors
 * (`npm run schema:update`; a test fails when it is stale).
 */
import { cloudDefinitions } from "../modules/clouds";

const COMMON = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://example.invalid/firewall-catalog/environment.schema.json",
  title: "Environment",
  description: "One environment: which catalog, which clouds, and how the catalog's roles and address sets are bound there.",
  type: "object",
  additionalProperties: false,
  required: ["name", "catalog", "namePrefix", "addressSets"],
} as const;

const COMMON_PROPERTIES = {
  name: {
    description: "Environment name: lower-case letters, digits and hyphens (stack names are <name>-<cloud>, such as <name>-aws).",
    type: "string",
    pattern: "^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$",
  },
  catalog: {
    description: "Catalog name: the file catalog/<catalog>.yaml.",
    type: "string",
    pattern: "^[a-z]([-a-z0-9]*[a-z0-9])?$",
  },
  namePrefix: {
    description: "Prefix of every group, tag and firewall name: lower-case letters, digits and hyphens, at most 12 characters, not starting with sg-.",
    type: "string",
    pattern: "^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$",
  },
  ipv6: { description: "When true, the peer any also means ::/0. @default false", type: "boolean" },
  addressSets: {
    description: "CIDRs (or single addresses) for each address set the catalog uses.",
    type: "object",
    additionalProperties: { type: "array", items: { type: "string" } },
  },
  roles: {
    description: "Roles bound to addresses instead of managed groups (for roles managed elsewhere). Roles not listed are managed.",
    type: "object",
    additionalProperties: {
      type: "object",
      additionalProperties: false,
      required: ["addresses"],
      properties: { addresses: { type: "array", items: { type: "string" }, minItems: 1 } },
    },
  },
  services: {
    description: "Ports of each service the catalog declares (service:<id> in its rules); a service not listed takes the catalog's default.",
    type: "object",
    additionalProperties: {
      title: "a list of ports",
      description: "Ports and ranges, such as [21, 30000-30100].",
      type: "array",
      minItems: 1,
      items: {
        title: "a port or a range",
        description: "Ports are 1-65535; write a range low-high, such as 30000-30100.",
        oneOf: [{ type: "integer" }, { type: "string", pattern: "^\\s*\\d+\\s*-\\s*\\d+\\s*$" }],
      },
    },
  },
} as const;

let composed: Record<string, unknown> | undefined;

/** The whole schema (one object, so its compiled validator is cached). */
export function environmentSchema(): Record<string, unknown> {
  if (composed) return composed;
  const clouds = cloudDefinitions();
  composed = {
    ...COMMON,
    properties: { ...COMMON_PROPERTIES, ...Object.fromEntries(clouds.map((c) => [c.id, { $ref: `#/definitions/${c.id}` }])) },
    definitions: Object.fromEntries(clouds.map((c) => [c.id, { description: `The ${c.displayName} section.`, ...c.environmentSchema }])),
  };
  return composed;
}

/** The schema file's text, as the editors' `# yaml-language-server: $schema=` line reads it. */
export function environmentSchemaText(): string {
  return `${JSON.stringify(environmentSchema(), null, 2)}\n`;
}
