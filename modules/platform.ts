/**
 * The catalog's platform peers (`platform:load-balancer`) in one cloud's
 * words. Binding leaves such a rule's peers empty, since the meaning differs
 * by cloud; each cloud's construct renders, and the verifier decides, the
 * bound policy this returns for that cloud, so both see ordinary peers.
 */
import { BoundPolicy, BoundRule, ErrorCode, PeerEntry, PlatformService, Problem, protocolFamily, SynthesisError } from "../policy";

/** What a platform service is on one cloud: its peer entries, or why the cloud cannot name it. */
export type PlatformPeers = (service: PlatformService, bound: BoundPolicy) => readonly PeerEntry[] | { readonly code: ErrorCode; readonly message: string; readonly hint: string };

/** The cloud a bound policy is resolved for: its id (for the cache), its name (for messages) and its meaning of the platform's services. */
export interface PlatformCloud {
  readonly id: string;
  readonly displayName: string;
  readonly platformPeers?: PlatformPeers;
}

const resolved = new WeakMap<BoundPolicy, Map<string, BoundPolicy>>();

/**
 * The bound policy with every platform peer in `cloud`'s words; the policy
 * itself when no rule names one. A service the cloud cannot name is a problem
 * (pushed to `problems`, else thrown); its rules keep no peer meanwhile.
 */
export function boundForCloud(bound: BoundPolicy, cloud: PlatformCloud, problems?: Problem[]): BoundPolicy {
  // A rule already in this cloud's words (a policy placed in networks) keeps its peers as placed.
  const pending = (r: BoundRule) => r.platform !== undefined && r.platformIn !== cloud.id;
  if (!bound.rules.some(pending)) return bound;
  const cached = resolved.get(bound)?.get(cloud.id);
  if (cached) return cached;
  const found: Problem[] = [];
  const rules = bound.rules.map((rule): BoundRule => {
    if (!pending(rule)) return rule;
    const meaning = cloud.platformPeers?.(rule.platform!, bound) ?? {
      code: "LIB_PLATFORM_PEER_UNSUPPORTED",
      message: `${cloud.displayName} does not say what platform:${rule.platform} is`,
      hint: `Give the cloud's row (modules/clouds.ts) a platformPeers function, or write the rule's peer for this cloud's catalog.`,
    };
    if (!Array.isArray(meaning)) {
      const refusal = meaning as Exclude<ReturnType<PlatformPeers>, readonly PeerEntry[]>;
      found.push({ code: refusal.code, location: rule.location, subject: `environment "${bound.environment}", rule "${rule.id}"`, message: refusal.message, hint: refusal.hint });
      return rule;
    }
    return { ...ofFamilies(rule, meaning as readonly PeerEntry[], bound), platformIn: cloud.id };
  });
  if (found.length > 0) {
    if (!problems) throw SynthesisError.of(found);
    problems.push(...found);
    return { ...bound, rules };
  }
  const forCloud = { ...bound, rules };
  if (!resolved.has(bound)) resolved.set(bound, new Map());
  resolved.get(bound)!.set(cloud.id, forCloud);
  return forCloud;
}

/** Only the networks the rule's traffic can come from here: IPv6 ones where IPv6 is on, and ICMP's own family. */
function ofFamilies(rule: BoundRule, entries: readonly PeerEntry[], bound: BoundPolicy): BoundRule {
  const family = protocolFamily(rule.protocol);
  const peers = entries.filter((e) => e.kind === "role" || ((bound.ipv6 || e.family === 4) && (family === undefined || e.family === family)));
  if (peers.length > 0 || entries.length === 0) return { ...rule, peers };
  return { ...rule, peers, inapplicable: `platform:${rule.platform} has no network of the rule's family in environment "${bound.environment}": it matches no traffic here` };
}
