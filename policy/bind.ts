/**
 * Binding: a policy plus one environment's address sets, role bindings and
 * service ports gives the concrete, still cloud-neutral, policy that cloud
 * modules render (their rules carry plain ports and peers).
 */
import { cidrFamily, compareCidrs, parseCidr } from "./cidr";
import { ConfigError, ErrorCode, Problem } from "./errors";
import { BoundPolicy, BoundRule, BoundServiceReference, EnvironmentBindings, Invariant, PeerEntry, Policy, PortRange, RoleBinding, Rule, SourceLocation, TokenKind } from "./model";
import { intersectPorts, normalisePorts, parsePortRange } from "./ports";
import { icmpName, protocolFamily, protocolNumber } from "./protocols";

/** Where binding problems go, and how they name the environment. */
interface BindContext {
  readonly problems: Problem[];
  readonly subject: string;
  /** " in <file>", or "". */
  readonly where: string;
  /** Where in the environment file: the entry itself when the file was read, else the file. */
  locate(path: (string | number)[], key?: boolean): SourceLocation | undefined;
  /** Lists with a wrong entry: already reported, so not reported again as empty. */
  readonly hadErrors: Set<string>;
}

export function bindPolicy(policy: Policy, env: EnvironmentBindings): BoundPolicy {
  const ctx: BindContext = {
    problems: [],
    subject: `environment "${env.environment}"`,
    where: env.file ? ` in ${env.file}` : "",
    locate: (path, key = false) => env.locate?.(path, key) ?? (env.file ? { file: env.file, line: 1, column: 1 } : undefined),
    hadErrors: new Set(),
  };
  const addressSets = bindAddressSets(policy, env, ctx);
  const roleBindings = bindRoles(policy, env, ctx);
  const services = bindServices(policy, env, ctx);
  for (const inv of policy.invariants ?? []) bindInvariant(inv, addressSets, roleBindings, ctx);
  const rules = policy.rules.flatMap((rule, index) => {
    const withPorts = withServicePorts(rule, services, ctx);
    const leftOut = withPorts && sourceSideLeftOut(rule, policy, index, roleBindings, env.environment, (r) => boundPortsOf(r, services));
    if (withPorts && leftOut) return [{ ...withPorts, peers: [], inapplicable: leftOut }];
    const bound = withPorts && bindRule(withPorts, env, addressSets, roleBindings, ctx);
    return bound ? [onlyFamilyOfProtocol(bound, env.environment)] : [];
  });
  if (ctx.problems.length > 0) throw new ConfigError(ctx.problems);
  return {
    policy,
    environment: env.environment,
    ipv6: env.ipv6,
    managedRoles: policy.roles.filter((r) => roleBindings[r.id].kind === "managed"),
    roleBindings,
    addressSets,
    ...(policy.services ? { services: Object.fromEntries([...services].filter((e): e is [string, PortRange[]] => e[1] !== undefined)) } : {}),
    rules,
  };
}

/**
 * Each declared service's ports here: the environment's binding, else the
 * service's default; undefined (with a problem naming the rules that use it)
 * when neither is given. Binding a service the catalog does not declare, or to
 * anything but a list of ports, is a problem.
 */
function bindServices(policy: Policy, env: EnvironmentBindings, ctx: BindContext): Map<string, PortRange[] | undefined> {
  const declared = policy.services ?? [];
  const given = env.services ?? {};
  for (const name of Object.keys(given)) {
    if (!declared.some((s) => s.id === name)) {
      const known = declared.map((s) => s.id);
      ctx.problems.push({
        code: "ENV_SERVICE_UNKNOWN",
        location: ctx.locate(["services", name], true),
        subject: ctx.subject,
        message: `binds unknown service "${name}"`,
        hint: `Remove it${ctx.where}${known.length ? `, or bind one of: ${known.join(", ")}` : ""}; or declare it under services in catalog ${policy.name}.`,
      });
    }
  }
  const bound = new Map<string, PortRange[] | undefined>();
  for (const service of declared) {
    const value = Object.prototype.hasOwnProperty.call(given, service.id) ? (given as Record<string, unknown>)[service.id] : undefined;
    if (value !== undefined) {
      bound.set(service.id, boundPorts(service.id, value, ctx, env.tokenKind));
      continue;
    }
    if (service.default) {
      bound.set(service.id, [...service.default]);
      continue;
    }
    bound.set(service.id, undefined);
    const users = policy.rules.filter((r) => r.services?.some((ref) => ref.service === service.id)).map((r) => `"${r.id}"`);
    if (users.length === 0) continue; // Like an unused address set, an unused service needs no ports here.
    ctx.problems.push({
      code: "ENV_SERVICE_UNBOUND",
      location: ctx.locate(["services"], true),
      subject: ctx.subject,
      message: `service "${service.id}" is not bound and has no default, and rule${users.length === 1 ? "" : "s"} ${users.join(", ")} name${users.length === 1 ? "s" : ""} it`,
      hint: `Add services.${service.id} (a list of ports such as [30000-30100])${ctx.where}, or give the service a default in catalog ${policy.name}.`,
    });
  }
  return bound;
}

/** An environment's ports of one service, sorted and merged; anything but a non-empty list of ports is a problem (and gives undefined). */
function boundPorts(id: string, value: unknown, ctx: BindContext, tokenKind?: (value: string) => TokenKind): PortRange[] | undefined {
  const problem = (at: (string | number)[], message: string, hint: string) =>
    ctx.problems.push({ code: "ENV_SERVICE_PORTS_INVALID", location: ctx.locate(at), subject: ctx.subject, message: `service "${id}": ${message}`, hint: `${hint.replace(/\.$/, "")}${ctx.where}.` });
  if (!Array.isArray(value) || value.length === 0) {
    problem(["services", id], `bound to ${Array.isArray(value) ? "an empty list" : shownValue(value)}, not a list of ports`, "Bind it to a list of ports and ranges, such as [21, 30000-30100].");
    return undefined;
  }
  const ranges: PortRange[] = [];
  let bad = false;
  value.forEach((p: unknown, j) => {
    if ((typeof p === "number" || typeof p === "string") && tokenKind?.(p as string) !== undefined) {
      // A port known only at deploy time cannot be planned with: the clouds' rules, quotas and priorities are decided at synthesis.
      ctx.problems.push({
        code: "ENV_SERVICE_PORTS_TOKEN",
        location: ctx.locate(["services", id, j]),
        subject: ctx.subject,
        message: `service "${id}": port ${j + 1} is a token, known only at deploy time; the clouds' rules are planned from the ports at synthesis`,
        hint: `Bind the service to literal ports${ctx.where}.`,
      });
      bad = true;
      return;
    }
    const range = typeof p === "number" || typeof p === "string" ? parsePortRange(p) : { error: `${shownValue(p)} is not a port`, hint: "Write a port (443) or a range (7800-7802)." };
    if ("error" in range) {
      problem(["services", id, j], range.error, range.hint);
      bad = true;
    } else {
      ranges.push(range);
    }
  });
  return bad ? undefined : normalisePorts(ranges);
}

/** A value from code as a message shows it (never throwing, as JSON.stringify does on a BigInt). */
function shownValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v === null || v === undefined) return String(v);
  return Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : typeof v;
}

/** A rule with its services' ports merged into its own; undefined when a service it names has no ports here (already a problem). */
function withServicePorts(
  rule: Rule,
  services: ReadonlyMap<string, PortRange[] | undefined>,
  ctx: BindContext,
): (Omit<Rule, "services"> & { services?: readonly BoundServiceReference[] }) | undefined {
  if (!rule.services) return rule as Omit<Rule, "services">;
  const refs: BoundServiceReference[] = [];
  for (const ref of rule.services) {
    if (!services.has(ref.service)) {
      // Only a policy not made by the loader (edited, or built by hand) can name a service it does not declare.
      ctx.problems.push({
        code: "CATALOG_SERVICE_UNKNOWN",
        location: ref.location ?? rule.location,
        subject: `${ctx.subject}, rule "${rule.id}"`,
        message: `names service "${ref.service}", which the policy does not declare`,
        hint: "Declare it under services, and build the policy with loadCatalogFile, parseCatalog or definePolicy.",
      });
      return undefined;
    }
    const ports = services.get(ref.service);
    if (ports === undefined) return undefined;
    refs.push({ ...ref, ports });
  }
  return { ...rule, ports: normalisePorts([...rule.ports, ...refs.flatMap((r) => r.ports)]), services: refs };
}

/** Canonical CIDRs (sorted, without duplicates), then tokens as given; each bad entry is a problem. */
function canonicalCidrs(name: string, values: readonly string[], at: (string | number)[], ctx: BindContext, tokenKind?: (value: string) => TokenKind): string[] {
  const out = new Set<string>();
  const tokens: string[] = [];
  values.forEach((v, i) => {
    if (tokenKind?.(v) !== undefined) {
      if (!tokens.includes(v)) tokens.push(v);
      return;
    }
    const p = parseCidr(v);
    if ("error" in p) {
      ctx.problems.push({ code: "ENV_BAD_CIDR", location: ctx.locate([...at, i]), subject: ctx.subject, message: `${name}: ${p.error}`, hint: `Fix the address${ctx.where}.` });
      ctx.hadErrors.add(name);
    } else if (p.hadHostBits) {
      ctx.problems.push({
        code: "ENV_CIDR_HOST_BITS",
        location: ctx.locate([...at, i]),
        subject: ctx.subject,
        message: `${name}: CIDR "${v}" has host bits set`,
        hint: `Write the network address ${p.cidr}${ctx.where}.`,
      });
      ctx.hadErrors.add(name);
    } else {
      out.add(p.cidr);
    }
  });
  return [...[...out].sort(compareCidrs), ...tokens];
}

/** The environment's address sets, canonical; binding a set the catalog does not declare is a problem. */
function bindAddressSets(policy: Policy, env: EnvironmentBindings, ctx: BindContext): Record<string, string[]> {
  const setIds = new Set(policy.addressSets.map((s) => s.id));
  for (const name of Object.keys(env.addressSets)) {
    if (!setIds.has(name)) {
      ctx.problems.push({
        code: "ENV_UNKNOWN_ADDRESS_SET",
        location: ctx.locate(["addressSets", name], true),
        subject: ctx.subject,
        message: `binds unknown address set "${name}"`,
        hint: `Remove it${ctx.where}, or declare it in catalog ${policy.name}.`,
      });
    }
  }
  const addressSets: Record<string, string[]> = {};
  for (const s of policy.addressSets) {
    if (env.addressSets[s.id] !== undefined) addressSets[s.id] = canonicalCidrs(`address set "${s.id}"`, env.addressSets[s.id], ["addressSets", s.id], ctx, env.tokenKind);
  }
  return addressSets;
}

/** Every catalog role: managed, unless the environment binds it to addresses; binding an undeclared role is a problem. */
function bindRoles(policy: Policy, env: EnvironmentBindings, ctx: BindContext): Record<string, RoleBinding> {
  const roleIds = new Set(policy.roles.map((r) => r.id));
  for (const name of Object.keys(env.roles ?? {})) {
    if (!roleIds.has(name)) {
      ctx.problems.push({
        code: "ENV_UNKNOWN_ROLE",
        location: ctx.locate(["roles", name], true),
        subject: ctx.subject,
        message: `binds unknown role "${name}"`,
        hint: `Remove it${ctx.where}, or declare it in catalog ${policy.name}.`,
      });
    }
  }
  const roleBindings: Record<string, RoleBinding> = {};
  for (const r of policy.roles) {
    const b = env.roles?.[r.id];
    roleBindings[r.id] = b && b.kind === "addresses" ? { kind: "addresses", cidrs: canonicalCidrs(`role "${r.id}"`, b.cidrs, ["roles", r.id, "addresses"], ctx) } : { kind: "managed" };
  }
  return roleBindings;
}

/**
 * What an invariant needs of the environment: its receiving role guarded by
 * our firewalls (a role bound to addresses has none), and its sender's
 * address set bound.
 */
function bindInvariant(inv: Invariant, addressSets: Readonly<Record<string, readonly string[]>>, roleBindings: Readonly<Record<string, RoleBinding>>, ctx: BindContext): void {
  const problem = (code: ErrorCode, message: string, hint: string) => ctx.problems.push({ code, location: inv.location, subject: `${ctx.subject}, invariant "${inv.id}"`, message, hint });
  if (roleBindings[inv.to]?.kind === "addresses")
    problem(
      "ENV_INVARIANT_TARGET_BOUND_TO_ADDRESSES",
      `its receiving role "${inv.to}" is bound to addresses${ctx.where}, so no firewall of ours guards it and the invariant cannot be judged`,
      `Bind role "${inv.to}" as managed${ctx.where}, or state the invariant in the catalog of the team that manages those hosts.`,
    );
  if (inv.from.kind === "addressSet" && addressSets[inv.from.name] === undefined)
    problem("ENV_ADDRESS_SET_UNBOUND", `address set "${inv.from.name}" is not bound`, `Add addressSets.${inv.from.name} (a list of CIDRs)${ctx.where}.`);
}

/** A rule with its peer resolved for the environment, or undefined (with a problem) when it cannot be. */
function bindRule(
  rule: Omit<Rule, "services"> & { services?: readonly BoundServiceReference[] },
  env: EnvironmentBindings,
  addressSets: Readonly<Record<string, readonly string[]>>,
  roleBindings: Readonly<Record<string, RoleBinding>>,
  ctx: BindContext,
): BoundRule | undefined {
  const subject = `${ctx.subject}, rule "${rule.id}"`;
  const problem = (code: ErrorCode, message: string, hint: string) => ctx.problems.push({ code, location: rule.location, subject, message, hint });
  if (roleBindings[rule.target]?.kind === "addresses") {
    problem(
      "ENV_TARGET_BOUND_TO_ADDRESSES",
      `target role "${rule.target}" is bound to addresses, so no firewall of ours can enforce the rule`,
      `Bind role "${rule.target}" as managed${ctx.where}, or move the rule to the catalog of the team that manages those hosts.`,
    );
    return undefined;
  }
  const p = rule.peer;
  if (p.kind === "any") return { ...rule, peers: env.ipv6 ? [cidrEntry("0.0.0.0/0"), cidrEntry("::/0")] : [cidrEntry("0.0.0.0/0")] };
  if (p.kind === "cidr") return { ...rule, peers: [cidrEntry(p.cidr)] };
  // Each cloud names the platform's services in its own words (modules/platform.ts fills the peers per cloud).
  if (p.kind === "platform") return { ...rule, peers: [], platform: p.service };
  if (p.kind === "role") {
    const b = roleBindings[p.role];
    return { ...rule, peers: b.kind === "addresses" ? b.cidrs.map(cidrEntry) : [{ kind: "role", role: p.role }] };
  }
  const cidrs = addressSets[p.name];
  if (cidrs === undefined) {
    problem("ENV_ADDRESS_SET_UNBOUND", `address set "${p.name}" is not bound`, `Add addressSets.${p.name} (a list of CIDRs)${ctx.where}.`);
    return undefined;
  }
  if (cidrs.length === 0) {
    if (ctx.hadErrors.has(`address set "${p.name}"`)) return undefined;
    problem("ENV_ADDRESS_SET_EMPTY", `address set "${p.name}" is bound to an empty list, so the rule would match nothing`, `Give addressSets.${p.name} at least one CIDR${ctx.where}.`);
    return undefined;
  }
  if (cidrs.some((c) => env.tokenKind?.(c) === "list")) {
    problem(
      "ENV_ADDRESS_SET_LIST_TOKEN",
      `address set "${p.name}" holds a list token, whose number of networks is known only at deploy time; the clouds need it at synthesis (AWS writes one rule per network and counts them against its quota, GCP splits a rule past 256 ranges)`,
      `Bind the set to single networks (a token of one CIDR each, such as Fn.element(list, 0), or literal CIDRs)${ctx.where}.`,
    );
    return undefined;
  }
  return { ...rule, peers: cidrs.map((c, index) => (env.tokenKind?.(c) === "value" ? { kind: "cidr", cidr: c, family: 4, token: { set: p.name, index } } : cidrEntry(c))) };
}

/**
 * Why a flow's source side is left out here, or undefined when it must be
 * rendered. Left out, it matches nothing, which decides every flow as the side
 * would: where the source role's egress default is allow and no later egress
 * deny of the role can match a member of the destination (a deny to the
 * destination role, to addresses, or to a role bound to addresses), the
 * default allows what the side allows. A source role bound to addresses is no
 * group of ours: its egress is not ours to enforce, and the destination side
 * still is.
 */
function sourceSideLeftOut(
  rule: Rule,
  policy: Policy,
  index: number,
  roleBindings: Readonly<Record<string, RoleBinding>>,
  environment: string,
  portsOf: (rule: Rule) => readonly PortRange[] | undefined,
): string | undefined {
  if (rule.flow?.side !== "source") return undefined;
  const { id, from, to } = rule.flow;
  if (roleBindings[from]?.kind === "addresses") {
    return `role "${from}" is bound to addresses in environment "${environment}", so its egress is not enforced by this catalog; the destination side ${id}-in is`;
  }
  if (policy.roles.find((r) => r.id === from)?.egressDefault !== "allow") return undefined;
  const canMatchDestination = (later: Rule) => later.peer.kind !== "role" || later.peer.role === to || roleBindings[later.peer.role]?.kind === "addresses";
  const deniedLater = policy.rules
    .slice(index + 1)
    .some((later) => later.direction === "egress" && later.target === from && later.action === "deny" && trafficOverlaps(rule, later, portsOf) && canMatchDestination(later));
  if (deniedLater) return undefined;
  return `left to the egress default of role "${from}" (allow), which allows this traffic already: the source side of flow "${id}" is not rendered`;
}

/** Whether some packet has both rules' protocol and port (a rule whose services have no ports here counts as overlapping). */
function trafficOverlaps(a: Rule, b: Rule, portsOf: (rule: Rule) => readonly PortRange[] | undefined): boolean {
  const pa = protocolNumber(a.protocol);
  const pb = protocolNumber(b.protocol);
  if (pa !== "all" && pb !== "all" && pa !== pb) return false;
  const portsA = portsOf(a);
  const portsB = portsOf(b);
  if (!portsA || !portsB || portsA.length === 0 || portsB.length === 0) return true;
  return intersectPorts(portsA, portsB).length > 0;
}

/** A rule's literal ports and its services' ports here; undefined when a service has none (already a problem). */
function boundPortsOf(rule: Rule, services: ReadonlyMap<string, PortRange[] | undefined>): PortRange[] | undefined {
  const named = (rule.services ?? []).map((ref) => services.get(ref.service));
  return named.some((p) => p === undefined) ? undefined : normalisePorts([...rule.ports, ...named.flatMap((p) => p!)]);
}

/**
 * ICMP packets travel only over IPv4 and ICMPv6 packets only over IPv6: networks
 * of the other family are left out (either cloud would accept them as rules that
 * never match). A rule left with no peer matches nothing in this environment and
 * says why.
 */
function onlyFamilyOfProtocol(rule: BoundRule, environment: string): BoundRule {
  const family = protocolFamily(rule.protocol);
  if (family === undefined) return rule;
  const peers = rule.peers.filter((e) => e.kind === "role" || e.family === family);
  if (peers.length === rule.peers.length) return rule;
  if (peers.length > 0) return { ...rule, peers };
  return {
    ...rule,
    peers,
    inapplicable: `${icmpName(family)} travels only over IPv${family}, and the rule's peer has no IPv${family} network in environment "${environment}": it matches no traffic here`,
  };
}

function cidrEntry(cidr: string): PeerEntry {
  return { kind: "cidr", cidr, family: cidrFamily(cidr) };
}
