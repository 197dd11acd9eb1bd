/**
 * What AWS itself accepts, checked at synthesis so a bad catalog fails here,
 * with the rule's name, instead of halfway through `terraform apply`.
 */
import { formatLocation, IpFamily, PeerEntry, PortRange, Protocol, PROTOCOL_NUMBERS, SourceLocation, SynthesisError } from "../../policy";

/** Characters AWS accepts in security group names and descriptions and in rule descriptions. */
const AWS_TEXT_CHARS = "a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*";
const AWS_TEXT = new RegExp(`^[${AWS_TEXT_CHARS}]*$`);
const MAX_TEXT = 255;

/** Rule entries per group, direction and address family: AWS's default quota. */
export const DEFAULT_RULES_PER_GROUP = 60;
/** The most AWS lets the quota be raised to (with rules per group × groups per interface ≤ 1000). */
export const MAX_RULES_PER_GROUP = 1000;

/** ` (at file:line:column)` for a second place named inside a message; empty when unknown. */
export function at(location: SourceLocation | undefined): string {
  return location ? ` (at ${formatLocation(location)})` : "";
}

/** Throws unless AWS accepts `text` as a name or description (length and characters). */
export function checkAwsText(text: string, what: string, subject: string, location?: SourceLocation): void {
  if (text.length > MAX_TEXT) {
    throw new SynthesisError(`${subject}: ${what} is ${text.length} characters long; AWS allows at most ${MAX_TEXT}. Shorten it.`, location, "AWS_TEXT_TOO_LONG");
  }
  if (!AWS_TEXT.test(text)) {
    const bad = [...new Set([...text].filter((c) => !AWS_TEXT.test(c)))].map((c) => JSON.stringify(c)).join(" ");
    throw new SynthesisError(`${subject}: ${what} "${text}" has characters AWS rejects (${bad}). Use only letters, digits, spaces and . _-:/()#,@[]+=&;{}!$*`, location, "AWS_TEXT_BAD_CHARACTERS");
  }
}

/** Group names: AWS text, and never `sg-…`, which AWS reserves for group ids. */
export function checkGroupName(name: string, role: string, location?: SourceLocation): void {
  if (/^sg-/i.test(name)) {
    throw new SynthesisError(`role "${role}": security group name "${name}" starts with "sg-", which AWS reserves for group ids. Change namePrefix.`, location, "AWS_GROUP_NAME_RESERVED");
  }
  checkAwsText(name, "security group name", `role "${role}"`, location);
}

export interface AwsProtocolFields {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

/**
 * ip_protocol and ports as AWS reads them. AWS ignores ports for every protocol
 * but tcp, udp, icmp and icmpv6, so SCTP is rendered by number and only for all
 * ports (callers reject SCTP port lists first).
 */
export function awsProtocolFields(protocol: Protocol, range: PortRange | undefined): AwsProtocolFields {
  if (protocol === "all") return { ipProtocol: "-1" };
  if (protocol === "icmp" || protocol === "icmpv6") return { ipProtocol: protocol, fromPort: -1, toPort: -1 };
  if (protocol === "tcp" || protocol === "udp") return { ipProtocol: protocol, fromPort: range!.from, toPort: range!.to };
  if (protocol === "sctp") return { ipProtocol: String(PROTOCOL_NUMBERS.sctp) };
  return { ipProtocol: String(protocol) };
}

/**
 * The address families a rule entry counts against. AWS: "A rule that references
 * a security group counts as one rule for IPv4 and one rule for IPv6" (VPC quotas),
 * so a group reference counts in both.
 */
export function quotaFamilies(peer: PeerEntry): IpFamily[] {
  return peer.kind === "cidr" ? [peer.family] : [4, 6];
}

/** One rule entry as the quota counts it, with the catalog rule (or role) it comes from. */
export interface QuotaEntry {
  readonly peer: PeerEntry;
  /** e.g. `rule "st-snmp"`. */
  readonly from: string;
  readonly location?: SourceLocation;
}

/**
 * Throws when one group's entries of one direction exceed the quota in a family,
 * located at the rule whose entry passes the quota.
 */
export function checkQuota(groupName: string, direction: "ingress" | "egress", entries: readonly QuotaEntry[], quota: number): void {
  const counts: Record<IpFamily, number> = { 4: 0, 6: 0 };
  const passing: Partial<Record<IpFamily, QuotaEntry>> = {};
  for (const entry of entries) {
    for (const f of quotaFamilies(entry.peer)) if (++counts[f] === quota + 1) passing[f] = entry;
  }
  for (const family of [4, 6] as const) {
    const first = passing[family];
    if (first) {
      const dir = direction === "ingress" ? "inbound" : "outbound";
      const raise =
        quota < MAX_RULES_PER_GROUP
          ? ` or raise "Inbound or outbound rules per security group" in AWS Service Quotas (up to ${MAX_RULES_PER_GROUP}, with that quota times "Security groups per network interface" at most ${MAX_RULES_PER_GROUP}) and set aws.rulesPerGroupQuota in the environment file to the new quota (now ${quota})`
          : ` (${MAX_RULES_PER_GROUP} is the most AWS allows per group)`;
      throw new SynthesisError(
        `security group "${groupName}": ${counts[family]} ${dir} (${direction}) rules count against the IPv${family} quota of ${quota} per group, the first one over it from ${first.from} ` +
          "(each CIDR counts one in its family, each group reference one in both). " +
          `Merge ports or address ranges in the catalog,${raise}.`,
        first.location,
        "AWS_RULES_PER_GROUP_QUOTA",
      );
    }
  }
}
