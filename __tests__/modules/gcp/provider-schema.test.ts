import { BindingSchema, resourceSchema } from "../../../synth/provider-schema";
import { synth } from "./fixtures";
import { boundOf, rule, secureTransportOnGcp } from "../../support/policies";

describe("the synthesized resources match what the provider binding declares", () => {
  // No Google provider binary here: check attribute names and shapes against the
  // generated binding (HashiCorp's code generated from the provider schema).
  const schema = resourceSchema("google_compute_firewall");

  function checkShape(body: Record<string, any>, s: BindingSchema, where: string): string[] {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (key === "//") continue;
      if (s.blocks[key]) {
        const items = Array.isArray(value) ? value : [value];
        items.forEach((item, i) => problems.push(...checkShape(item, s.blocks[key], `${where}.${key}[${i}]`)));
      } else if (!s.attributes.includes(key)) {
        problems.push(`${where}.${key} is not an attribute of google_compute_firewall`);
      } else if (/_(ranges|tags|service_accounts)$|^ports$/.test(key) && !(Array.isArray(value) && value.every((v: unknown) => typeof v === "string"))) {
        problems.push(`${where}.${key} must be a list of strings`);
      }
    }
    return problems;
  }

  test("GIVEN the provider binding THEN the schema reader knows the firewall's attributes and blocks", () => {
    expect(schema.attributes).toEqual(expect.arrayContaining(["source_ranges", "target_tags", "priority", "direction"]));
    expect(Object.keys(schema.blocks)).toEqual(expect.arrayContaining(["allow", "deny", "log_config"]));
    expect([...schema.blocks.allow.attributes].sort()).toEqual(["ports", "protocol"]);
  });

  test.each([
    ["SecureTransport, IPv6, logging", secureTransportOnGcp({ ipv6: true }), { logging: "INCLUDE_ALL_METADATA" as const }],
    [
      "egress and service accounts",
      boundOf([rule("e", { direction: "egress", peer: "10.0.0.0/8" }), rule("r", { peer: "role:db" })], { egressDefault: "deny" }),
      { identity: "serviceAccount" as const, serviceAccounts: { web: "w@p.iam.gserviceaccount.com", db: "d@p.iam.gserviceaccount.com" } },
    ],
  ])("GIVEN %s THEN every key is declared, with the right shape", (_name, policy, props) => {
    const { fw } = synth(policy, props);
    const problems = Object.entries(fw).flatMap(([id, body]) => checkShape(body, schema, id));
    expect(problems).toEqual([]);
    for (const body of Object.values(fw) as any[]) {
      expect(["INGRESS", "EGRESS"]).toContain(body.direction);
      expect(body.name).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
      expect(Number.isInteger(body.priority) && body.priority >= 0 && body.priority <= 65535).toBe(true);
      expect(Boolean(body.allow) !== Boolean(body.deny)).toBe(true);
      expect(body.target_tags && body.target_service_accounts).toBeFalsy();
      expect(body.source_service_accounts && (body.source_tags || body.target_tags)).toBeFalsy();
      const ranges = [...(body.source_ranges ?? []), ...(body.destination_ranges ?? [])];
      expect(new Set(ranges.map((r: string) => r.includes(":"))).size).toBeLessThanOrEqual(1);
    }
  });

  test("GIVEN a wrong attribute name THEN the shape check catches it", () => {
    expect(checkShape({ source_range: ["10.0.0.0/8"], allow: [{ protocol: "tcp", port: ["80"] }] }, schema, "x")).toEqual([
      "x.source_range is not an attribute of google_compute_firewall",
      "x.allow[0].port is not an attribute of google_compute_firewall",
    ]);
  });
});
