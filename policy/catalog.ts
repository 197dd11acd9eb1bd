/**
 * Catalog loading: YAML (or an object built in code) → validated, normalised Policy.
 * Every problem is collected and reported at once, each with its position.
 */
import * as path from "path";
import schema from "../catalog/schema/catalog.schema.json";
import { cidrFamily, parseCidr } from "./cidr";
import { ConfigError, ErrorCode, Problem } from "./errors";
import { AddressSet, ALL_PORTS, Invariant, Peer, PLATFORM_SERVICES, PlatformService, Policy, PortRange, Protocol, Role, Rule, Service, ServiceReference, SourceLocation, Waiver } from "./model";
import { normalisePorts, parsePortRange, serviceReferenceId } from "./ports";
import { hasPorts, icmpName, NAMED_PROTOCOLS, PORT_PROTOCOLS, protocolFamily, protocolName } from "./protocols";
import { parseYaml, PathSubject, readYamlFile, validateSchema, YamlSource } from "./yaml-source";

/** The catalog as written (YAML or code). See catalog/schema/catalog.schema.json. */
export interface CatalogDocument {
  /** The catalog's name. */
  name: string;
  /** What it protects. */
  description: string;
  /** Administration ports besides 22 and 3389 that must never be open to any. @default [] */
  adminPorts?: number[];
  /** The roles, each with its explicit egress default. */
  roles: {
    id: string;
    description: string;
    egressDefault: "allow" | "deny";
    waivers?: Waiver[];
    /** The platform service this role's members are, where a cloud gives it a group of ours (AWS: the load balancer's security group). */
    platform?: PlatformService;
  }[];
  /** Named address sets, bound per environment. @default [] */
  addressSets?: { id: string; description: string }[];
  /** Named sets of ports, bound per environment; rules name them in ports as service:<id>. @default [] */
  services?: { id: string; description: string; protocol?: "tcp" | "udp" | "sctp"; default?: (number | string)[] }[];
  /** The rules in precedence order: each one side (target, direction, peer), or a flow between two roles (from, to). */
  rules: {
    id: string;
    /** The role the rule protects (ingress) or constrains (egress); with direction and peer. */
    target?: string;
    direction?: "ingress" | "egress";
    action: "allow" | "deny";
    /** role:<id>, set:<id>, a CIDR, any, or (ingress only) platform:load-balancer; not in a flow */
    peer?: string;
    /** A flow written once: the role that opens the connection (with `to`, instead of target, direction and peer). */
    from?: string;
    /** A flow written once: the role that receives the connection. */
    to?: string;
    protocol: string | number;
    /** all, or ports (443), ranges ("7800-7802") and services ("service:ftp-passive") */
    ports?: "all" | (number | string)[];
    description: string;
    origin?: string;
    /** Where the rule's sources disagree, and which reading it takes. */
    note?: string;
    waivers?: Waiver[];
  }[];
  /** Properties every rendering must keep (docs/invariants.md): `never` or `always` traffic from a peer to a role. */
  invariants?: {
    id: string;
    description: string;
    never?: InvariantFlowDocument;
    always?: InvariantFlowDocument;
  }[];
}

/** The traffic an invariant is about. */
export interface InvariantFlowDocument {
  /** any, a CIDR, set:<id> or role:<id> */
  from: string;
  /** a role id */
  to: string;
  protocol: string | number;
  ports?: "all" | (number | string)[];
}

/**
 * Reads and validates a catalog file. `file` is used as given in messages (pass a relative path).
 *
 * @example
 *   const policy = loadCatalogFile("catalog/securetransport.yaml");
 */
export function loadCatalogFile(file: string): Policy {
  const shown = displayPath(file);
  return parseCatalog(readYamlFile(file, shown, "catalog"), shown);
}

/** Parses catalog YAML text; `file` names it in error messages. */
export function parseCatalog(text: string, file: string): Policy {
  const { source, problems } = parseYaml(file, text);
  if (!source) throw new ConfigError(problems);
  const describe = (p: (string | number)[]) => subjectAt(source.data as CatalogDocument, p);
  const schemaProblems = validateSchema(source, schema, describe);
  if (schemaProblems.length > 0) throw new ConfigError(schemaProblems);
  return buildPolicy(source.data as CatalogDocument, source);
}

/**
 * Builds a policy from a catalog written in code; the same checks apply.
 *
 * @example
 *   const policy = definePolicy({
 *     name: "shop", description: "Web shop",
 *     roles: [{ id: "web", description: "Web servers", egressDefault: "deny" }],
 *     rules: [{ id: "https", target: "web", direction: "ingress", action: "allow", peer: "any", protocol: "tcp", ports: [443], description: "HTTPS" }],
 *   });
 */
export function definePolicy(doc: CatalogDocument): Policy {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new ConfigError([
      {
        code: "CATALOG_NOT_AN_OBJECT",
        subject: "definePolicy",
        message: `the policy is ${doc === null ? "null" : Array.isArray(doc) ? "an array" : typeof doc}, not a catalog document`,
        hint: "Pass { name, roles, rules, … } as the catalog files hold it, or use CatalogBuilder.",
      },
    ]);
  }
  const source: YamlSource = {
    file: `catalog "${doc.name}" (in code)`,
    data: doc,
    locate: () => ({ file: `catalog "${doc.name}" (in code)`, line: 1, column: 1 }),
  };
  const schemaProblems = validateSchema(source, schema, (p) => subjectAt(doc, p));
  if (schemaProblems.length > 0) throw new ConfigError(schemaProblems.map((p) => ({ ...p, location: undefined })));
  return buildPolicy(doc, undefined);
}

/** Freezes an object and everything it holds (the policy is shared by every construct and stack made from it). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith("..") ? file : rel.split(path.sep).join("/");
}

/** A rule, role or address set names the problems inside it; field paths are told from there. */
function subjectAt(doc: CatalogDocument, p: (string | number)[]): PathSubject {
  const [section, index] = p;
  const kind =
    section === "rules" ? "rule" : section === "roles" ? "role" : section === "addressSets" ? "address set" : section === "services" ? "service" : section === "invariants" ? "invariant" : undefined;
  if (typeof index !== "number" || !kind) return { depth: 0 };
  const item = (doc as unknown as Record<string, { id?: unknown }[] | undefined>)[section as string]?.[index];
  const id = item && typeof item === "object" && typeof item.id === "string" ? item.id : undefined;
  return { subject: id ? `${kind} "${id}"` : `${kind} #${index + 1}`, depth: 2 };
}

/** Where problems go while a catalog is built: located in the YAML when there is one. */
interface BuildContext {
  readonly problems: Problem[];
  readonly source: YamlSource | undefined;
  loc(path: (string | number)[], key?: boolean): SourceLocation | undefined;
}

function buildPolicy(doc: CatalogDocument, source: YamlSource | undefined): Policy {
  const ctx: BuildContext = { problems: [], source, loc: (p, key = false) => source?.locate(p, key) };
  const roles = buildRoles(doc, ctx);
  checkPlatformRoles(doc, ctx);
  const roleIds = new Set(roles.map((r) => r.id));
  const addressSets = buildAddressSets(doc, roleIds, ctx);
  const setIds = new Set(addressSets.map((s) => s.id));
  const services = buildServices(doc, ctx);
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const ruleIds = new Map<string, number>();
  const known: KnownIds = { roleIds, setIds, services: serviceById, ruleIds };
  const rules = doc.rules.flatMap((r, i) => (isFlow(r) ? buildFlow(r, i, known, ctx) : buildSideRule(r, i, known, ctx)));
  checkFlowSideIds(rules, doc, ctx);
  // Invariants state what must hold in every environment, so their ports are literal (the schema refuses services there).
  const invariants = buildInvariants(doc, { roleIds, setIds, services: new Map(), ruleIds: new Map() }, ctx);
  if (ctx.problems.length > 0) throw new ConfigError(ctx.problems);
  // Frozen: a rule pushed in afterwards would skip every check above (ports 0-70000 rendered as given).
  return deepFreeze({
    name: doc.name,
    description: doc.description,
    file: source?.file,
    adminPorts: [...new Set(doc.adminPorts ?? [])].sort((a, b) => a - b),
    roles,
    addressSets,
    ...(doc.services ? { services } : {}),
    rules,
    ...(doc.invariants ? { invariants } : {}),
  });
}

/** Roles, each id once. */
function buildRoles(doc: CatalogDocument, ctx: BuildContext): Role[] {
  const seen = new Set<string>();
  return doc.roles.map((r, i) => {
    if (seen.has(r.id)) {
      ctx.problems.push({ code: "CATALOG_DUPLICATE_ROLE", location: ctx.loc(["roles", i, "id"]), subject: `role "${r.id}"`, message: "duplicate role id", hint: "Give each role a unique id." });
    }
    seen.add(r.id);
    checkWaivers(
      r.waivers,
      (j) => ctx.loc(["roles", i, "waivers", j, "reason"]),
      (location, message, hint, code) => ctx.problems.push({ code, location, subject: `role "${r.id}"`, message, hint }),
      (j) => ctx.loc(["roles", i, "waivers", j, "expires"]),
    );
    return { id: r.id, description: r.description, egressDefault: r.egressDefault, waivers: r.waivers ?? [], ...(r.platform ? { platform: r.platform } : {}), location: ctx.loc(["roles", i]) };
  });
}

/** A platform service is the members of one role at most (AWS references that role's group). */
function checkPlatformRoles(doc: CatalogDocument, ctx: BuildContext): void {
  const first = new Map<string, string>();
  doc.roles.forEach((r, i) => {
    if (r.platform === undefined) return;
    const earlier = first.get(r.platform);
    if (earlier !== undefined) {
      ctx.problems.push({
        code: "CATALOG_PLATFORM_ROLE_DUPLICATE",
        location: ctx.loc(["roles", i, "platform"]),
        subject: `role "${r.id}"`,
        message: `role "${earlier}" is already the ${r.platform}`,
        hint: `Designate one role as platform: ${r.platform} (the group AWS attaches to it), and remove it from the other.`,
      });
    } else first.set(r.platform, r.id);
  });
}

/** Address sets, each id once and never a role's id (a peer names either). */
function buildAddressSets(doc: CatalogDocument, roleIds: ReadonlySet<string>, ctx: BuildContext): AddressSet[] {
  const seen = new Set<string>();
  return (doc.addressSets ?? []).map((s, i) => {
    if (seen.has(s.id) || roleIds.has(s.id)) {
      ctx.problems.push({
        code: roleIds.has(s.id) ? "CATALOG_ADDRESS_SET_IS_ROLE" : "CATALOG_DUPLICATE_ADDRESS_SET",
        location: ctx.loc(["addressSets", i, "id"]),
        subject: `address set "${s.id}"`,
        message: roleIds.has(s.id) ? "address set id is also a role id" : "duplicate address set id",
        hint: "Give each role and address set a unique id.",
      });
    }
    seen.add(s.id);
    return { id: s.id, description: s.description, location: ctx.loc(["addressSets", i]) };
  });
}

/** Services, each id once; a default's ports are checked as a rule's. */
function buildServices(doc: CatalogDocument, ctx: BuildContext): Service[] {
  const seen = new Map<string, number>();
  return (doc.services ?? []).map((s, i) => {
    const subject = `service "${s.id}"`;
    const first = seen.get(s.id);
    if (first !== undefined) {
      const prev = ctx.loc(["services", first, "id"]);
      ctx.problems.push({
        code: "CATALOG_SERVICE_DUPLICATE",
        location: ctx.loc(["services", i, "id"]),
        subject,
        message: "duplicate service id",
        hint: `Service ids must be unique${prev ? ` (first declared at line ${prev.line})` : ""}; rename or merge one of them.`,
      });
    } else {
      seen.set(s.id, i);
    }
    const ranges: PortRange[] = [];
    (s.default ?? []).forEach((p, j) => {
      const range = parsePortRange(p);
      if ("error" in range)
        ctx.problems.push({ code: "CATALOG_SERVICE_PORTS_INVALID", location: ctx.loc(["services", i, "default", j]), subject, message: `default: ${range.error}`, hint: range.hint });
      else ranges.push(range);
    });
    return {
      id: s.id,
      description: s.description,
      ...(s.protocol ? { protocol: s.protocol } : {}),
      ...(s.default ? { default: normalisePorts(ranges) } : {}),
      location: ctx.loc(["services", i]),
    };
  });
}

interface KnownIds {
  readonly roleIds: ReadonlySet<string>;
  readonly setIds: ReadonlySet<string>;
  /** Declared services by id (none for invariants, whose ports are literal). */
  readonly services: ReadonlyMap<string, Service>;
  /** Rule ids seen so far, with the index of their first use. */
  readonly ruleIds: Map<string, number>;
}

type RuleDocument = CatalogDocument["rules"][number];

/** A flow is written with from/to; a one-sided rule with target/direction/peer. */
function isFlow(r: RuleDocument): boolean {
  return r.from !== undefined || r.to !== undefined;
}

/** A one-sided rule names its target, direction and peer (the schema leaves them to this check, which knows flows). */
function buildSideRule(r: RuleDocument, i: number, known: KnownIds, ctx: BuildContext): Rule[] {
  const missing = (["target", "direction", "peer"] as const).filter((k) => r[k] === undefined);
  if (missing.length > 0) {
    ctx.problems.push({
      code: "CATALOG_RULE_INCOMPLETE",
      location: ctx.loc(["rules", i]),
      subject: `rule "${r.id}"`,
      message: `the rule has no ${orList(missing.map((k) => `"${k}"`))}`,
      hint: "Write target, direction and peer (one side), or from and to (a flow between two roles, enforced on both sides).",
    });
    return [];
  }
  const rule = buildRule(r as Parameters<typeof buildRule>[0], i, known, ctx);
  return rule ? [rule] : [];
}

/** Flow ids leave room for their sides' suffix (-out) within the 40 characters of a rule id. */
const MAX_FLOW_ID = 36;

/**
 * A flow between two roles, written once, becomes both halves of one connection
 * at its place in the order: the destination side `<id>-in` (ingress on `to`
 * from role:`from`), then the source side `<id>-out` (egress on `from` to
 * role:`to`). Binding leaves the source side out where it only restates the
 * source's egress default (policy/bind.ts).
 */
function buildFlow(r: RuleDocument, i: number, known: KnownIds, ctx: BuildContext): Rule[] {
  const at = (field?: string) => ctx.loc(field === undefined ? ["rules", i] : ["rules", i, field]);
  const add = (code: ErrorCode, location: SourceLocation | undefined, message: string, hint: string) => ctx.problems.push({ code, location, subject: `flow "${r.id}"`, message, hint });
  const oneSided = (["target", "direction", "peer"] as const).filter((k) => r[k] !== undefined);
  if (oneSided.length > 0) {
    add(
      "CATALOG_FLOW_MIXED",
      at(oneSided[0]),
      `a flow (from, to) cannot also have ${orList(oneSided)}`,
      "Write either from and to (a flow between two roles, enforced on both sides) or target, direction and peer (one side).",
    );
    return [];
  }
  let ok = true;
  for (const side of ["from", "to"] as const) {
    const role = r[side];
    if (role === undefined) {
      const other = side === "from" ? "to" : "from";
      add("CATALOG_FLOW_INCOMPLETE", at(other), `the flow has "${other}" but no "${side}"`, `Add ${side}: the role that ${side === "from" ? "opens" : "receives"} the connection.`);
      ok = false;
    } else if (!known.roleIds.has(role)) {
      add("CATALOG_UNKNOWN_ROLE", at(side), `unknown role "${role}" in ${side}`, `A flow joins two roles of the catalog: use one of ${[...known.roleIds].join(", ")}.`);
      ok = false;
    }
  }
  if (r.action !== "allow") {
    add("CATALOG_FLOW_DENY", at("action"), "a flow allows a connection, and this one is a deny", "A deny protects one side: write it as a rule with target, direction and peer on that side.");
    ok = false;
  }
  if (r.id.length > MAX_FLOW_ID) {
    add("CATALOG_FLOW_ID_TOO_LONG", ctx.loc(["rules", i, "id"]), `the flow's id has ${r.id.length} characters; its sides add -in and -out to it`, `Shorten it to at most ${MAX_FLOW_ID} characters.`);
    ok = false;
  }
  if (!ok) return [];
  const from = r.from!;
  const to = r.to!;
  const destination = buildRule({ ...r, from: undefined, to: undefined, target: to, direction: "ingress", peer: `role:${from}` }, i, known, ctx);
  if (!destination) return [];
  return [
    { ...destination, id: `${r.id}-in`, flow: { id: r.id, from, to, side: "destination" } },
    { ...destination, id: `${r.id}-out`, target: from, direction: "egress", peer: { kind: "role", role: to }, flow: { id: r.id, from, to, side: "source" } },
  ];
}

/** A flow's sides are named `<id>-in` and `<id>-out`: no other rule or flow side may have those ids. */
function checkFlowSideIds(rules: readonly Rule[], doc: CatalogDocument, ctx: BuildContext): void {
  const written = new Map<string, number>();
  doc.rules.forEach((r, i) => {
    if (!isFlow(r) && !written.has(r.id)) written.set(r.id, i);
  });
  const sides = new Map<string, string>();
  for (const rule of rules) {
    // A second flow of one id is a duplicate rule already: its sides are not reported again.
    if (!rule.flow || sides.get(rule.id) === rule.flow.id) continue;
    const flowIndex = doc.rules.findIndex((r) => r.id === rule.flow!.id && isFlow(r));
    const other = written.get(rule.id);
    const clash = other !== undefined ? `rule "${rule.id}" (line ${ctx.loc(["rules", other, "id"])?.line ?? "?"})` : sides.has(rule.id) ? `a side of flow "${sides.get(rule.id)}"` : undefined;
    if (clash) {
      ctx.problems.push({
        code: "CATALOG_FLOW_ID_CLASH",
        location: ctx.loc(["rules", other ?? flowIndex, "id"]),
        subject: `flow "${rule.flow.id}"`,
        message: `its ${rule.flow.side} side is named "${rule.id}", and so is ${clash}`,
        hint: "A flow's sides are named <id>-in and <id>-out; rename the rule or the flow.",
      });
    }
    sides.set(rule.id, rule.flow.id);
  }
}

/** One rule, or undefined when its protocol or peer cannot be read (its problems are recorded). */
function buildRule(r: RuleDocument & { target: string; direction: "ingress" | "egress"; peer: string }, i: number, known: KnownIds, ctx: BuildContext): Rule | undefined {
  const at = (field?: string | number, ...rest: (string | number)[]) => ctx.loc(field === undefined ? ["rules", i] : ["rules", i, field, ...rest]);
  const add: Add = (location, message, hint, code) => ctx.problems.push({ code, location, subject: `rule "${r.id}"`, message, hint });

  checkRuleHeader(r, i, known, at, add, ctx);
  const protocol = parseProtocol(r.protocol);
  if ("error" in protocol) {
    add(at("protocol"), protocol.error, protocol.hint, protocol.code);
    return undefined;
  }
  const peer = parsePeer(r.peer);
  if ("error" in peer) add(at("peer"), peer.error, peer.hint, peer.code);
  else checkPeer(peer, protocol.value, known, at, add);
  if (!("error" in peer) && peer.kind === "platform" && r.direction === "egress") {
    add(
      at("direction"),
      `platform:${peer.service} is a source of traffic (the load balancer and its health checks), and this rule is egress`,
      "Write it on the ingress of the role the load balancer serves; the replies need no rule (every cloud's firewall is stateful).",
      "CATALOG_PLATFORM_PEER_EGRESS",
    );
  }
  const { ports, services } = rulePorts(r, protocol.value, known.services, at, add);
  if ("error" in peer) return undefined;
  if (peer.kind === "cidr" && "hadHostBits" in peer && peer.hadHostBits) add(at("peer"), `CIDR "${r.peer}" has host bits set`, `Write the network address: ${peer.cidr}.`, "CATALOG_CIDR_HOST_BITS");
  return {
    id: r.id,
    target: r.target,
    direction: r.direction,
    action: r.action,
    peer: peer.kind === "cidr" ? { kind: "cidr", cidr: peer.cidr } : peer,
    protocol: protocol.value,
    ports,
    ...(services.length > 0 ? { services } : {}),
    description: r.description,
    origin: r.origin,
    ...(r.note !== undefined ? { note: r.note } : {}),
    waivers: r.waivers ?? [],
    location: at(),
  };
}

/** Invariants: ids unique, `to` a role, `from` a peer as a rule's, ports as a rule's. */
function buildInvariants(doc: CatalogDocument, known: KnownIds, ctx: BuildContext): Invariant[] {
  const seen = new Set<string>();
  return (doc.invariants ?? []).flatMap((inv, i) => {
    const kind = inv.never !== undefined ? "never" : "always";
    const flow = (inv.never ?? inv.always)!;
    const at: At = (field, ...rest) => ctx.loc(field === undefined ? ["invariants", i] : ["invariants", i, kind, field, ...rest]);
    // Every invariant problem has this one code (public since invariants came); the message tells which.
    const add: Add = (location, message, hint) => ctx.problems.push({ code: "CATALOG_INVARIANT_INVALID", location, subject: `invariant "${inv.id}"`, message, hint });
    if (seen.has(inv.id)) add(ctx.loc(["invariants", i, "id"]), "duplicate invariant id", "Give each invariant a unique id.", "CATALOG_INVARIANT_INVALID");
    seen.add(inv.id);
    if (!known.roleIds.has(flow.to)) add(at("to"), `unknown role "${flow.to}"`, `"to" is a role id: one of ${[...known.roleIds].join(", ")}.`, "CATALOG_INVARIANT_INVALID");
    const protocol = parseProtocol(flow.protocol);
    if ("error" in protocol) {
      add(at("protocol"), protocol.error, protocol.hint, protocol.code);
      return [];
    }
    // A rule must say which ports; an invariant without them is about every port (docs/invariants.md).
    const portsOf = () =>
      flow.ports === undefined && hasPorts(protocol.value)
        ? [ALL_PORTS]
        : rulePorts({ ports: flow.ports, protocol: flow.protocol } as CatalogDocument["rules"][number], protocol.value, known.services, at, add).ports;
    const invariantOf = (from: Invariant["from"], ports: readonly PortRange[]): Invariant[] => [
      { id: inv.id, description: inv.description, kind, from, to: flow.to, protocol: protocol.value, ports, location: at() } as Invariant,
    ];
    if (flow.from === "internet") {
      // Every public address (not a peer of rules: no cloud has one word for it).
      return invariantOf({ kind: "internet" }, portsOf());
    }
    const peer = parsePeer(flow.from);
    if ("error" in peer) {
      add(at("from"), peer.error, peer.hint, peer.code);
      return [];
    }
    if (peer.kind === "platform") {
      add(
        at("from"),
        `platform:${peer.service} means something else on each cloud, and an invariant holds on every cloud alike`,
        "Write the invariant from any, internet, a CIDR, set:<id> or role:<id>.",
        "CATALOG_INVARIANT_INVALID",
      );
      return [];
    }
    checkPeer(peer, protocol.value, known, at, add);
    const ports = portsOf();
    return [
      {
        id: inv.id,
        description: inv.description,
        kind,
        from: peer.kind === "cidr" ? { kind: "cidr", cidr: peer.cidr } : peer,
        to: flow.to,
        protocol: protocol.value,
        ports,
        location: at(),
      } as Invariant,
    ];
  });
}

type At = (field?: string | number, ...rest: (string | number)[]) => SourceLocation | undefined;
type Add = (location: SourceLocation | undefined, message: string, hint: string, code: ErrorCode) => void;

/** A rule's id is unique, its target a role, its description written. */
function checkRuleHeader(r: RuleDocument & { target: string }, i: number, known: KnownIds, at: At, add: Add, ctx: BuildContext): void {
  const first = known.ruleIds.get(r.id);
  if (first !== undefined) {
    const prev = ctx.source?.locate(["rules", first, "id"]);
    add(at("id"), "duplicate rule id", `Rule ids must be unique${prev ? ` (first used at line ${prev.line})` : ""}; rename one of them.`, "CATALOG_DUPLICATE_RULE");
  } else {
    known.ruleIds.set(r.id, i);
  }
  if (!known.roleIds.has(r.target)) {
    add(at("target"), `unknown target role "${r.target}"`, `Declare it under roles, or use one of: ${[...known.roleIds].join(", ")}.`, "CATALOG_UNKNOWN_ROLE");
  }
  if (r.description.trim() === "") add(at("description"), "description is empty", "Say why the rule exists.", "CATALOG_EMPTY_DESCRIPTION");
  checkWaivers(
    r.waivers,
    (j) => at("waivers", j, "reason"),
    add,
    (j) => at("waivers", j, "expires"),
  );
}

/** The schema counts characters; blanks say nothing, so a reason needs 10 characters besides them. */
const MIN_WAIVER_REASON = 10;
function checkWaivers(waivers: readonly Waiver[] | undefined, at: (j: number) => SourceLocation | undefined, add: Add, atExpiry: (j: number) => SourceLocation | undefined): void {
  (waivers ?? []).forEach((w, j) => {
    // The schema checks the shape (YYYY-MM-DD); a calendar day is checked here (2027-02-30 is none).
    if (typeof w.expires === "string" && /^\d{4}-\d{2}-\d{2}$/.test(w.expires) && !isCalendarDay(w.expires)) {
      add(atExpiry(j), `waiver for "${w.check}" expires on "${w.expires}", which is not a day of the calendar`, "Write the review date as YYYY-MM-DD.", "CATALOG_WAIVER_EXPIRY_INVALID");
    }
    const length = w.reason.trim().length;
    if (length < MIN_WAIVER_REASON && w.reason.length >= MIN_WAIVER_REASON) {
      add(
        at(j),
        `waiver reason for "${w.check}" has ${length} character${length === 1 ? "" : "s"} besides blanks; at least ${MIN_WAIVER_REASON} are needed`,
        "Say why the finding is accepted (the coverage report shows it).",
        "CATALOG_WAIVER_REASON_SHORT",
      );
    }
  });
}

function isCalendarDay(text: string): boolean {
  const [y, m, d] = text.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** A peer names a declared role or address set, and a CIDR is of the protocol's family. */
function checkPeer(peer: ParsedPeer, protocol: Protocol, known: KnownIds, at: At, add: Add): void {
  if (peer.kind === "role" && !known.roleIds.has(peer.role)) {
    add(at("peer"), `unknown role "${peer.role}"`, `Declare it under roles, or use one of: ${[...known.roleIds].join(", ")}.`, "CATALOG_UNKNOWN_ROLE");
  } else if (peer.kind === "addressSet" && !known.setIds.has(peer.name)) {
    add(at("peer"), `unknown address set "${peer.name}"`, `Declare it under addressSets${known.setIds.size ? `, or use one of: ${[...known.setIds].join(", ")}` : ""}.`, "CATALOG_UNKNOWN_ADDRESS_SET");
  } else if (peer.kind === "cidr") {
    const family = protocolFamily(protocol);
    const other = cidrFamily(peer.cidr);
    if (family !== undefined && family !== other) {
      add(
        at("protocol"),
        `${icmpName(family)} travels only over IPv${family}, so it can never come from the IPv${other} network ${peer.cidr}`,
        `Use protocol ${icmpName(other).toLowerCase()} for ICMP over IPv${other}.`,
        "CATALOG_ICMP_FAMILY_MISMATCH",
      );
    }
  }
}

/**
 * A port protocol's literal ports, sorted and merged ([ALL_PORTS] for `all`), and
 * the services it names (their ports are bound per environment); none for other protocols.
 */
function rulePorts(r: CatalogDocument["rules"][number], protocol: Protocol, services: ReadonlyMap<string, Service>, at: At, add: Add): { ports: PortRange[]; services: ServiceReference[] } {
  const none = { ports: [], services: [] };
  if (!hasPorts(protocol)) {
    if (r.ports === undefined) return none;
    const entries = r.ports === "all" ? [] : r.ports;
    entries.forEach((p, j) => {
      const id = serviceReferenceId(p);
      if (id !== undefined)
        add(at("ports", j), `names service "${id}", but protocol ${r.protocol} has no ports`, `Remove service:${id}, or use ${orList(PORT_PROTOCOLS)}.`, "CATALOG_SERVICE_ON_PORTLESS_PROTOCOL");
    });
    if (r.ports === "all" || entries.some((p) => serviceReferenceId(p) === undefined)) {
      add(at("ports"), `ports are given for protocol ${r.protocol}, which has no ports`, `Remove ports, or use ${orList(PORT_PROTOCOLS)}.`, "CATALOG_PORTS_NOT_ALLOWED");
    }
    return none;
  }
  if (r.ports === undefined) {
    add(at(), `${protocol} rule has no ports`, 'Add "ports": a list such as [80, 7800-7802], or the word all.', "CATALOG_PORTS_MISSING");
    return none;
  }
  if (r.ports === "all") return { ports: [ALL_PORTS], services: [] };
  const ports: PortRange[] = [];
  const named: ServiceReference[] = [];
  r.ports.forEach((p, j) => {
    const id = serviceReferenceId(p);
    if (id === undefined) {
      const range = parsePortRange(p);
      if ("error" in range) add(at("ports", j), range.error, range.hint, "CATALOG_BAD_PORT");
      else ports.push(range);
      return;
    }
    const service = services.get(id);
    if (!service) {
      const known = [...services.keys()];
      add(at("ports", j), `unknown service "${id}"`, `Declare it under services${known.length ? `, or use one of: ${known.join(", ")}` : ""}.`, "CATALOG_SERVICE_UNKNOWN");
    } else if (service.protocol !== undefined && service.protocol !== protocol) {
      add(
        at("ports", j),
        `service "${id}" is ${service.protocol}, but the rule is ${protocol}`,
        `Use a ${service.protocol} rule for service:${id}, or declare a ${protocol} service.`,
        "CATALOG_SERVICE_PROTOCOL_MISMATCH",
      );
    } else if (!named.some((s) => s.service === id)) {
      named.push({ service: id, location: at("ports", j) });
    }
  });
  return { ports: normalisePorts(ports), services: named };
}

/** "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}` : items.join("");
}

type Parsed<T> = { value: T } | { error: string; hint: string; code: ErrorCode };

function parseProtocol(p: string | number): Parsed<Protocol> {
  if (typeof p === "number") {
    if (!Number.isInteger(p) || p < 0 || p > 255) {
      return { code: "CATALOG_BAD_PROTOCOL", error: `protocol number ${p} is outside 0-255`, hint: "Use an IP protocol number from 0 to 255, or a protocol name." };
    }
    // Numbers that have a name must be written by name, so one meaning has one spelling.
    const name = protocolName(p);
    if (name) return { code: "CATALOG_PROTOCOL_HAS_NAME", error: `protocol ${p} has a name`, hint: `Write "${name}" instead of ${p}.` };
    return { value: p };
  }
  const lower = p.toLowerCase();
  if (NAMED_PROTOCOLS.includes(lower)) return { value: lower as Protocol };
  const hint = lower === "ssh" ? "SSH is TCP: write protocol tcp with ports [22]." : `Use one of ${NAMED_PROTOCOLS.join(", ")} or an IP protocol number (0-255).`;
  return { code: "CATALOG_BAD_PROTOCOL", error: `unknown protocol "${p}"`, hint };
}

type ParsedPeer = Peer | { kind: "cidr"; cidr: string; hadHostBits: boolean };

function parsePeer(text: string): ParsedPeer | { error: string; hint: string; code: ErrorCode } {
  const t = text.trim();
  if (t === "any") return { kind: "any" };
  if (t.startsWith("role:")) return { kind: "role", role: t.slice(5).trim() };
  if (t.startsWith("set:")) return { kind: "addressSet", name: t.slice(4).trim() };
  if (t.startsWith("platform:")) {
    const service = t.slice(9).trim();
    if ((PLATFORM_SERVICES as readonly string[]).includes(service)) return { kind: "platform", service: service as PlatformService };
    return {
      code: "CATALOG_PLATFORM_PEER_UNKNOWN",
      error: `unknown platform service "${service}"`,
      hint: `A platform peer is one of: ${PLATFORM_SERVICES.map((s) => `platform:${s}`).join(", ")}.`,
    };
  }
  const parsed = parseCidr(t);
  if ("error" in parsed) {
    return { code: "CATALOG_BAD_PEER", error: `invalid peer: ${parsed.error}`, hint: "Write role:<role id>, set:<address set id>, a CIDR such as 10.0.0.0/16, or any." };
  }
  return { kind: "cidr", cidr: parsed.cidr, hadHostBits: parsed.hadHostBits };
}
