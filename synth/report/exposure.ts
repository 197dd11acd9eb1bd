/**
 * The Exposure section's content: what is reachable from outside the
 * environment's networks, who reaches the administration ports, what the
 * catalog waives, and whether the clouds' synthesized Terraform decides the
 * same flows as the catalog (probed at every edge of what this section lists).
 *
 * "Outside" (docs/coverage-report.md): every address that is not in a network
 * the environment binds (its address sets and its roles bound to addresses),
 * leaving out bindings as wide as the whole Internet (the lint's
 * "world-wide", /0-/7 for IPv4, /0-/15 for IPv6), which name no network of
 * the environment's own. Members of the catalog's managed roles are inside.
 */
import { CLOUDS, CloudId } from "../../modules/clouds";
import { EffectiveView } from "../../modules/cloud";
import { boundForCloud } from "../../modules/platform";
import {
  addressAt,
  BoundPolicy,
  BoundRule,
  cidrFamily,
  decide,
  Flow,
  FlowPeer,
  hasPorts,
  IpFamily,
  normalisePorts,
  PortRange,
  portsContain,
  Problem,
  protocolNumber,
  SynthesisError,
} from "../../policy";
import { isWorldWide } from "../../policy/lint/check";
import { administrationPorts, LintResult } from "../../policy/lint";
import { RuleRealisation } from "../../modules/realisation";
import { Atom, InsideNetwork, rangesToCidrs, roleAccess, RoleAccess, Segment } from "./access";
import { portsText, trafficText } from "./traffic";

export interface InsideNetworkJson {
  readonly cidr: string;
  /** The binding that names it: `set:<id>` or `role:<id>`. */
  readonly boundAs: string;
}

export interface OutsideItem {
  readonly role: string;
  readonly protocol: string;
  /** Ports as `22, 80-81`, `all ports`, or null for protocols without ports. */
  readonly ports: string | null;
  readonly traffic: string;
  /** Outside networks it is reachable from: CIDRs, or `0.0.0.0/0` / `::/0` for a family's whole outside (less `except`); a token's text when known only at deploy time. */
  readonly from: string[];
  /** Outside networks of a family named whole in `from` that do not reach it (cut away by earlier rules). */
  readonly except: string[];
  readonly deployTime: boolean;
  readonly rule: string;
  /** Per cloud: the resources realising the rule. */
  readonly clouds: Record<string, { readonly resources: string[] }>;
}

export interface AdminReach {
  readonly protocol: string;
  readonly rule: string;
  /** The rule's peer as written in the catalog. */
  readonly peer: string;
  /** Who actually reaches the port through the rule: `role:<id>` members and CIDRs (earlier rules may have cut part of the peer away). */
  readonly from: string[];
  /** Whether any of it is outside the environment's networks. */
  readonly outside: boolean;
}

export interface AdminItem {
  readonly role: string;
  readonly port: number;
  /** Empty: nobody reaches the port. */
  readonly reachedBy: AdminReach[];
}

export interface WaiverItem {
  readonly check: string;
  readonly subject: string;
  readonly reason: string;
  readonly expires: string | null;
  readonly finding: string;
}

export interface Disagreement {
  readonly cloud: string;
  readonly stack: string;
  readonly role: string;
  readonly protocol: string;
  readonly port: number | null;
  readonly from: string;
  readonly catalog: "allow" | "deny";
  readonly decision: "allow" | "deny";
  readonly resources: string[];
  readonly uncertain: string | null;
}

export interface ExposureJson {
  readonly outside: {
    readonly definition: string;
    readonly insideNetworks: InsideNetworkJson[];
    /** Bindings left out of the environment's networks because they are world-wide. */
    readonly worldWideBindings: InsideNetworkJson[];
    readonly items: OutsideItem[];
    /**
     * Where a rule's peer is a platform service (platform:load-balancer) that a
     * cloud names by addresses outside the environment's networks (GCP's
     * health-check ranges, Azure's 168.63.129.16): per such cloud, what its
     * rules with that peer make reachable from those addresses, reckoned with
     * the policy in that cloud's words (earlier rules cut it as everywhere).
     * `items` is the catalog's own reading, where such a peer names no address.
     * Absent when no rule has such a peer.
     */
    readonly onClouds?: Readonly<Record<string, OutsideItem[]>>;
  };
  readonly administration: {
    readonly ports: number[];
    readonly items: AdminItem[];
    /** As `outside.onClouds`: per cloud that names a platform peer by addresses, who reaches each administration port through the rules with that peer (roles and ports reached by nobody through them are left out). */
    readonly onClouds?: Readonly<Record<string, AdminItem[]>>;
  };
  readonly waivers: WaiverItem[];
  readonly disagreements: {
    /** False when no synthesized Terraform was given (a report built in code): nothing was compared. */
    readonly checked: boolean;
    readonly probes: number;
    /** Roles whose ingress names a network known only at deploy time: their flows cannot be decided at synthesis, so none was probed. */
    readonly unprobedRoles: string[];
    readonly items: Disagreement[];
  };
}

export const OUTSIDE_DEFINITION =
  "Outside means every address not in a network this environment binds (its address sets and its roles bound to addresses), where a binding as wide as the Internet (IPv4 /0-/7, IPv6 /0-/15) names no network of the environment's own. Members of managed roles are inside.";

export interface ExposureInput {
  readonly bound: BoundPolicy;
  readonly clouds: readonly CloudId[];
  readonly stacks: Readonly<Record<string, string>>;
  readonly realisations: Readonly<Record<string, ReadonlyMap<string, RuleRealisation>>>;
  readonly lint: LintResult;
  /** Each cloud's reading of its synthesized Terraform; absent when the report is built without it. */
  readonly views?: Partial<Record<CloudId, EffectiveView>>;
  /**
   * The policy as a cloud places it in several networks (widened peers): that cloud is held to it, as verify holds it.
   * @default none: every cloud is held to the catalog
   */
  readonly placed?: Partial<Record<CloudId, BoundPolicy>>;
}

/** The environment's networks, and the world-wide bindings that are not counted as such. */
export function insideNetworks(bound: BoundPolicy): { inside: (InsideNetwork & InsideNetworkJson)[]; worldWide: InsideNetworkJson[] } {
  const named: InsideNetworkJson[] = [
    ...Object.entries(bound.addressSets).flatMap(([name, cidrs]) => cidrs.map((cidr) => ({ cidr, boundAs: `set:${name}` }))),
    ...Object.entries(bound.roleBindings).flatMap(([role, b]) => (b.kind === "addresses" ? b.cidrs.map((cidr) => ({ cidr, boundAs: `role:${role}` })) : [])),
  ].sort((a, b) => byText(a.boundAs, b.boundAs) || byText(a.cidr, b.cidr));
  const inside: (InsideNetwork & InsideNetworkJson)[] = [];
  const worldWide: InsideNetworkJson[] = [];
  for (const n of named) {
    // A token's network is unknown at synthesis: it is not counted as inside (fail closed: what it admits is listed as exposed).
    if (!/^[0-9a-fA-F:.]+\/\d+$/.test(n.cidr)) continue;
    const family = cidrFamily(n.cidr);
    if (isWorldWide({ kind: "cidr", cidr: n.cidr, family })) worldWide.push(n);
    else inside.push({ ...n, family });
  }
  return { inside, worldWide };
}

/** Code-unit order: the same on every machine, whatever its locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the catalog alone says (no cloud in it): worked out once per bound environment, asked by synthesis for its probes and by the report. */
interface Reckoning {
  readonly inside: InsideNetworkJson[];
  readonly worldWide: InsideNetworkJson[];
  readonly outside: OutsideItem[];
  readonly administration: ExposureJson["administration"];
  readonly probes: ProbeSet;
}

const RECKONINGS = new WeakMap<BoundPolicy, Reckoning>();

function reckon(bound: BoundPolicy): Reckoning {
  let r = RECKONINGS.get(bound);
  if (!r) {
    const { inside, worldWide } = insideNetworks(bound);
    const access = roleAccess(bound, inside);
    const probes = new ProbeSet(bound);
    const outside = outsideItems(access, probes);
    const administration = adminItems(bound, access, probes);
    r = { inside: inside.map(({ cidr, boundAs }) => ({ cidr, boundAs })), worldWide, outside, administration, probes };
    RECKONINGS.set(bound, r);
  }
  return r;
}

/**
 * The flows the report will ask each cloud about: synthesis asks a cloud's
 * reader while the stack's Terraform JSON is in hand (recordedView), so the
 * report never reads the stack again.
 */
export function exposureProbeFlows(bound: BoundPolicy, cloud?: CloudId): Flow[] {
  const flows = reckon(bound).probes.flows();
  const own = cloud === undefined ? undefined : inCloudWords(bound, cloud);
  if (!own) return flows;
  const keys = new Set(flows.map(flowKey));
  return [
    ...flows,
    ...reckon(own)
      .probes.flows()
      .filter((f) => !keys.has(flowKey(f))),
  ];
}

/**
 * The policy in a cloud's words where a platform peer means addresses there
 * (undefined where it means nothing else, or where the cloud cannot name it:
 * its construct refuses that).
 */
function inCloudWords(bound: BoundPolicy, cloud: CloudId): BoundPolicy | undefined {
  // One object per policy and cloud: synthesis asks for a stack's probe flows and the report for its items, and
  // each reckoning of it (reckon) is kept by that object.
  let byCloud = IN_CLOUD_WORDS.get(bound);
  if (!byCloud) IN_CLOUD_WORDS.set(bound, (byCloud = new Map()));
  if (!byCloud.has(cloud)) byCloud.set(cloud, ownWords(bound, cloud));
  return byCloud.get(cloud);
}

const IN_CLOUD_WORDS = new WeakMap<BoundPolicy, Map<CloudId, BoundPolicy | undefined>>();

function ownWords(bound: BoundPolicy, cloud: CloudId): BoundPolicy | undefined {
  if (!bound.rules.some((r) => r.platform)) return undefined;
  const problems: Problem[] = [];
  const own = boundForCloud(bound, CLOUDS[cloud], problems);
  if (own === bound || problems.length > 0) return undefined;
  // Only where the platform's peer is addresses: a group of ours (AWS) is a managed role's members, inside.
  return own.rules.some((r) => r.platform && r.peers.some((e) => e.kind === "cidr")) ? own : undefined;
}

export function buildExposure(input: ExposureInput): ExposureJson {
  const r = reckon(input.bound);
  const owns = new Map(
    input.clouds.flatMap((c) => {
      const own = inCloudWords(input.bound, c);
      return own ? [[c, own] as const] : [];
    }),
  );
  const onClouds: Record<string, OutsideItem[]> = {};
  const adminOnClouds: Record<string, AdminItem[]> = {};
  for (const [cloud, own] of owns) {
    const platformRules = new Set(own.rules.filter((rule) => rule.platform).map((rule) => rule.id));
    adminOnClouds[cloud] = reckon(own)
      .administration.items.map((i) => ({ ...i, reachedBy: i.reachedBy.filter((x) => platformRules.has(x.rule)) }))
      .filter((i) => i.reachedBy.length > 0);
    onClouds[cloud] = reckon(own)
      .outside.filter((i) => platformRules.has(i.rule))
      .map((i) => ({ ...i, clouds: { [cloud]: { resources: [...(input.realisations[cloud].get(i.rule)?.resources ?? [])] } } }));
  }
  const disagreements = r.probes.compare(input, (cloud) => (owns.has(cloud) ? reckon(owns.get(cloud)!).probes : undefined));
  // The report is its last user: a long run keeps every environment's bound policy, not its reckoning.
  RECKONINGS.delete(input.bound);
  for (const own of owns.values()) RECKONINGS.delete(own);
  return {
    outside: {
      definition: OUTSIDE_DEFINITION,
      insideNetworks: r.inside,
      worldWideBindings: r.worldWide,
      items: r.outside.map((i) => ({ ...i, clouds: resourcesOf(input, i.rule) })),
      ...(owns.size > 0 ? { onClouds } : {}),
    },
    administration: { ...r.administration, ...(owns.size > 0 ? { onClouds: adminOnClouds } : {}) },
    waivers: waiverItems(input.lint),
    disagreements,
  };
}

const flowKey = (f: Flow) => `${f.target}|${f.protocol}|${f.port ?? ""}|${f.peer.kind === "role" ? `role:${f.peer.role}` : f.peer.address}|${f.peer.family}`;

/**
 * A cloud's answers to the report's probe flows, asked now (while the stack's
 * JSON is in memory) and kept; asking it a flow it was not asked is a bug, and
 * a reader's error is kept to be reported where the report compares.
 */
export function recordedView(view: EffectiveView, flows: readonly Flow[]): EffectiveView {
  const answers = new Map<string, ReturnType<EffectiveView["decide"]> | { error: string }>();
  for (const f of flows) {
    try {
      answers.set(flowKey(f), view.decide(f));
    } catch (e) {
      answers.set(flowKey(f), { error: (e as Error).message });
    }
  }
  const unrecorded = (what: string) => () => {
    throw new Error(`a recorded view answers only the report's probe flows, not ${what}`);
  };
  return {
    decide: (flow) => {
      const a = answers.get(flowKey(flow));
      if (!a) throw new Error(`flow ${flowKey(flow)} was not recorded`);
      if ("error" in a) throw new Error(a.error);
      return a;
    },
    ports: unrecorded("ports"),
    cuts: unrecorded("cuts"),
    protocols: unrecorded("protocols"),
    roles: unrecorded("roles"),
    defaultOf: unrecorded("defaultOf"),
    findings: unrecorded("findings"),
    icmpTypes: unrecorded("icmpTypes"),
    footprints: unrecorded("footprints"),
  };
}

const resourcesOf = (input: ExposureInput, ruleId: string) => Object.fromEntries(input.clouds.map((c) => [c, { resources: [...(input.realisations[c].get(ruleId)?.resources ?? [])] }]));

type Range = Extract<Atom, { kind: "range" }>;

/**
 * Every allowed segment of an outside atom, grouped by (role, protocol, rule)
 * and then by the outside pieces each port reaches from: ports reached from the
 * same pieces form one item.
 */
/** Items without their clouds' resources (buildExposure adds them). */
function outsideItems(access: readonly RoleAccess[], probes: ProbeSet): OutsideItem[] {
  const items: OutsideItem[] = [];
  for (const ra of access) {
    for (const { cls, atoms } of ra.classes) {
      const outsideAtoms = atoms.flatMap(({ atom }) => (atom.kind === "range" && !atom.inside ? [atom] : []));
      const byRule = new Map<string, { rule: BoundRule; reached: { atom: Range; ports: Segment["ports"] }[] }>();
      for (const { atom, segments } of atoms) {
        if (atom.kind !== "range" || atom.inside) continue;
        for (const s of segments) {
          probes.add(ra.role, cls.others ? "others" : cls.protocol, atom, s);
          if (s.action !== "allow" || !s.rule) continue;
          const g = byRule.get(s.rule.id) ?? { rule: s.rule, reached: [] };
          g.reached.push({ atom, ports: s.ports });
          byRule.set(s.rule.id, g);
        }
      }
      for (const g of byRule.values()) {
        for (const { ports, ranges } of byPieces(g.reached)) {
          const protocol = cls.others ? "all" : cls.protocol;
          const { from, except } = describeOutside(ranges, outsideAtoms);
          items.push({
            role: ra.role,
            protocol: cls.others ? OTHER_PROTOCOLS : trafficText({ protocol, ports: [] }),
            ports: ports.length > 0 ? portsText(ports) : null,
            traffic: cls.others ? OTHER_PROTOCOLS : trafficText({ protocol, ports }),
            from,
            except,
            deployTime: false,
            rule: g.rule.id,
            clouds: {},
          });
        }
      }
    }
    for (const rule of ra.deployTime) {
      items.push({
        role: ra.role,
        protocol: trafficText({ protocol: rule.protocol, ports: [] }),
        ports: rule.ports.length > 0 ? portsText(rule.ports) : null,
        traffic: trafficText(rule),
        from: rule.peers.flatMap((e) => (e.kind === "cidr" && e.token ? [e.cidr] : [])),
        except: [],
        deployTime: true,
        rule: rule.id,
        clouds: {},
      });
    }
  }
  return items;
}

const OTHER_PROTOCOLS = "all protocols (besides those listed)";

/** Cuts the ports at every edge, finds which pieces reach each port piece, and joins the port pieces reached from the same pieces. */
function byPieces(reached: readonly { atom: Range; ports: Segment["ports"] }[]): { ports: PortRange[]; ranges: Range[] }[] {
  if (reached.every((r) => r.ports.length === 0)) return [{ ports: [], ranges: reached.map((r) => r.atom) }];
  const edges = [...new Set(reached.flatMap((r) => r.ports.flatMap((p) => [p.from, p.to + 1])))].sort((a, b) => a - b);
  const groups = new Map<string, { ports: PortRange[]; ranges: Range[] }>();
  for (let i = 0; i + 1 < edges.length; i++) {
    const piece = { from: edges[i], to: edges[i + 1] - 1 };
    const holders = reached.filter((r) => portsContain(r.ports, piece.from));
    if (holders.length === 0) continue;
    const key = holders.map((h) => `${h.atom.family}:${h.atom.first}`).join(",");
    const g = groups.get(key) ?? { ports: [], ranges: holders.map((h) => h.atom) };
    g.ports.push(piece);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ports: normalisePorts(g.ports), ranges: g.ranges }));
}

/**
 * The outside pieces as CIDRs; when they are most of a family's outside, that
 * family's whole space (`0.0.0.0/0`, `::/0`) with the outside networks not
 * reached in `except`, which is shorter to read. The environment's own networks
 * are never part of it (see OUTSIDE_DEFINITION).
 */
function describeOutside(ranges: readonly Range[], outsideAtoms: readonly Range[]): { from: string[]; except: string[] } {
  const from: string[] = [];
  const except: string[] = [];
  for (const family of [4, 6] as IpFamily[]) {
    const mine = ranges.filter((r) => r.family === family);
    if (mine.length === 0) continue;
    const held = new Set(mine.map((r) => r.first));
    const rest = outsideAtoms.filter((r) => r.family === family && !held.has(r.first));
    const exact = rangesToCidrs(mine);
    const missing = rangesToCidrs(rest);
    if (missing.length < exact.length) {
      from.push(family === 4 ? "0.0.0.0/0" : "::/0");
      except.push(...missing);
    } else from.push(...exact);
  }
  return { from, except };
}

/** Every administration port of every managed role, and who reaches it through which rule. */
function adminItems(bound: BoundPolicy, access: readonly RoleAccess[], probes: ProbeSet): ExposureJson["administration"] {
  const ports = administrationPorts(bound.policy);
  const items: AdminItem[] = [];
  for (const ra of access) {
    for (const port of ports) {
      const reaches = new Map<string, { protocol: string; rule: BoundRule; roles: Set<string>; ranges: Extract<Atom, { kind: "range" }>[]; outside: boolean }>();
      for (const { cls, atoms } of ra.classes) {
        if (!cls.others && !hasPorts(cls.protocol)) continue;
        for (const { atom, segments } of atoms) {
          const s = cls.others ? segments[0] : segments.find((x) => portsContain(x.ports, port));
          if (!s) continue;
          if (s.action === "allow" || (atom.kind === "range" && !atom.inside)) probes.addPort(ra.role, cls.others ? "others" : cls.protocol, atom, port, s.action);
          if (s.action !== "allow" || !s.rule) continue;
          const protocol = cls.others ? "all protocols" : trafficText({ protocol: cls.protocol, ports: [] });
          const key = `${protocol}|${s.rule.id}`;
          const r = reaches.get(key) ?? { protocol, rule: s.rule, roles: new Set<string>(), ranges: [], outside: false };
          if (atom.kind === "role") r.roles.add(atom.role);
          else {
            r.ranges.push(atom);
            if (!atom.inside) r.outside = true;
          }
          reaches.set(key, r);
        }
      }
      const reachedBy: AdminReach[] = [...reaches.values()].map((r) => ({
        protocol: r.protocol,
        rule: r.rule.id,
        peer: peerTextOf(r.rule),
        from: [...[...r.roles].sort().map((x) => `role:${x}`), ...rangesToCidrs(r.ranges)],
        outside: r.outside,
      }));
      for (const rule of ra.deployTime) {
        if (rule.protocol === "all" || (hasPorts(rule.protocol) && portsContain(rule.ports, port))) {
          reachedBy.push({
            protocol: trafficText({ protocol: rule.protocol, ports: [] }),
            rule: rule.id,
            peer: peerTextOf(rule),
            from: rule.peers.flatMap((e) => (e.kind === "cidr" && e.token ? [e.cidr] : [])),
            outside: true,
          });
        }
      }
      items.push({ role: ra.role, port, reachedBy });
    }
  }
  return { ports, items };
}

function peerTextOf(rule: BoundRule): string {
  const p = rule.peer;
  return p.kind === "role" ? `role:${p.role}` : p.kind === "addressSet" ? `set:${p.name}` : p.kind === "cidr" ? p.cidr : p.kind === "platform" ? `platform:${p.service}` : "any";
}

function waiverItems(lint: LintResult): WaiverItem[] {
  return lint.waived.map((f) => ({ check: f.check, subject: f.subject, reason: f.reason, expires: f.expires ?? null, finding: f.message }));
}

interface Probe {
  readonly role: string;
  readonly flow: Flow;
  readonly catalog: "allow" | "deny";
  readonly from: string;
}

/**
 * The flows at the edges of what the section lists: for each outside piece,
 * the first and last port of every segment; for each administration port,
 * every piece or role that reaches it and every outside piece. The catalog's
 * own decision (policy/semantics) is asked too, so the section's reckoning
 * is checked against it.
 */
class ProbeSet {
  private readonly probes = new Map<string, Probe>();
  private readonly deployTimeRoles = new Set<string>();
  private readonly spare: number;

  constructor(private readonly bound: BoundPolicy) {
    // A protocol no rule names stands for "every other protocol".
    const named = new Set(bound.rules.map((r) => protocolNumber(r.protocol)));
    this.spare = [253, 254, 99, 114].find((n) => !named.has(n)) ?? 0;
  }

  add(role: string, protocol: BoundRule["protocol"] | "others", atom: Atom, s: Segment): void {
    if (s.ports.length === 0) return this.put(role, protocol, atom, undefined, s.action);
    for (const r of s.ports) {
      this.put(role, protocol, atom, r.from, s.action);
      if (r.to !== r.from) this.put(role, protocol, atom, r.to, s.action);
    }
  }

  addPort(role: string, protocol: BoundRule["protocol"] | "others", atom: Atom, port: number, action: "allow" | "deny"): void {
    this.put(role, protocol, atom, protocol === "others" ? undefined : port, action);
  }

  private put(role: string, protocol: BoundRule["protocol"] | "others", atom: Atom, port: number | undefined, action: "allow" | "deny"): void {
    const number = protocol === "others" ? this.spare : protocolNumber(protocol);
    if (number === "all") return;
    const peer: FlowPeer = atom.kind === "role" ? { kind: "role", role: atom.role, family: atom.family } : { kind: "address", address: addressAt(atom.first, atom.family), family: atom.family };
    const from = atom.kind === "role" ? `role:${atom.role}` : peer.kind === "address" ? peer.address : "";
    const flow: Flow = { direction: "ingress", target: role, peer, protocol: number, ...(port !== undefined && hasPorts(number) ? { port } : {}) };
    const key = `${role}|${number}|${port ?? ""}|${from}|${atom.family}`;
    if (this.probes.has(key)) return;
    const own = this.ingressOf(role);
    // A role whose rules name a network known only at deploy time cannot be decided at synthesis, by us or by a reader.
    if (own.deployTime) {
      this.deployTimeRoles.add(role);
      return;
    }
    // The catalog's decision, asked of the role's own ingress rules (the only ones an ingress flow to it can match).
    const reference = decide(own.bound, flow).action;
    if (reference !== action) {
      throw new SynthesisError(
        `coverage report of environment "${this.bound.environment}": the exposure reckoning decides ${action} for ${from} → role ${role} protocol ${number}${port !== undefined ? ` port ${port}` : ""}, the catalog decides ${reference}. This is a bug in synth/report/access.ts.`,
        undefined,
        "OUTPUT_REPORT_EXPOSURE_MISMATCH",
      );
    }
    this.probes.set(key, { role, flow, catalog: action, from });
  }

  private readonly byRole = new Map<string, { bound: BoundPolicy; deployTime: boolean }>();

  private ingressOf(role: string): { bound: BoundPolicy; deployTime: boolean } {
    let own = this.byRole.get(role);
    if (!own) {
      const rules = this.bound.rules.filter((r) => r.target === role && r.direction === "ingress");
      own = { bound: { ...this.bound, rules }, deployTime: rules.some((r) => r.peers.some((e) => e.kind === "cidr" && e.token)) };
      this.byRole.set(role, own);
    }
    return own;
  }

  flows(): Flow[] {
    return [...this.probes.values()].map((p) => p.flow);
  }

  /** Each cloud's decisions on this set's probes, and on `extra(cloud)`'s: the probes of the policy in that cloud's words. */
  compare(input: ExposureInput, extra: (cloud: CloudId) => ProbeSet | undefined = () => undefined): ExposureJson["disagreements"] {
    const unprobedRoles = [...this.deployTimeRoles].sort();
    const probesOf = (cloud: CloudId) => {
      const more = extra(cloud);
      return more ? new Map([...this.probes, ...more.probes]) : this.probes;
    };
    const probed = new Set(input.clouds.flatMap((c) => [...probesOf(c).keys()])).size || this.probes.size;
    if (!input.views) return { checked: false, probes: probed, unprobedRoles, items: [] };
    const items: Disagreement[] = [];
    for (const cloud of input.clouds) {
      const view = input.views[cloud];
      if (!view) {
        throw new SynthesisError(
          `coverage report of environment "${this.bound.environment}": no reading of stack ${input.stacks[cloud]}'s Terraform to compare with the catalog`,
          undefined,
          "OUTPUT_REPORT_NO_CLOUD_VIEW",
        );
      }
      // The cloud is held to the catalog as placed in its networks (a role of another network named by its CIDRs)
      // and in its own words where a platform peer means something else there.
      const base = input.placed?.[cloud] ?? this.bound;
      const own = boundForCloud(base, CLOUDS[cloud]);
      for (const p of probesOf(cloud).values()) {
        const catalog = own === this.bound ? p.catalog : decide(own, p.flow).action;
        let d: ReturnType<EffectiveView["decide"]>;
        try {
          d = view.decide(p.flow);
        } catch (e) {
          throw new SynthesisError(
            `coverage report of environment "${this.bound.environment}": stack ${input.stacks[cloud]}'s Terraform cannot be read to compare with the catalog: ${(e as Error).message}`,
            undefined,
            "OUTPUT_REPORT_CLOUD_UNREADABLE",
          );
        }
        if (d.action === catalog && !d.uncertain) continue;
        items.push({
          cloud: CLOUDS[cloud].displayName,
          stack: input.stacks[cloud],
          role: p.role,
          protocol: trafficText({ protocol: p.flow.protocol, ports: [] }),
          port: p.flow.port ?? null,
          from: p.from,
          catalog,
          decision: d.action,
          resources: [...d.resources].sort(),
          uncertain: d.uncertain ?? null,
        });
      }
    }
    return { checked: true, probes: probed, unprobedRoles, items };
  }
}
