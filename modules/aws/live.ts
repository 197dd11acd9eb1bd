/**
 * The security groups and rules AWS holds, read through the EC2 API
 * (DescribeSecurityGroups, DescribeSecurityGroupRules). The SDK takes
 * credentials, and AWS_ENDPOINT_URL for an emulator, from the environment.
 * Loaded only by the commands that talk to AWS (drift, the e2e suite).
 */
import { EC2Client, paginateDescribeSecurityGroupRules, paginateDescribeSecurityGroups, SecurityGroup, SecurityGroupRule, Tag } from "@aws-sdk/client-ec2";
import { Direction } from "../../policy";

export interface LiveGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LiveRule {
  /** sgr-… */
  readonly id: string;
  readonly groupId: string;
  readonly direction: Direction;
  /** As AWS answers it: "tcp", "udp", "icmp", "icmpv6", "-1" or a number. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly referencedGroupId?: string;
  readonly prefixListId?: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Where a read looks: the region and the stack's VPC. */
export interface LiveScope {
  readonly region: string;
  readonly vpcId: string;
}

/** What a read found, in its scope. */
export interface LiveGroups extends LiveScope {
  /** Sorted by name. */
  readonly groups: readonly LiveGroup[];
  /** Sorted by group, direction, id. */
  readonly rules: readonly LiveRule[];
}

export interface LiveQuery extends LiveScope {
  /** The VPCs to read, where the stack's groups sit in several. @default [vpcId] */
  readonly vpcIds?: readonly string[];
  /** Group names to read; groups of other names in the VPC are left out. */
  readonly groupNames: readonly string[];
}

/** Reads the named groups of the VPCs and every rule they hold. */
export async function readLiveGroups(query: LiveQuery, client = new EC2Client({ region: query.region })): Promise<LiveGroups> {
  const groups: LiveGroup[] = [];
  if (query.groupNames.length > 0) {
    const filters = [
      { Name: "vpc-id", Values: [...(query.vpcIds ?? [query.vpcId])] },
      { Name: "group-name", Values: [...query.groupNames] },
    ];
    for await (const page of paginateDescribeSecurityGroups({ client }, { Filters: filters })) {
      for (const g of page.SecurityGroups ?? []) groups.push(toGroup(g));
    }
  }
  groups.sort((a, b) => compare(a.name, b.name));
  const rules: LiveRule[] = [];
  if (groups.length > 0) {
    const filters = [{ Name: "group-id", Values: groups.map((g) => g.id) }];
    for await (const page of paginateDescribeSecurityGroupRules({ client }, { Filters: filters })) {
      for (const r of page.SecurityGroupRules ?? []) rules.push(toRule(r));
    }
  }
  rules.sort((a, b) => compare(a.groupId, b.groupId) || compare(a.direction, b.direction) || compare(a.id, b.id));
  return { region: query.region, vpcId: query.vpcId, groups, rules };
}

function toGroup(g: SecurityGroup): LiveGroup {
  return { id: g.GroupId!, name: g.GroupName ?? "", description: g.Description ?? "", vpcId: g.VpcId ?? "", tags: tagMap(g.Tags) };
}

function toRule(r: SecurityGroupRule): LiveRule {
  return {
    id: r.SecurityGroupRuleId!,
    groupId: r.GroupId!,
    direction: r.IsEgress ? "egress" : "ingress",
    protocol: r.IpProtocol ?? "-1",
    fromPort: r.FromPort ?? undefined,
    toPort: r.ToPort ?? undefined,
    cidrIpv4: r.CidrIpv4 ?? undefined,
    cidrIpv6: r.CidrIpv6 ?? undefined,
    referencedGroupId: r.ReferencedGroupInfo?.GroupId ?? undefined,
    prefixListId: r.PrefixListId ?? undefined,
    description: r.Description ?? undefined,
    tags: tagMap(r.Tags),
  };
}

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]).sort(([a], [b]) => compare(a, b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
