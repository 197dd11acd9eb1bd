/**
 * AWS's Terraform vocabulary in one place: the resource types, the output the
 * stack publishes, the protocol words of the EC2 API and AWS's limits. Plain
 * strings, so a reader (drift, effective, changes, review, verify) never loads
 * a provider binding to learn a name; __tests__/modules/vocabulary.test.ts
 * holds each type equal to its binding's tfResourceType.
 */
import { cidrFamily, Direction, platformRole, PROTOCOL_NUMBERS } from "../../policy";
import type { PlatformPeers } from "../platform";

export const SECURITY_GROUP_TYPE = "aws_security_group";
export const RULE_TYPES: Readonly<Record<Direction, string>> = {
  ingress: "aws_vpc_security_group_ingress_rule",
  egress: "aws_vpc_security_group_egress_rule",
};

/**
 * What a VPC id given in code must look like: vpc- and letters or digits. Looser
 * than the environment schema's vpc- and 8 or 17 hex digits, since users' unit
 * tests pass short stand-ins such as vpc-1; it still stops a VPC's name, a
 * security group id or a subnet id passed by mistake.
 */
export const VPC_ID_SHAPE = /^vpc-[0-9a-z]+$/;

/** The stack output mapping role id → security group id. */
export const SECURITY_GROUP_IDS_OUTPUT = "security_group_ids";

/** The stack output mapping role id → VPC id, where the environment places roles in several VPCs. */
export const VPC_IDS_OUTPUT = "vpc_ids";

/** EC2's ip_protocol spellings → IP protocol number as text ("all" for every protocol), by number from policy's table. */
export const IP_PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  "-1": "all",
  all: "all",
  tcp: String(PROTOCOL_NUMBERS.tcp),
  udp: String(PROTOCOL_NUMBERS.udp),
  icmp: String(PROTOCOL_NUMBERS.icmp),
  icmpv6: String(PROTOCOL_NUMBERS.icmpv6),
  "ipv6-icmp": String(PROTOCOL_NUMBERS.icmpv6),
};

export { DEFAULT_RULES_PER_GROUP, MAX_RULES_PER_GROUP } from "./aws-limits";

/** ip_protocol values EC2 reports ports for (tcp, udp, icmp, icmpv6), as numbers in text. */
export const PORTED_IP_PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp", "icmp", "icmpv6"].map((name) => IP_PROTOCOL_NUMBERS[name]));

/** IP protocol number as text → the word a drift message uses. */
export const PROTOCOL_WORDS: Readonly<Record<string, string>> = {
  all: "all protocols",
  ...Object.fromEntries((["tcp", "udp", "icmp", "icmpv6", "sctp"] as const).map((name) => [String(PROTOCOL_NUMBERS[name]), name])),
};

/**
 * The platform's services on AWS: the load balancer is a security group of
 * ours, the group of the role the catalog designates `platform: load-balancer`
 * (attached to the ALB or NLB; its health checks come from it too), or that
 * role's addresses where the environment binds it to addresses.
 */
export const awsPlatformPeers: PlatformPeers = (service, bound) => {
  const roleId = platformRole(bound.policy, service);
  if (roleId === undefined) {
    return {
      code: "AWS_LOAD_BALANCER_ROLE_MISSING",
      message: `on AWS, platform:${service} is the security group of the load balancer, and no role of catalog ${bound.policy.name} is designated as it`,
      hint: `Declare the role whose group the load balancer carries with platform: ${service} (such as st-lb), or leave AWS out of this environment.`,
    };
  }
  const binding = bound.roleBindings[roleId];
  return binding?.kind === "addresses" ? binding.cidrs.map((cidr) => ({ kind: "cidr" as const, cidr, family: cidrFamily(cidr) })) : [{ kind: "role" as const, role: roleId }];
};
