/**
 * No azurerm provider binary is on these machines, so `terraform validate`
 * cannot judge the Azure stacks. Instead every synthesized Azure resource is
 * checked against what the provider binding declares (HashiCorp's code
 * generated from the azurerm 4.55 schema): attribute names, the attributes the
 * binding requires, and the shape of each value.
 */
import { readFileSync } from "fs";
import { BindingSchema, resourceSchema } from "../../../synth/provider-schema";
import { jsonPath } from "../../../synth/synthesize";
import { boundOf, rule, secureTransport } from "../../support/policies";
import { readJson, synthesizeExamples } from "../../support/synthesized";
import { synthAzure } from "./support";
import { thrown } from "../../support/thrown";

const TYPES = ["azurerm_network_security_rule", "azurerm_network_security_group", "azurerm_application_security_group"] as const;

/** Attributes the binding's config interface requires (declared without `?`), read from its type declarations. */
function requiredAttributes(type: string): string[] {
  const dir = type.slice("azurerm_".length).replace(/_/g, "-");
  const dts = readFileSync(require.resolve(`@cdktf/provider-azurerm/lib/${dir}/index.d.ts`), "utf8");
  const config = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(dts);
  if (!config) throw new Error(`no config interface in the binding of ${type}`);
  return [...config[1].matchAll(/^\s+readonly (\w+): /gm)].map((m) => m[1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

const schemas = Object.fromEntries(TYPES.map((t) => [t, { schema: resourceSchema(t), required: requiredAttributes(t) }]));

function checkShape(type: string, id: string, body: Record<string, any>): string[] {
  const { schema, required } = schemas[type] as { schema: BindingSchema; required: string[] };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//") continue;
    if (schema.blocks[key] || key === "security_rule") problems.push(`${type}.${id}.${key} is an inline block; rules are resources of their own`);
    else if (!schema.attributes.includes(key)) problems.push(`${type}.${id}.${key} is not an attribute of ${type}`);
    else if (
      key === "priority"
        ? !Number.isInteger(value)
        : /_(prefixes|ranges|ids)$/.test(key)
          ? !(Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"))
          : key === "tags"
            ? typeof value !== "object"
            : typeof value !== "string"
    ) {
      problems.push(`${type}.${id}.${key} has the wrong shape: ${JSON.stringify(value)}`);
    }
  }
  for (const key of required) if (!(key in body)) problems.push(`${type}.${id} lacks the required ${key}`);
  if (type === "azurerm_network_security_rule") {
    // Exactly one of each pair, as the provider's ExactlyOneOf/ConflictsWith rules demand.
    const one = (...keys: string[]) => keys.filter((k) => k in body).length === 1;
    if (!one("source_port_range", "source_port_ranges")) problems.push(`${id}: one of source_port_range(s)`);
    if (!one("destination_port_range", "destination_port_ranges")) problems.push(`${id}: one of destination_port_range(s)`);
    for (const side of ["source", "destination"])
      if (!one(`${side}_address_prefix`, `${side}_address_prefixes`, `${side}_application_security_group_ids`)) problems.push(`${id}: one of ${side} prefix(es) or ASG ids`);
    if (!["Allow", "Deny"].includes(body.access)) problems.push(`${id}: access ${body.access}`);
    if (!["Inbound", "Outbound"].includes(body.direction)) problems.push(`${id}: direction ${body.direction}`);
    if (!["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"].includes(body.protocol)) problems.push(`${id}: protocol ${body.protocol}`);
    if (!(body.priority >= 100 && body.priority <= 4096)) problems.push(`${id}: priority ${body.priority}`);
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$/.test(body.name) || body.name.length > 80) problems.push(`${id}: name ${body.name}`);
    if ((body.description ?? "").length > 140) problems.push(`${id}: description longer than 140`);
  }
  return problems;
}

function checkStack(json: any): string[] {
  const problems: string[] = [];
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    if (!(TYPES as readonly string[]).includes(type)) {
      problems.push(`unexpected resource type ${type}`);
      continue;
    }
    for (const [id, body] of Object.entries(resources)) problems.push(...checkShape(type, id, body));
  }
  // Priorities unique per direction within each NSG.
  const seen = new Set<string>();
  for (const [id, r] of Object.entries<any>(json.resource?.azurerm_network_security_rule ?? {})) {
    const key = `${r.network_security_group_name}|${r.direction}|${r.priority}`;
    if (seen.has(key)) problems.push(`${id}: priority ${r.priority} taken twice in ${r.network_security_group_name} ${r.direction}`);
    seen.add(key);
  }
  return problems;
}

test("GIVEN the azurerm binding THEN the schema reader knows the three resources and their required attributes", () => {
  expect(schemas.azurerm_network_security_rule.schema.attributes).toEqual(expect.arrayContaining(["access", "priority", "source_application_security_group_ids", "destination_port_ranges"]));
  expect(schemas.azurerm_network_security_group.schema.attributes).toEqual(expect.arrayContaining(["security_rule", "tags", "location"]));
  expect(schemas.azurerm_network_security_rule.required.sort()).toEqual(["access", "direction", "name", "network_security_group_name", "priority", "protocol", "resource_group_name"]);
  expect(schemas.azurerm_application_security_group.required.sort()).toEqual(["location", "name", "resource_group_name"]);
});

test("GIVEN every example environment's Azure stack THEN every resource and value is one the binding declares, and the provider is configured", async () => {
  const { outdir } = await synthesizeExamples();
  for (const env of ["dev", "staging", "prod"]) {
    const json = readJson(jsonPath(outdir, `${env}-azure`));
    expect(checkStack(json)).toEqual([]);
    expect(json.provider.azurerm).toEqual([expect.objectContaining({ features: [{}], subscription_id: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
    expect(json.terraform.required_providers.azurerm).toEqual({ source: "hashicorp/azurerm", version: ">= 4.0.0, < 5.0.0" });
  }
});

test.each([
  ["SecureTransport, IPv6", secureTransport({ ipv6: true })],
  [
    "egress to a role, sets of both families, every Azure protocol",
    boundOf(
      [
        rule("e", { direction: "egress", peer: "role:db" }),
        rule("s", { peer: "set:office" }),
        rule("i6", { protocol: "icmpv6", ports: undefined, peer: "role:db" }),
        rule("esp", { protocol: 50, ports: undefined }),
        rule("u", { protocol: "udp", ports: [53, 123] }),
      ],
      { ipv6: true, egressDefault: "allow", addressSets: { office: ["10.1.0.0/16", "10.2.0.0/16", "2001:db8::/32"] } },
    ),
  ],
])("GIVEN %s THEN every resource is one the binding declares", (_name, bound) => {
  expect(checkStack(synthAzure(bound).json)).toEqual([]);
});

test("GIVEN a wrong attribute name, a missing required attribute or an inline rule THEN the shape check names each", () => {
  expect(
    checkShape("azurerm_network_security_rule", "x", {
      name: "x",
      access: "Allow",
      direction: "Inbound",
      priority: 100,
      protocol: "Tcp",
      resource_group_name: "rg",
      source_port_range: "*",
      destination_port_range: "*",
      source_adress_prefix: "*",
      destination_address_prefix: "*",
    }),
  ).toEqual([
    "azurerm_network_security_rule.x.source_adress_prefix is not an attribute of azurerm_network_security_rule",
    "azurerm_network_security_rule.x lacks the required network_security_group_name",
    "x: one of source prefix(es) or ASG ids",
  ]);
  expect(checkShape("azurerm_network_security_group", "n", { name: "n", location: "westeurope", resource_group_name: "rg", security_rule: [] })).toEqual([
    "azurerm_network_security_group.n.security_rule is an inline block; rules are resources of their own",
  ]);
});

test("GIVEN a provider whose binding is not installed THEN the schema reader refuses as a missing binding (LIB_BINDING_MISSING)", () => {
  expect(thrown(() => resourceSchema("nosuch_thing"))).toEqual({ error: "SynthesisError", codes: ["LIB_BINDING_MISSING"] });
});
