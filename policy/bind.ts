/**
 * Binding: a policy plus one environment's address sets and role bindings
 * gives the concrete, still cloud-neutral, policy that cloud modules render.
 */
import { cidrFamily, compareCidrs, parseCidr } from "./cidr";
import { ConfigError, Problem } from "./errors";
import { BoundPolicy, BoundRule, EnvironmentBindings, PeerEntry, Policy, RoleBinding, SourceLocation } from "./model";
import { icmpName, protocolFamily } from "./semantics";

export function bindPolicy(policy: Policy, env: EnvironmentBindings): BoundPolicy {
  const problems: Problem[] = [];
  const subject = `environment "${env.environment}"`;
  const where = env.file ? ` in ${env.file}` : "";
  // Where in the environment file: the entry itself when the file was read, else the file.
  const locate = (path: (string | number)[], key = false): SourceLocation | undefined =>
    env.locate?.(path, key) ?? (env.file ? { file: env.file, line: 1, column: 1 } : undefined);
  /** Lists with a wrong entry: already reported, so not reported again as empty. */
  const hadErrors = new Set<string>();

  const canon = (name: string, values: readonly string[], at: (string | number)[]): string[] => {
    const out = new Set<string>();
    values.forEach((v, i) => {
      const p = parseCidr(v);
      if ("error" in p) {
        problems.push({ location: locate([...at, i]), subject, message: `${name}: ${p.error}`, hint: `Fix the address${where}.` });
        hadErrors.add(name);
      } else if (p.hadHostBits) {
        problems.push({ location: locate([...at, i]), subject, message: `${name}: CIDR "${v}" has host bits set`, hint: `Write the network address ${p.cidr}${where}.` });
        hadErrors.add(name);
      } else {
        out.add(p.cidr);
      }
    });
    return [...out].sort(compareCidrs);
  };

  const setIds = new Set(policy.addressSets.map((s) => s.id));
  const roleIds = new Set(policy.roles.map((r) => r.id));
  for (const name of Object.keys(env.addressSets)) {
    if (!setIds.has(name)) {
      problems.push({ location: locate(["addressSets", name], true), subject, message: `binds unknown address set "${name}"`, hint: `Remove it${where}, or declare it in catalog ${policy.name}.` });
    }
  }
  const addressSets: Record<string, string[]> = {};
  for (const s of policy.addressSets) {
    if (env.addressSets[s.id] !== undefined) addressSets[s.id] = canon(`address set "${s.id}"`, env.addressSets[s.id], ["addressSets", s.id]);
  }

  const roleBindings: Record<string, RoleBinding> = {};
  for (const name of Object.keys(env.roles ?? {})) {
    if (!roleIds.has(name)) {
      problems.push({ location: locate(["roles", name], true), subject, message: `binds unknown role "${name}"`, hint: `Remove it${where}, or declare it in catalog ${policy.name}.` });
    }
  }
  for (const r of policy.roles) {
    const b = env.roles?.[r.id];
    roleBindings[r.id] = b && b.kind === "addresses" ? { kind: "addresses", cidrs: canon(`role "${r.id}"`, b.cidrs, ["roles", r.id, "addresses"]) } : { kind: "managed" };
  }

  const rules: BoundRule[] = [];
  for (const rule of policy.rules) {
    const ruleSubject = `${subject}, rule "${rule.id}"`;
    if (roleBindings[rule.target]?.kind === "addresses") {
      problems.push({
        location: rule.location,
        subject: ruleSubject,
        message: `target role "${rule.target}" is bound to addresses, so no firewall of ours can enforce the rule`,
        hint: `Bind role "${rule.target}" as managed${where}, or move the rule to the catalog of the team that manages those hosts.`,
      });
      continue;
    }
    let peers: PeerEntry[] = [];
    const p = rule.peer;
    if (p.kind === "any") {
      peers = [cidrEntry("0.0.0.0/0")];
      if (env.ipv6) peers.push(cidrEntry("::/0"));
    } else if (p.kind === "cidr") {
      peers = [cidrEntry(p.cidr)];
    } else if (p.kind === "addressSet") {
      const cidrs = addressSets[p.name];
      if (cidrs === undefined) {
        problems.push({
          location: rule.location,
          subject: ruleSubject,
          message: `address set "${p.name}" is not bound`,
          hint: `Add addressSets.${p.name} (a list of CIDRs)${where}.`,
        });
        continue;
      }
      if (cidrs.length === 0) {
        if (hadErrors.has(`address set "${p.name}"`)) continue;
        problems.push({
          location: rule.location,
          subject: ruleSubject,
          message: `address set "${p.name}" is bound to an empty list, so the rule would match nothing`,
          hint: `Give addressSets.${p.name} at least one CIDR${where}.`,
        });
        continue;
      }
      peers = cidrs.map(cidrEntry);
    } else {
      const b = roleBindings[p.role];
      peers = b.kind === "addresses" ? b.cidrs.map(cidrEntry) : [{ kind: "role", role: p.role }];
    }
    rules.push(onlyFamilyOfProtocol({ ...rule, peers }, env.environment));
  }

  if (problems.length > 0) throw new ConfigError(problems);
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
  return { ...rule, peers, inapplicable: `${icmpName(family)} travels only over IPv${family}, and the rule's peer has no IPv${family} network in environment "${environment}": it matches no traffic here` };
}

function cidrEntry(cidr: string): PeerEntry {
  return { kind: "cidr", cidr, family: cidrFamily(cidr) };
}
