/**
 * Catalog loading: YAML (or an object built in code) → validated, normalised Policy.
 * Every problem is collected and reported at once, each with its position.
 */
import * as path from "path";
import schema from "../catalog/schema/catalog.schema.json";
import { cidrFamily, parseCidr } from "./cidr";
import { ConfigError, Problem } from "./errors";
import { ALL_PORTS, Peer, Policy, PortRange, PORT_PROTOCOLS, Protocol, Role, Rule, SourceLocation, Waiver } from "./model";
import { normalisePorts } from "./ports";
import { icmpName, protocolFamily } from "./semantics";
import { parseYaml, PathSubject, readYamlFile, validateSchema, YamlSource } from "./yaml-source";

/** The catalog as written (YAML or code). See catalog/schema/catalog.schema.json. */
export interface CatalogDocument {
  name: string;
  description: string;
  adminPorts?: number[];
  roles: { id: string; description: string; egressDefault: "allow" | "deny"; waivers?: Waiver[] }[];
  addressSets?: { id: string; description: string }[];
  rules: {
    id: string;
    target: string;
    direction: "ingress" | "egress";
    action: "allow" | "deny";
    /** role:<id>, set:<id>, a CIDR, or any */
    peer: string;
    protocol: string | number;
    ports?: "all" | (number | string)[];
    description: string;
    origin?: string;
    waivers?: Waiver[];
  }[];
}

export const NAMED_PROTOCOLS = ["tcp", "udp", "sctp", "icmp", "icmpv6", "all"] as const;
/** Numbers that have a name: the catalog insists on the name, so one meaning has one spelling. */
const NUMBER_NAMES: Record<number, string> = { 1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6", 132: "sctp" };

/** Reads and validates a catalog file. `file` is used as given in messages (pass a relative path). */
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

/** Builds a policy from a catalog written in code; the same checks apply. */
export function definePolicy(doc: CatalogDocument): Policy {
  const source: YamlSource = {
    file: `catalog "${doc.name}" (in code)`,
    data: doc,
    locate: () => ({ file: `catalog "${doc.name}" (in code)`, line: 1, column: 1 }),
  };
  const schemaProblems = validateSchema(source, schema, (p) => subjectAt(doc, p));
  if (schemaProblems.length > 0) throw new ConfigError(schemaProblems.map((p) => ({ ...p, location: undefined })));
  return buildPolicy(doc, undefined);
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith("..") ? file : rel.split(path.sep).join("/");
}

/** A rule, role or address set names the problems inside it; field paths are told from there. */
function subjectAt(doc: CatalogDocument, p: (string | number)[]): PathSubject {
  const [section, index] = p;
  const kind = section === "rules" ? "rule" : section === "roles" ? "role" : section === "addressSets" ? "address set" : undefined;
  if (typeof index !== "number" || !kind) return { depth: 0 };
  const item = (doc as unknown as Record<string, { id?: unknown }[] | undefined>)[section as string]?.[index];
  const id = item && typeof item === "object" && typeof item.id === "string" ? item.id : undefined;
  return { subject: id ? `${kind} "${id}"` : `${kind} #${index + 1}`, depth: 2 };
}

function buildPolicy(doc: CatalogDocument, source: YamlSource | undefined): Policy {
  const problems: Problem[] = [];
  const loc = (p: (string | number)[], key = false): SourceLocation | undefined => source?.locate(p, key);
  const roleIds = new Set<string>();
  const setIds = new Set<string>();

  const roles: Role[] = doc.roles.map((r, i) => {
    if (roleIds.has(r.id)) {
      problems.push({ location: loc(["roles", i, "id"]), subject: `role "${r.id}"`, message: "duplicate role id", hint: "Give each role a unique id." });
    }
    roleIds.add(r.id);
    checkWaivers(r.waivers, (j) => loc(["roles", i, "waivers", j, "reason"]), (location, message, hint) => problems.push({ location, subject: `role "${r.id}"`, message, hint }));
    return { id: r.id, description: r.description, egressDefault: r.egressDefault, waivers: r.waivers ?? [], location: loc(["roles", i]) };
  });
  const addressSets = (doc.addressSets ?? []).map((s, i) => {
    if (setIds.has(s.id) || roleIds.has(s.id)) {
      problems.push({
        location: loc(["addressSets", i, "id"]),
        subject: `address set "${s.id}"`,
        message: roleIds.has(s.id) ? "address set id is also a role id" : "duplicate address set id",
        hint: "Give each role and address set a unique id.",
      });
    }
    setIds.add(s.id);
    return { id: s.id, description: s.description, location: loc(["addressSets", i]) };
  });

  const ruleIds = new Map<string, number>();
  const rules: Rule[] = [];
  doc.rules.forEach((r, i) => {
    const subject = `rule "${r.id}"`;
    const at = (field?: string | number, ...rest: (string | number)[]) =>
      loc(field === undefined ? ["rules", i] : ["rules", i, field, ...rest]);
    const add = (location: SourceLocation | undefined, message: string, hint: string) =>
      problems.push({ location, subject, message, hint });

    const first = ruleIds.get(r.id);
    if (first !== undefined) {
      const firstLoc = at("id");
      const prev = source?.locate(["rules", first, "id"]);
      add(firstLoc, "duplicate rule id", `Rule ids must be unique${prev ? ` (first used at line ${prev.line})` : ""}; rename one of them.`);
    } else {
      ruleIds.set(r.id, i);
    }
    if (!roleIds.has(r.target)) {
      add(at("target"), `unknown target role "${r.target}"`, `Declare it under roles, or use one of: ${[...roleIds].join(", ")}.`);
    }
    if (r.description.trim() === "") add(at("description"), "description is empty", "Say why the rule exists.");
    checkWaivers(r.waivers, (j) => at("waivers", j, "reason"), add);

    const protocol = parseProtocol(r.protocol);
    if ("error" in protocol) {
      add(at("protocol"), protocol.error, protocol.hint);
      return;
    }
    const peer = parsePeer(r.peer);
    if ("error" in peer) {
      add(at("peer"), peer.error, peer.hint);
    } else if (peer.kind === "role" && !roleIds.has(peer.role)) {
      add(at("peer"), `unknown role "${peer.role}"`, `Declare it under roles, or use one of: ${[...roleIds].join(", ")}.`);
    } else if (peer.kind === "addressSet" && !setIds.has(peer.name)) {
      add(at("peer"), `unknown address set "${peer.name}"`, `Declare it under addressSets${setIds.size ? `, or use one of: ${[...setIds].join(", ")}` : ""}.`);
    } else if (peer.kind === "cidr") {
      const family = protocolFamily(protocol.value);
      const other = cidrFamily(peer.cidr);
      if (family !== undefined && family !== other) {
        add(at("protocol"), `${icmpName(family)} travels only over IPv${family}, so it can never come from the IPv${other} network ${peer.cidr}`, `Use protocol ${icmpName(other).toLowerCase()} for ICMP over IPv${other}.`);
      }
    }

    const hasPorts = typeof protocol.value === "string" && PORT_PROTOCOLS.includes(protocol.value);
    let ports: PortRange[] = [];
    if (hasPorts) {
      if (r.ports === undefined) {
        add(at(), `${protocol.value} rule has no ports`, 'Add "ports": a list such as [80, 7800-7802], or the word all.');
      } else if (r.ports === "all") {
        ports = [ALL_PORTS];
      } else {
        r.ports.forEach((p, j) => {
          const range = parsePortRange(p);
          if ("error" in range) add(at("ports", j), range.error, range.hint);
          else ports.push(range);
        });
        ports = normalisePorts(ports);
      }
    } else if (r.ports !== undefined) {
      add(at("ports"), `ports are given for protocol ${r.protocol}, which has no ports`, "Remove ports, or use tcp, udp or sctp.");
    }
    if ("error" in peer) return;
    rules.push({
      id: r.id,
      target: r.target,
      direction: r.direction,
      action: r.action,
      peer: peer.kind === "cidr" ? { kind: "cidr", cidr: peer.cidr } : peer,
      protocol: protocol.value,
      ports,
      description: r.description,
      origin: r.origin,
      waivers: r.waivers ?? [],
      location: at(),
    });
    if (peer.kind === "cidr" && "hadHostBits" in peer && peer.hadHostBits) {
      add(at("peer"), `CIDR "${r.peer}" has host bits set`, `Write the network address: ${peer.cidr}.`);
    }
  });

  if (problems.length > 0) throw new ConfigError(problems);
  return { name: doc.name, description: doc.description, file: source?.file, adminPorts: [...new Set(doc.adminPorts ?? [])].sort((a, b) => a - b), roles, addressSets, rules };
}

/** The schema counts characters; blanks say nothing, so a reason needs 10 characters besides them. */
const MIN_WAIVER_REASON = 10;
function checkWaivers(waivers: readonly Waiver[] | undefined, at: (j: number) => SourceLocation | undefined, add: (l: SourceLocation | undefined, m: string, h: string) => void): void {
  (waivers ?? []).forEach((w, j) => {
    const length = w.reason.trim().length;
    if (length < MIN_WAIVER_REASON && w.reason.length >= MIN_WAIVER_REASON) {
      add(at(j), `waiver reason for "${w.check}" has ${length} character${length === 1 ? "" : "s"} besides blanks; at least ${MIN_WAIVER_REASON} are needed`, "Say why the finding is accepted (the coverage report shows it).");
    }
  });
}

type Parsed<T> = { value: T } | { error: string; hint: string };

function parseProtocol(p: string | number): Parsed<Protocol> {
  if (typeof p === "number") {
    if (!Number.isInteger(p) || p < 0 || p > 255) {
      return { error: `protocol number ${p} is outside 0-255`, hint: "Use an IP protocol number from 0 to 255, or a protocol name." };
    }
    if (NUMBER_NAMES[p]) return { error: `protocol ${p} has a name`, hint: `Write "${NUMBER_NAMES[p]}" instead of ${p}.` };
    return { value: p };
  }
  const lower = p.toLowerCase();
  if ((NAMED_PROTOCOLS as readonly string[]).includes(lower)) return { value: lower as Protocol };
  const hint = lower === "ssh" ? 'SSH is TCP: write protocol tcp with ports [22].' : `Use one of ${NAMED_PROTOCOLS.join(", ")} or an IP protocol number (0-255).`;
  return { error: `unknown protocol "${p}"`, hint };
}

type ParsedPeer = Peer | { kind: "cidr"; cidr: string; hadHostBits: boolean };

function parsePeer(text: string): ParsedPeer | { error: string; hint: string } {
  const t = text.trim();
  if (t === "any") return { kind: "any" };
  if (t.startsWith("role:")) return { kind: "role", role: t.slice(5).trim() };
  if (t.startsWith("set:")) return { kind: "addressSet", name: t.slice(4).trim() };
  const parsed = parseCidr(t);
  if ("error" in parsed) {
    return { error: `invalid peer: ${parsed.error}`, hint: "Write role:<role id>, set:<address set id>, a CIDR such as 10.0.0.0/16, or any." };
  }
  return { kind: "cidr", cidr: parsed.cidr, hadHostBits: parsed.hadHostBits };
}

function parsePortRange(p: number | string): PortRange | { error: string; hint: string } {
  const hint = "Ports are 1-65535; write a range low-high, such as 7800-7802.";
  let from: number, to: number;
  if (typeof p === "number") {
    from = to = p;
  } else {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(p);
    if (!m) return { error: `invalid port "${p}"`, hint };
    from = Number(m[1]);
    to = Number(m[2]);
  }
  for (const v of [from, to]) {
    if (!Number.isInteger(v) || v < 1 || v > 65535) return { error: `port ${v} is outside 1-65535`, hint };
  }
  if (from > to) return { error: `port range ${from}-${to} is reversed`, hint: `Write ${to}-${from}.` };
  return { from, to };
}
