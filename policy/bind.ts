/**
 * Binding: a policy plus one environment's address sets and role bindings
 * gives the concrete, still cloud-neutral, policy that cloud modules render.
 */
import { cidrFamily, compareCidrs, parseCidr } from "./cidr";
import { ConfigError, ErrorCode, Problem } from "./errors";
import { BoundPolicy, BoundRule, EnvironmentBindings, PeerEntry, Policy, RoleBinding, Rule, SourceLocation, TokenKind } from "./model";
import { icmpName, protocolFamily } from "./protocols";

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
  const rules = policy.rules.flatMap((rule) => {
    const bound = bindRule(rule, env, addressSets, roleBindings, ctx);
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
    rules,
  };
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

/** A rule with its peer resolved for the environment, or undefined (with a problem) when it cannot be. */
function bindRule(
  rule: Rule,
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
