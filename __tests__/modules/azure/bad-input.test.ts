/** What Azure would reject fails at synthesis, naming the file, line, column, the rule and what to do. */
import { planAzure } from "../../../modules/azure";
import { azureDecide, loadAzureView } from "../../../modules/azure/effective";
import { bindPolicy, BoundPolicy, definePolicy, parseCatalog, SynthesisError } from "../../../policy";
import { boundOf, rule } from "../../support/policies";
import { synthAzure } from "./support";
import { thrown } from "../../support/thrown";

/** A one-role catalog written as YAML, so every rule has its place in the file. */
function yamlCatalog(rules: string[], roles = "  - { id: web, description: web servers, egressDefault: deny }"): string {
  return `name: t\ndescription: test\nroles:\n${roles}\naddressSets:\n  - { id: office, description: office }\nrules:\n${rules.join("\n")}\n`;
}
const boundYaml = (text: string, sets: Record<string, string[]> = { office: ["10.1.0.0/16"] }) =>
  bindPolicy(parseCatalog(text, "catalog/t.yaml"), { environment: "test", addressSets: sets, ipv6: false });
const yamlRule = (id: string, fields: string, action: "allow" | "deny" = "allow") =>
  `  - { id: ${id}, target: web, direction: ingress, action: ${action}, peer: any, description: rule ${id}, ${fields} }`;

describe("protocols", () => {
  test("GIVEN an SCTP rule THEN the error names the rule's place and says Azure selects Tcp, Udp, Icmp, Esp, Ah or Any", () => {
    const bound = boundYaml(yamlCatalog([yamlRule("web-https", "protocol: tcp, ports: [443]"), yamlRule("web-sctp", "protocol: sctp, ports: [3868]")]));
    expect(() => synthAzure(bound)).toThrow(SynthesisError);
    expect(thrown(() => synthAzure(bound))).toEqual({ error: "SynthesisError", codes: ["AZURE_PROTOCOL_UNSUPPORTED"] });
  });

  test("GIVEN tcp, udp, icmp and protocol numbers 50, 51 THEN they are Tcp, Udp, Icmp, Esp, Ah; protocol 47 is an error", () => {
    const { rules } = synthAzure(
      boundOf([
        rule("t", { protocol: "tcp" }),
        rule("u", { protocol: "udp", ports: [53] }),
        rule("i", { protocol: "icmp", ports: undefined }),
        rule("e", { protocol: 50, ports: undefined }),
        rule("a", { protocol: 51, ports: undefined }),
      ]),
    );
    expect(
      Object.values<any>(rules)
        .filter((r) => !r.name.startsWith("default-"))
        .map((r) => `${r.name} ${r.protocol} ${r.destination_port_range}`)
        .sort(),
    ).toEqual(["in-allow-a Ah *", "in-allow-e Esp *", "in-allow-i Icmp *", "in-allow-t Tcp 443", "in-allow-u Udp 53"]);
    expect(thrown(() => synthAzure(boundOf([rule("gre", { protocol: 47, ports: undefined })])))).toEqual({ error: "SynthesisError", codes: ["AZURE_PROTOCOL_UNSUPPORTED"] });
  });
});

describe("priorities", () => {
  // Allows and denies of one port each, alternating, from one peer: no two can share an NSG rule.
  // Each allow opens one port that the deny before it closed: no rule can join an earlier one.
  const alternating = (n: number) =>
    Array.from({ length: n }, (_, i) => (i % 2 ? yamlRule(`r${i}`, "protocol: tcp, ports: [1000-1100]", "deny") : yamlRule(`r${i}`, `protocol: tcp, ports: [${1000 + i}]`)));

  test("GIVEN more NSG rules than free priorities between the base and 4095 THEN AZURE_PRIORITY_RANGE_FULL, located at a rule of that direction", () => {
    const bound = boundYaml(yamlCatalog(alternating(12)));
    let error: unknown;
    try {
      synthAzure(bound, { priorityBase: 4085 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthesisError);
    expect((error as SynthesisError).code).toBe("AZURE_PRIORITY_RANGE_FULL");
    expect((error as SynthesisError).location).toEqual(bound.rules.find((r) => r.id === "r11")!.location);
    // 11 priorities (4085-4095) for 12 rules do not fit; 12 (from 4084) do, closer than the step.
    expect(() => synthAzure(bound, { priorityBase: 4084 })).not.toThrow();
  });

  test("GIVEN a priority base outside 100-4095 or a step below 1 THEN it is an error naming the environment", () => {
    const bound = boundOf([rule("https", {})]);
    expect(thrown(() => synthAzure(bound, { priorityBase: 99 }))).toEqual({ error: "SynthesisError", codes: ["AZURE_PRIORITY_BASE_INVALID"] });
    expect(thrown(() => synthAzure(bound, { priorityBase: 4096 }))).toEqual({ error: "SynthesisError", codes: ["AZURE_PRIORITY_BASE_INVALID"] });
    expect(thrown(() => synthAzure(bound, { priorityStep: 0 }))).toEqual({ error: "SynthesisError", codes: ["AZURE_PRIORITY_STEP_INVALID"] });
  });

  test("GIVEN allows and denies interleaved THEN priorities follow the catalog, each unique per direction in the NSG", () => {
    const inbound = (rules: Record<string, any>) =>
      Object.values<any>(rules)
        .filter((r) => r.direction === "Inbound" && !r.name.startsWith("default-"))
        .sort((a, b) => a.priority - b.priority)
        .map((r) => `${r.priority} ${r.access} ${r.destination_port_range}`);
    expect(inbound(synthAzure(boundYaml(yamlCatalog(alternating(6))), { priorityBase: 200, priorityStep: 5 }).rules)).toEqual([
      "205 Allow 1000",
      "210 Deny 1000-1100",
      "215 Allow 1002",
      "220 Deny 1000-1100",
      "225 Allow 1004",
      "230 Deny 1000-1100",
    ]);
    // Where a deny does not overlap the allow after it, that allow joins the first one: every decision stays the same.
    const disjoint = Array.from({ length: 4 }, (_, i) => yamlRule(`r${i}`, `protocol: tcp, ports: [${1000 + (i >> 1)}]`, i % 2 ? "deny" : "allow"));
    expect(inbound(synthAzure(boundYaml(yamlCatalog(disjoint))).rules)).toEqual(["200 Allow 1000-1001", "300 Deny 1000-1001"]);
  });
});

describe("merging keeps every decision", () => {
  test("GIVEN two allows from a role with a deny by address between them THEN they stay apart: a member of the role may have that address", () => {
    const bound = boundOf([rule("a", { peer: "role:db", ports: [22] }), rule("d", { action: "deny", peer: "10.0.0.0/8", ports: "all" }), rule("b", { peer: "role:db", ports: [443] })]);
    const { json, rules } = synthAzure(bound);
    expect(
      Object.values<any>(rules)
        .filter((r) => r.direction === "Inbound" && !r.name.startsWith("default-"))
        .map((r) => `${r.priority} ${r.name}`)
        .sort(),
    ).toEqual(["200 in-allow-a", "300 in-deny-d", "400 in-allow-b"]);
    // A db member at 10.1.2.3 is denied 443 by the catalog (d comes first), and by Azure.
    const flow = { direction: "ingress", target: "web", peer: { kind: "role", role: "db", address: "10.1.2.3", family: 4 }, protocol: 6, port: 443 } as const;
    expect(azureDecide(loadAzureView(json), flow as any)).toEqual(expect.objectContaining({ action: "deny", resources: ["azurerm_network_security_rule.web_in_deny_d"] }));
    // Without the deny in between they share one rule.
    expect(
      Object.values<any>(synthAzure(boundOf([rule("a", { peer: "role:db", ports: [22] }), rule("b", { peer: "role:db", ports: [443] })])).rules)
        .filter((r) => r.direction === "Inbound" && !r.name.startsWith("default-"))
        .map((r) => r.destination_port_ranges),
    ).toEqual([["22", "443"]]);
  });
});

describe("sizes", () => {
  test("GIVEN a description longer than 140 characters THEN the rule is named with its place", () => {
    const bound = boundYaml(yamlCatalog([yamlRule("long", "protocol: tcp, ports: [443]").replace("description: rule long", `description: ${"d".repeat(141)}`)]));
    expect(thrown(() => synthAzure(bound))).toEqual({ error: "SynthesisError", codes: ["AZURE_DESCRIPTION_TOO_LONG"] });
    const ok = boundYaml(yamlCatalog([yamlRule("long", "protocol: tcp, ports: [443]").replace("description: rule long", `description: ${"d".repeat(140)}`)]));
    expect(() => synthAzure(ok)).not.toThrow();
  });

  test("GIVEN a name prefix that makes a group name longer than 80 characters THEN the role is named", () => {
    expect(thrown(() => synthAzure(boundOf([rule("https", {})]), { namePrefix: "p".repeat(72) }))).toEqual({ error: "SynthesisError", codes: ["AZURE_NAME_INVALID"] });
    expect(() => synthAzure(boundOf([rule("https", {})]), { namePrefix: "p".repeat(71) })).not.toThrow();
    expect(thrown(() => synthAzure(boundOf([rule("https", {})]), { namePrefix: "-st" }))).toEqual({ error: "SynthesisError", codes: ["AZURE_NAME_INVALID", "AZURE_NAME_INVALID"] });
  });

  test("GIVEN more than 1000 rules for one NSG THEN the role is named", () => {
    const hosts = Array.from({ length: 999 }, (_, i) => rule(`h${i}`, { peer: `10.${i >> 8}.${i & 255}.1/32` }));
    // The plan alone (what the construct runs first): synthesizing a thousand resources would only slow the suite.
    const plan = (bound: BoundPolicy) => planAzure(bound, { priorityStep: 1, addressOf: (r) => r.name });
    expect(thrown(() => plan(boundOf(hosts)))).toEqual({ error: "SynthesisError", codes: ["AZURE_RULES_PER_NSG"] });
    expect(() => plan(boundOf(hosts.slice(1)))).not.toThrow();
  });

  test("GIVEN more than 4000 address prefixes in one NSG THEN the role is named", () => {
    const office = Array.from({ length: 4001 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const plan = (bound: BoundPolicy) => planAzure(bound, { addressOf: (r) => r.name });
    expect(thrown(() => plan(boundOf([rule("office", { peer: "set:office" })], { addressSets: { office } })))).toEqual({ error: "SynthesisError", codes: ["AZURE_PREFIXES_PER_NSG"] });
    expect(() => plan(boundOf([rule("office", { peer: "set:office" })], { addressSets: { office: office.slice(1) } }))).not.toThrow();
  });
});

describe("text", () => {
  test("GIVEN ${ and %{ in a description or a tag THEN they are escaped for Terraform, which reads every string as a template", () => {
    const { json } = synthAzure(boundOf([rule("t", { description: "open ${var.x} %{ if y }" })]), { tags: { "a${b}": "c%{d}" } });
    expect(json.resource.azurerm_network_security_rule.web_in_allow_t.description).toBe("open $${var.x} %%{ if y }");
    expect(json.resource.azurerm_network_security_group.nsg_web.tags).toEqual({ "a$${b}": "c%%{d}" });
    expect(json.resource.azurerm_application_security_group.asg_web.tags).toEqual({ "a$${b}": "c%%{d}" });
  });

  test("GIVEN a 140-character description of non-ASCII letters THEN it fits: Azure counts characters", () => {
    expect(synthAzure(boundOf([rule("t", { description: "é".repeat(140) })])).rules.web_in_allow_t.description).toHaveLength(140);
  });

  test("GIVEN more than 100 roles as peers of one role THEN the ASG limit names the role", () => {
    const roles = Array.from({ length: 102 }, (_, i) => ({ id: `r${i}`, description: "x", egressDefault: "deny" as const }));
    const rules = roles.slice(1).map((r, i) => ({
      id: `from-${r.id}`,
      target: "r0",
      direction: "ingress" as const,
      action: "allow" as const,
      peer: `role:${r.id}`,
      protocol: "tcp" as const,
      ports: [1000 + i],
      description: "x",
    }));
    const bound = bindPolicy(definePolicy({ name: "t", description: "t", roles, addressSets: [], rules }), { environment: "e", addressSets: {}, ipv6: false });
    expect(thrown(() => synthAzure(bound))).toEqual({ error: "SynthesisError", codes: ["AZURE_ASGS_PER_NSG"] });
  });
});

describe("sides of a rule", () => {
  test("GIVEN IPv4 and IPv6 networks in one peer THEN they are two rules, never mixed; ASGs and prefixes never share a side", () => {
    const { rules } = synthAzure(boundOf([rule("office", { peer: "set:office" }), rule("db", { peer: "role:db" })], { ipv6: true, addressSets: { office: ["10.1.0.0/16", "2001:db8::/32"] } }));
    const names = Object.values<any>(rules)
      .map((r) => r.name)
      .sort();
    expect(names).toEqual(["default-in-deny-all", "default-in-deny-all", "default-out-deny-all", "default-out-deny-all", "in-allow-db", "in-allow-office", "in-allow-office-v6"]);
    for (const r of Object.values<any>(rules)) {
      for (const side of ["source", "destination"]) {
        const prefixes = [r[`${side}_address_prefix`], ...(r[`${side}_address_prefixes`] ?? [])].filter((p) => p !== undefined && p !== "*");
        expect(new Set(prefixes.map((p: string) => p.includes(":"))).size).toBeLessThanOrEqual(1);
        expect(Boolean(r[`${side}_application_security_group_ids`]) && prefixes.length + (r[`${side}_address_prefix`] === "*" ? 1 : 0) > 0).toBe(false);
      }
    }
  });

  test("GIVEN a role bound to addresses THEN it is a peer by its addresses, with no ASG or NSG of its own", () => {
    const { json } = synthAzure(boundOf([rule("from-db", { peer: "role:db" })], { roleAddresses: { db: ["10.5.0.0/24"] } }));
    expect(Object.keys(json.resource.azurerm_application_security_group)).toEqual(["asg_web"]);
    expect(json.resource.azurerm_network_security_rule.web_in_allow_from_db.source_address_prefix).toBe("10.5.0.0/24");
  });

  test("GIVEN an egress rule to a role THEN Azure names the role's ASG as destination (GCP cannot)", () => {
    const { rules } = synthAzure(boundOf([rule("to-db", { direction: "egress", peer: "role:db", ports: [5432] })]));
    expect(rules.web_out_allow_to_db).toEqual(
      expect.objectContaining({
        direction: "Outbound",
        source_address_prefix: "*",
        destination_application_security_group_ids: ["${azurerm_application_security_group.asg_db.id}"],
        destination_port_range: "5432",
      }),
    );
  });
});
