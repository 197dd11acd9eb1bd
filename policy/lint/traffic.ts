/**
 * The lint's judgement of one piece of traffic that is not a catalog rule (a
 * rule found on a cloud and in no stack: drift). The same rule-level checks
 * as the pack, so a hand-made tcp 3389 from 0.0.0.0/0 is the same error the
 * catalog would get; checks about the catalog itself (shadowing,
 * descriptions, a role's egress default) have nothing to judge here.
 */
import { cidrFamily } from "../cidr";
import { BoundPolicy, BoundRule, Direction, PeerEntry, PortRange, Protocol } from "../model";
import { Finding, LintCheck } from "./check";
import { adminPortOpenToAny } from "./checks/admin-port-open-to-any";
import { allProtocolsOrAllPorts } from "./checks/all-protocols-or-all-ports";
import { egressOpenToWorld } from "./checks/egress-open-to-world";

/** The checks that judge a rule by its traffic alone. */
export const TRAFFIC_CHECKS: readonly LintCheck[] = [adminPortOpenToAny, allProtocolsOrAllPorts, egressOpenToWorld];

export interface Traffic {
  readonly direction: Direction;
  readonly protocol: Protocol;
  /** Port ranges for tcp/udp/sctp; empty for other protocols. */
  readonly ports: readonly PortRange[];
  /** A network (CIDR), or another group's members (never "the world"). */
  readonly peer: { readonly cidr: string } | { readonly group: string };
}

/** The pack's findings about traffic allowed outside the catalog, with the catalog's administration ports. */
export function lintTraffic(traffic: Traffic, adminPorts: readonly number[]): Finding[] {
  const entry: PeerEntry = "cidr" in traffic.peer ? { kind: "cidr", cidr: traffic.peer.cidr, family: cidrFamily(traffic.peer.cidr) } : { kind: "role", role: traffic.peer.group };
  const rule: BoundRule = {
    id: "outside-the-catalog",
    target: "outside-the-catalog",
    direction: traffic.direction,
    action: "allow",
    peer: entry.kind === "cidr" ? { kind: "cidr", cidr: entry.cidr } : { kind: "role", role: entry.role },
    protocol: traffic.protocol,
    ports: traffic.ports,
    description: "",
    waivers: [],
    peers: [entry],
  };
  const bound: BoundPolicy = {
    policy: { name: "", description: "", adminPorts, roles: [], addressSets: [], rules: [rule] },
    environment: "",
    ipv6: true,
    managedRoles: [],
    roleBindings: {},
    addressSets: {},
    rules: [rule],
  };
  return TRAFFIC_CHECKS.flatMap((check) => check.check(bound).map((f) => ({ ...f, check: check.id, severity: check.severity })));
}
