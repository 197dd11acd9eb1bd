import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GcpFirewall, GcpFirewallProps } from "../../../modules/gcp";
import { bindPolicy, BoundPolicy, parseCatalog } from "../../../policy";
import { BindingSchema, resourceSchema } from "../../../synth/provider-schema";
import { boundOf, rule, secureTransport } from "../../support/policies";

function synth(policy: BoundPolicy, props: Partial<GcpFirewallProps> = {}): { fw: Record<string, any>; module: GcpFirewall } {
  const stack = new TerraformStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "p-123456" });
  const module = new GcpFirewall(stack, "fw", { policy, network: "vpc", namePrefix: "st", ...props });
  const json = JSON.parse(Testing.synth(stack));
  return { fw: json.resource?.google_compute_firewall ?? {}, module };
}

const byPriority = (fw: Record<string, any>) => Object.values(fw).sort((a: any, b: any) => a.priority - b.priority);
/** The ingress resources only (test catalogs deny egress by default, which adds deny-all egress rules). */
const inOnly = (fw: Record<string, any>) => Object.fromEntries(Object.entries(fw).filter(([, f]) => f.direction === "INGRESS"));

describe("the SecureTransport catalog on GCP", () => {
  const { fw, module } = synth(secureTransport());
  const servers = fw.st_dev_in_allow_st_server_from_st_server;
  const admin = fw.st_dev_in_allow_st_server_from_admin_host;
  const denies = fw.st_dev_in_deny_st_server_from_any;

  test("17 rules need 3 firewall resources: servers' allows, the admin host's allow, the two denies", () => {
    expect(Object.keys(fw).sort()).toEqual(["st_dev_in_allow_st_server_from_admin_host", "st_dev_in_allow_st_server_from_st_server", "st_dev_in_deny_st_server_from_any"]);
  });

  test("server-to-server rows share one resource, each protocol with its own ports", () => {
    expect(servers).toEqual(
      expect.objectContaining({ direction: "INGRESS", source_tags: ["st-dev-st-server"], target_tags: ["st-dev-st-server"], network: "vpc" }),
    );
    expect(servers.allow).toEqual([
      { protocol: "tcp", ports: ["7", "22", "80", "443", "7800-7802", "8005", "8009", "8088-8093", "9999", "20444", "44431"] },
      { protocol: "udp", ports: ["8088-8093", "10022"] },
      { protocol: "icmp" },
    ]);
    expect(servers).not.toHaveProperty("source_ranges");
  });

  test("the Administration host reaches TCP 444 by address", () => {
    expect(admin).toEqual(expect.objectContaining({ source_ranges: ["10.20.0.10/32"], target_tags: ["st-dev-st-server"], allow: [{ protocol: "tcp", ports: ["444"] }] }));
  });

  test("the deny rows are deny rules after every allow they must not cut", () => {
    expect(denies).toEqual(expect.objectContaining({ source_ranges: ["0.0.0.0/0"], deny: [{ protocol: "tcp" }, { protocol: "udp" }] }));
    expect(servers.priority).toBe(1000);
    expect(admin.priority).toBe(1010);
    expect(denies.priority).toBe(1020);
  });

  test("every catalog rule is realised by the resources that carry it", () => {
    const byId = Object.fromEntries(module.realisations.map((r) => [r.ruleId, r]));
    expect(Object.keys(byId)).toHaveLength(17);
    expect(byId["st-snmp"].resources).toEqual(["google_compute_firewall.st_dev_in_allow_st_server_from_st_server"]);
    expect(byId["st-deny-all-udp"].resources).toEqual(["google_compute_firewall.st_dev_in_deny_st_server_from_any"]);
    expect(module.egressDefaults).toEqual([expect.objectContaining({ roleId: "st-server", how: "default" })]);
    expect(module.networkTags).toEqual({ "st-server": "st-dev-st-server" });
  });

  test("with IPv6 the denies need a second resource for ::/0 (IPv4 and IPv6 never share a rule): 4 in all", () => {
    const v6 = synth(secureTransport({ ipv6: true })).fw;
    expect(Object.keys(v6)).toHaveLength(4);
    expect(v6.st_dev_in_deny_st_server_from_any_v6).toEqual(expect.objectContaining({ source_ranges: ["::/0"], priority: 1030 }));
  });
});

describe("order and grouping", () => {
  test("a rule that conflicts with an earlier deny does not jump over it", () => {
    // GIVEN allow 80, deny 80-90, allow 85: the last must stay below the deny
    const { fw } = synth(boundOf([rule("a", { ports: [80] }), rule("d", { action: "deny", ports: ["80-90"] }), rule("c", { ports: [85] })]));
    const ordered = byPriority(inOnly(fw));
    expect(ordered.map((f: any) => [f.allow ?? f.deny, f.priority])).toEqual([
      [[{ protocol: "tcp", ports: ["80"] }], 1000],
      [[{ protocol: "tcp", ports: ["80-90"] }], 1010],
      [[{ protocol: "tcp", ports: ["85"] }], 1020],
    ]);
    expect(fw.st_test_in_allow_web_from_any_c).toBeDefined();
  });

  test("rules that commute with the denies between them share a resource", () => {
    const { fw } = synth(boundOf([rule("a", { ports: [80] }), rule("d", { action: "deny", protocol: "udp", ports: "all" }), rule("c", { ports: [443] })]));
    expect(Object.keys(inOnly(fw))).toHaveLength(2);
    expect(fw.st_test_in_allow_web_from_any.allow).toEqual([{ protocol: "tcp", ports: ["80", "443"] }]);
  });

  test("priority base and step come from the environment; every priority stays within 0-65535", () => {
    const { fw } = synth(secureTransport(), { priorityBase: 2000, priorityStep: 100 });
    expect(byPriority(fw).map((f: any) => f.priority)).toEqual([2000, 2100, 2200]);
    expect(() => synth(secureTransport(), { priorityBase: 65530, priorityStep: 10 })).toThrow(/pass 65534 .*\. Lower gcp\.priorityBase or gcp\.priorityStep/);
  });

  test("egress default deny is rendered as a deny-all egress after every catalog rule", () => {
    const { fw, module } = synth(boundOf([rule("dns", { direction: "egress", peer: "10.0.0.2/32", protocol: "udp", ports: [53] })], { egressDefault: "deny" }));
    expect(fw.st_test_eg_default_deny_web).toEqual(
      expect.objectContaining({ direction: "EGRESS", destination_ranges: ["0.0.0.0/0"], deny: [{ protocol: "all" }], priority: 1010, target_tags: ["st-test-web"] }),
    );
    expect(fw.st_test_eg_allow_web_to_10_0_0_2_32).toEqual(expect.objectContaining({ destination_ranges: ["10.0.0.2/32"], priority: 1000 }));
    expect(module.egressDefaults.find((e) => e.roleId === "web")).toEqual(expect.objectContaining({ how: "rendered" }));
  });
});

describe("names", () => {
  test("are at most 63 characters of [a-z0-9-], start with a letter, and stay unique when shortened", () => {
    const longA = "a".repeat(20) + "-x";
    const longB = "a".repeat(20) + "-y";
    const { fw } = synth(boundOf([rule("r1", { peer: `set:${longA}` }), rule("r2", { peer: `set:${longB}` })], { addressSets: { [longA]: ["10.0.0.0/8"], [longB]: ["11.0.0.0/8"] } }), {
      namePrefix: "verylongprefix",
    });
    const names = Object.values(inOnly(fw)).map((f: any) => f.name);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(63);
  });

  test("adding a rule renames no other resource", () => {
    const base = [rule("a", { ports: [80] }), rule("b", { peer: "set:office", ports: [22] })];
    const before = synth(boundOf(base)).fw;
    const after = synth(boundOf([rule("new", { peer: "role:db", ports: [5432] }), ...base])).fw;
    for (const id of Object.keys(before)) expect(after[id]).toEqual({ ...before[id], priority: after[id].priority });
  });
});

describe("GCP per-rule limits are kept by splitting", () => {
  test("600 source ranges become 3 numbered resources with the same priority and ports", () => {
    const cidrs = Array.from({ length: 600 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    const { fw, module } = synth(boundOf([rule("many", { peer: "set:office" })], { addressSets: { office: cidrs } }));
    const parts = Object.values(inOnly(fw)) as any[];
    expect(parts.map((p) => p.name).sort()).toEqual(["st-test-in-allow-web-from-office-1", "st-test-in-allow-web-from-office-2", "st-test-in-allow-web-from-office-3"]);
    expect(parts.map((p) => p.source_ranges.length).sort()).toEqual([256, 256, 88]);
    expect(new Set(parts.map((p) => p.priority)).size).toBe(1);
    expect(parts.flatMap((p) => p.source_ranges).sort()).toEqual([...cidrs].sort());
    expect(module.realisations[0].resources).toHaveLength(3);
  });

  test("more than 256 port entries are split across resources", () => {
    const ports = Array.from({ length: 300 }, (_, i) => 1000 + i * 2);
    const { fw } = synth(boundOf([rule("ports", { ports })]));
    const parts = Object.values(inOnly(fw)) as any[];
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.allow.reduce((n: number, b: any) => n + b.ports.length, 0)).sort()).toEqual([256, 44]);
  });
});

describe("identity, logging, bad input", () => {
  test("service accounts replace tags for targets and role sources", () => {
    const { fw } = synth(boundOf([rule("db-to-web", { peer: "role:db" })]), { identity: "serviceAccount", serviceAccounts: { web: "web@p.iam.gserviceaccount.com", db: "db@p.iam.gserviceaccount.com" } });
    const f = Object.values(inOnly(fw))[0] as any;
    expect(f).toEqual(expect.objectContaining({ target_service_accounts: ["web@p.iam.gserviceaccount.com"], source_service_accounts: ["db@p.iam.gserviceaccount.com"] }));
    expect(f).not.toHaveProperty("target_tags");
    expect(f).not.toHaveProperty("source_tags");
  });

  test("a missing service account is an error naming the role", () => {
    expect(() => synth(boundOf([rule("a", {})]), { identity: "serviceAccount", serviceAccounts: { web: "w@p.iam.gserviceaccount.com" } })).toThrow(
      /no service account is given for role\(s\) db/,
    );
  });

  test("logging sets log_config and never the deprecated enable_logging", () => {
    const { fw } = synth(secureTransport(), { logging: "INCLUDE_ALL_METADATA" });
    for (const f of Object.values(fw) as any[]) {
      expect(f.log_config).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
      expect(f).not.toHaveProperty("enable_logging");
    }
    for (const f of Object.values(synth(secureTransport()).fw) as any[]) expect(f).not.toHaveProperty("log_config");
  });

  test("icmp keeps to IPv4 ranges and icmpv6 to IPv6 ranges; without IPv6, icmpv6 from any is reported as inapplicable", () => {
    const rules = [rule("ping", { protocol: "icmp", ports: undefined }), rule("ping6", { protocol: "icmpv6", ports: undefined })];
    const dual = Object.values(inOnly(synth(boundOf(rules, { ipv6: true })).fw)) as any[];
    expect(dual.map((f) => [f.allow, f.source_ranges])).toEqual(
      expect.arrayContaining([
        [[{ protocol: "icmp" }], ["0.0.0.0/0"]],
        [[{ protocol: "58" }], ["::/0"]],
      ]),
    );
    expect(dual).toHaveLength(2);
    const v4 = synth(boundOf(rules));
    expect((Object.values(inOnly(v4.fw)) as any[]).map((f) => f.allow)).toEqual([[{ protocol: "icmp" }]]);
    expect(v4.module.realisations.find((r) => r.ruleId === "ping6")).toEqual(expect.objectContaining({ how: "inapplicable", resources: [] }));
  });

  test("an egress rule to a role is an error: GCP egress cannot name destination tags", () => {
    expect(() => synth(boundOf([rule("to-db", { direction: "egress", peer: "role:db" })]))).toThrow(
      /rule "to-db": GCP egress rules can only name destination ranges, not the network tags of role "db"/,
    );
  });
});

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

  test("the schema reader knows the firewall's attributes and blocks", () => {
    expect(schema.attributes).toEqual(expect.arrayContaining(["source_ranges", "target_tags", "priority", "direction"]));
    expect(Object.keys(schema.blocks)).toEqual(expect.arrayContaining(["allow", "deny", "log_config"]));
    expect([...schema.blocks.allow.attributes].sort()).toEqual(["ports", "protocol"]);
  });

  test.each([
    ["SecureTransport, IPv6, logging", secureTransport({ ipv6: true }), { logging: "INCLUDE_ALL_METADATA" as const }],
    ["egress and service accounts", boundOf([rule("e", { direction: "egress", peer: "10.0.0.0/8" }), rule("r", { peer: "role:db" })], { egressDefault: "deny" }), { identity: "serviceAccount" as const, serviceAccounts: { web: "w@p.iam.gserviceaccount.com", db: "d@p.iam.gserviceaccount.com" } }],
  ])("%s: every key is declared, with the right shape", (_name, policy, props) => {
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

  test("the shape check catches a wrong attribute name", () => {
    expect(checkShape({ source_range: ["10.0.0.0/8"], allow: [{ protocol: "tcp", port: ["80"] }] }, schema, "x")).toEqual([
      "x.source_range is not an attribute of google_compute_firewall",
      "x.allow[0].port is not an attribute of google_compute_firewall",
    ]);
  });
});

describe("rendering errors name file:line:column of the rule", () => {
  test("running out of priorities is located at the first rule left without one, naming the settings to change", () => {
    // The SecureTransport catalog (read from YAML) needs 3 priorities; from 65530 in steps of 10 the second is already past 65534.
    expect(() => synth(secureTransport(), { priorityBase: 65530, priorityStep: 10 })).toThrow(
      new Error(
        'catalog/securetransport.yaml:106:5: environment "dev", rule "st-admin-tool-https": 3 firewall priorities from 65530 in steps of 10 pass 65534 (rule "st-admin-tool-https" would get 65540). Lower gcp.priorityBase or gcp.priorityStep in the environment file.',
      ),
    );
  });

  test("when only the egress default deny is left over, the last rule is named with both priorities", () => {
    expect(() => synth(secureTransport(), { priorityBase: 65000, priorityStep: 200 })).toThrow(
      /^catalog\/securetransport\.yaml:\d+:5: environment "dev", rule "st-deny-all-tcp": 3 firewall priorities from 65000 in steps of 200 pass 65534 \(rule "st-deny-all-tcp" would get 65400, and the egress default deny after it 65600\)/,
    );
  });

  test("an egress rule to a role is located at the rule", () => {
    const bound = bindPolicy(parseCatalog("name: t\ndescription: t\nroles:\n  - { id: web, description: w, egressDefault: deny }\n  - { id: db, description: d, egressDefault: deny }\nrules:\n  - { id: to-db, target: web, direction: egress, action: allow, peer: role:db, protocol: tcp, ports: [5432], description: db }\n", "catalog/t.yaml"), { environment: "test", addressSets: {}, ipv6: false });
    expect(() => synth(bound)).toThrow(/^catalog\/t\.yaml:7:5: environment "test", rule "to-db": GCP egress rules can only name destination ranges/);
  });
});

test("a role without a service account is located at the role", () => {
  const bound = bindPolicy(parseCatalog("name: t\ndescription: t\nroles:\n  - { id: web, description: w, egressDefault: deny }\n  - { id: db, description: d, egressDefault: deny }\nrules:\n  - { id: https, target: web, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [443], description: https }\n", "catalog/t.yaml"), { environment: "test", addressSets: {}, ipv6: false });
  expect(() => synth(bound, { identity: "serviceAccount", serviceAccounts: { web: "w@p.iam.gserviceaccount.com" } })).toThrow(
    new Error('catalog/t.yaml:5:5: environment "test": identity is serviceAccount but no service account is given for role(s) db. Add them under gcp.serviceAccounts.'),
  );
});
