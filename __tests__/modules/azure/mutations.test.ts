/**
 * The checker catches every single mutation of the synthesized Azure rules of
 * each example environment: a rule deleted (the overrides of Azure's default
 * rules included), moved past a conflicting rule, flipped, widened or narrowed,
 * pointed at another peer, and rules added. Each mutation changes one thing.
 */
import { ConfigError } from "../../../policy";
import { loadBoundEnvironments } from "../../../stacks/environment";
import { jsonPath } from "../../../synth/synthesize";
import { checkEnvironment } from "../../../modules/engine/check";
import { readJson, synthesizeExamples } from "../../support/synthesized";

type Mutation = { name: string; apply: (json: any) => void };
const RULES = "azurerm_network_security_rule";

function mutations(json: any): Mutation[] {
  const out: Mutation[] = [];
  const rules = Object.entries<any>(json.resource[RULES]);
  const r = (id: string) => (j: any) => j.resource[RULES][id];
  // Priorities order the rules of one NSG only: a move is past a rule of the same group and direction.
  const sameGroup = (a: any, b: any) => a.network_security_group_name === b.network_security_group_name;
  const taken = (body: any, priority: number) => rules.some(([, b]) => sameGroup(b, body) && b.direction === body.direction && b.priority === priority);
  const protocolsOverlap = (a: any, b: any) => a.protocol === "*" || b.protocol === "*" || a.protocol === b.protocol;
  // The remote side of a rule (destination outbound, source inbound): two rules whose remote prefixes are all of
  // different families (an IPv6 deny and an allow to IPv4 hosts) share no traffic, so moving one past the other is no change.
  const families = (b: any): Set<string> | undefined => {
    const side = b.direction === "Outbound" ? "destination" : "source";
    const prefixes: string[] | undefined = b[`${side}_address_prefixes`] ?? (b[`${side}_address_prefix`] !== undefined ? [b[`${side}_address_prefix`]] : undefined);
    if (!prefixes || prefixes.some((p) => !/^[0-9a-fA-F:.]+\/\d+$/.test(p))) return undefined;
    return new Set(prefixes.map((p) => (p.includes(":") ? "6" : "4")));
  };
  const addressesOverlap = (a: any, b: any) => {
    const fa = families(a);
    const fb = families(b);
    return !fa || !fb || [...fa].some((f) => fb.has(f));
  };
  for (const [id, body] of rules) {
    const rule = r(id);
    out.push({ name: `delete ${id}`, apply: (j) => delete j.resource[RULES][id] });
    out.push({ name: `${id} access flipped`, apply: (j) => (rule(j).access = rule(j).access === "Allow" ? "Deny" : "Allow") });
    out.push({ name: `${id} direction flipped`, apply: (j) => (rule(j).direction = rule(j).direction === "Inbound" ? "Outbound" : "Inbound") });
    out.push({ name: `${id} protocol changed`, apply: (j) => (rule(j).protocol = rule(j).protocol === "Tcp" ? "Udp" : "Tcp") });
    for (const [k, spec] of (body.destination_port_ranges ?? [body.destination_port_range]).entries()) {
      if (spec === "*") continue;
      const shifted = spec
        .split("-")
        .map((n: string) => String(Number(n) + 1))
        .join("-");
      out.push({ name: `${id} port ${spec} shifted`, apply: (j) => (rule(j).destination_port_ranges ? (rule(j).destination_port_ranges[k] = shifted) : (rule(j).destination_port_range = shifted)) });
    }
    for (const side of ["source", "destination"]) {
      if (body[`${side}_application_security_group_ids`]) {
        out.push({
          name: `${id} ${side} ASG → 10.9.9.0/24`,
          apply: (j) => {
            delete rule(j)[`${side}_application_security_group_ids`];
            rule(j)[`${side}_address_prefix`] = "10.9.9.0/24";
          },
        });
        out.push({ name: `${id} ${side} ASG → another ASG`, apply: (j) => (rule(j)[`${side}_application_security_group_ids`] = ["${azurerm_application_security_group.someone_else.id}"]) });
      }
      const prefix = body[`${side}_address_prefix`];
      if (prefix !== undefined) {
        const other = prefix === "*" ? "10.0.0.0/8" : prefix === "0.0.0.0/0" ? "::/0" : prefix.includes(":") ? "2001:db8:99::/48" : "10.99.0.0/16";
        out.push({ name: `${id} ${side} ${prefix} → ${other}`, apply: (j) => (rule(j)[`${side}_address_prefix`] = other) });
      }
      if (body[`${side}_address_prefixes`])
        out.push({
          name: `${id} ${side} prefixes → 10.99.0.0/16`,
          apply: (j) => {
            delete rule(j)[`${side}_address_prefixes`];
            rule(j)[`${side}_address_prefix`] = "10.99.0.0/16";
          },
        });
    }
    // Moved past each conflicting rule (opposite access, traffic in common), both ways.
    for (const [otherId, other] of rules) {
      if (
        !sameGroup(other, body) ||
        other.direction !== body.direction ||
        other.access === body.access ||
        !protocolsOverlap(body, other) ||
        !addressesOverlap(body, other) ||
        body.priority > other.priority
      )
        continue;
      if (other.priority + 1 <= 4096 && !taken(body, other.priority + 1)) out.push({ name: `${id} moved past ${otherId}`, apply: (j) => (rule(j).priority = other.priority + 1) });
      if (body.priority - 1 >= 100 && !taken(other, body.priority - 1)) out.push({ name: `${otherId} moved before ${id}`, apply: (j) => (r(otherId)(j).priority = body.priority - 1) });
    }
  }
  // The extra rules go into the Servers' NSG, whose egress default is allow (an extra outbound deny there changes access).
  const nsg = "nsg_st_server";
  expect(Object.keys(json.resource.azurerm_network_security_group)).toContain(nsg);
  const extra = { resource_group_name: "rg", network_security_group_name: `\${azurerm_network_security_group.${nsg}.name}`, source_port_range: "*", destination_address_prefix: "*", priority: 101 };
  out.push({
    name: "extra allow tcp 3306 from *",
    apply: (j) => (j.resource[RULES].extra = { ...extra, name: "extra", direction: "Inbound", access: "Allow", protocol: "Tcp", destination_port_range: "3306", source_address_prefix: "*" }),
  });
  out.push({
    name: "extra outbound deny tcp 443 to *",
    apply: (j) => (j.resource[RULES].extra = { ...extra, name: "extra", direction: "Outbound", access: "Deny", protocol: "Tcp", destination_port_range: "443", source_address_prefix: "*" }),
  });
  out.push({
    name: "extra allow * from VirtualNetwork (a stand-in for AllowVnetInBound above the catalog)",
    apply: (j) => (j.resource[RULES].extra = { ...extra, name: "extra", direction: "Inbound", access: "Allow", protocol: "*", destination_port_range: "*", source_address_prefix: "VirtualNetwork" }),
  });
  out.push({ name: "NSG output dropped (the role has no NSG)", apply: (j) => (j.output.network_security_group_ids.value = {}) });
  return out;
}

let outdir: string;
beforeAll(async () => {
  outdir = (await synthesizeExamples()).outdir;
});

describe("GIVEN each example environment's Azure stack", () => {
  test.each(loadBoundEnvironments().map((e) => [e.environment.name, e.bound] as const))("%s THEN every single mutation is caught", (env, bound) => {
    const original = readJson(jsonPath(outdir, `${env}-azure`));
    expect(checkEnvironment({ bound, stacks: [{ cloud: "azure", json: original }] }).disagreements).toEqual([]);
    const all = mutations(original);
    let refused = 0;
    const missed = all
      .filter((m) => {
        const json = JSON.parse(JSON.stringify(original));
        m.apply(json);
        try {
          const report = checkEnvironment({ bound, stacks: [{ cloud: "azure", json }], firstOnly: true });
          return report.disagreements.length === 0 && report.findings.length === 0;
        } catch (e) {
          // A configuration Azure itself would reject (two rules at one priority of a direction), or one the
          // reader cannot interpret (an ASG the configuration does not define), is refused: caught too.
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as ConfigError).codes.every((c) => c === "VERIFY_BAD_VALUE" || c === "VERIFY_UNKNOWN_REFERENCE")).toBe(true);
          refused++;
          return false;
        }
      })
      .map((m) => m.name);
    console.log(`${env}: Azure mutations caught: ${all.length - missed.length}/${all.length} (${refused} as configurations Azure rejects)`);
    expect(all.length).toBeGreaterThan(60);
    expect(missed).toEqual([]);
  });
});
