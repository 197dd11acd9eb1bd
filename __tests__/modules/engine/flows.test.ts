/**
 * The probes of each role: at the ports, cells and peer roles of its own rules
 * (the catalog's and each cloud's), with one member of a role no rule names
 * standing for all such roles; and the check built on them still finds what a
 * cloud opens beyond the catalog.
 */
import type { EffectiveView } from "../../../modules/cloud";
import { CloudDecision, Footprint } from "../../../modules/effective";
import { checkEnvironment } from "../../../modules/engine/check";
import { ProbeFlow, systematicFlows } from "../../../modules/engine/flows";
import { bindPolicy, BoundPolicy, decide, definePolicy, Flow } from "../../../policy";
import { rule, RuleInput } from "../../support/policies";

const ROLES = ["web", "db", "app", "cache"];

function bound(rules: RuleInput[]): BoundPolicy {
  const policy = definePolicy({
    name: "probes",
    description: "probe test catalog",
    roles: ROLES.map((id) => ({ id, description: `role ${id}`, egressDefault: "deny" as const })),
    addressSets: [{ id: "office", description: "office" }],
    rules,
  });
  return bindPolicy(policy, { environment: "test", addressSets: { office: ["10.1.0.0/16"] }, ipv6: false });
}

const RULES = [rule("web-https", { target: "web", peer: "role:db", ports: [443] }), rule("db-pg", { target: "db", peer: "set:office", ports: [5432] })];

/** A cloud that decides as the catalog does, plus what `extra` allows, and tells the engine its rules through `footprints`. */
function cloud(policy: BoundPolicy, extra?: { allows: (f: Flow) => boolean; footprint: Footprint & { target: string } }): EffectiveView {
  return {
    decide: (flow): CloudDecision => {
      if (extra?.allows(flow)) return { action: "allow", resources: ["cloud.extra"] };
      const d = decide(policy, flow);
      return { action: d.action, resources: d.rule ? [`cloud.${d.rule.id}`] : [] };
    },
    ports: () => [],
    cuts: () => [],
    protocols: () => [],
    icmpTypes: () => [],
    roles: () => ROLES,
    defaultOf: (role) => `default of ${role}`,
    findings: () => [],
    footprints: (role) => (extra && extra.footprint.target === role ? [extra.footprint] : []),
  };
}

const of = (flows: ProbeFlow[], target: string) => flows.filter((f) => f.target === target);

test("GIVEN per-role footprints THEN each role is probed at its own rules' port edges only", () => {
  const flows = systematicFlows(bound(RULES), {}, () => []);
  const ports = (target: string) => new Set(of(flows, target).flatMap((f) => (f.protocol === 6 && f.port !== undefined ? [f.port] : [])));
  expect([...ports("web")].sort((a, b) => a - b)).toEqual([1, 442, 443, 444, 1024, 65535]);
  expect(ports("db").has(5432)).toBe(true);
  expect(ports("web").has(5432)).toBe(false);
});

test("GIVEN a rule naming role db THEN db's members are probed by name and one member of the roles no rule names stands for the rest", () => {
  const flows = systematicFlows(bound(RULES), {}, () => []);
  const at443 = of(flows, "web").filter((f) => f.direction === "ingress" && f.protocol === 6 && f.port === 443 && f.peer.kind === "role");
  const roles = new Map(at443.map((f) => [f.peer.kind === "role" ? f.peer.role : "", f.peer.standsFor]));
  expect([...roles.keys()].sort()).toEqual(["db", "web"]);
  expect(roles.get("db")).toBeUndefined();
  expect(roles.get("web")).toEqual(["web", "app", "cache"]);
});

test("GIVEN no footprints (the review's mode) THEN every role's members are probed, none standing for others", () => {
  const flows = systematicFlows(bound(RULES));
  const at443 = of(flows, "web").filter((f) => f.direction === "ingress" && f.protocol === 6 && f.port === 443 && f.peer.kind === "role");
  expect(new Set(at443.map((f) => (f.peer.kind === "role" ? f.peer.role : ""))).size).toBe(ROLES.length);
  expect(at443.every((f) => f.peer.standsFor === undefined)).toBe(true);
});

test("GIVEN a cloud rule the catalog lacks (ssh to web from role cache) WHEN its footprint names it THEN the check probes it and disagrees, naming the role", () => {
  const policy = bound(RULES);
  const sshFromCache = (f: Flow) => f.direction === "ingress" && f.target === "web" && f.protocol === 6 && f.port === 22 && f.peer.kind === "role" && f.peer.role === "cache";
  const view = cloud(policy, { allows: sshFromCache, footprint: { target: "web", direction: "ingress", protocol: 6, ports: [{ from: 22, to: 22 }], cidrs: [], roles: ["cache"] } });
  const report = checkEnvironment({ bound: policy, stacks: [{ cloud: "aws", view }] });
  expect(report.disagreements.length).toBeGreaterThan(0);
  expect(report.disagreements.every((d) => sshFromCache(d.flow))).toBe(true);
  expect(report.disagreements[0].explanation).toMatch(/^tcp 22 from a member of role cache at any IPv4 address to role web/);
});

test("GIVEN a cloud that agrees THEN the check agrees on every probe", () => {
  const policy = bound(RULES);
  const report = checkEnvironment({ bound: policy, stacks: [{ cloud: "aws", view: cloud(policy) }] });
  expect(report.flowsChecked).toBeGreaterThan(100);
  expect(report.disagreements).toEqual([]);
});

test("GIVEN a cloud opening a port to every machine of the roles no rule names THEN the one disagreement says the member stands for them", () => {
  const policy = bound(RULES);
  const anyRoleMember = (f: Flow) => f.direction === "ingress" && f.target === "web" && f.protocol === 6 && f.port === 8080 && f.peer.kind === "role";
  const view = cloud(policy, { allows: anyRoleMember, footprint: { target: "web", direction: "ingress", protocol: 6, ports: [{ from: 8080, to: 8080 }], cidrs: [], roles: [] } });
  const report = checkEnvironment({ bound: policy, stacks: [{ cloud: "aws", view }] });
  expect(report.disagreements.map((d) => d.explanation)).toEqual([
    expect.stringMatching(/^tcp 8080 from a member of role web \(or of any of the 3 other roles no rule of this traffic names\) at any IPv4 address to role web/),
  ]);
});
