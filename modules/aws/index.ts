/**
 * Renders a bound policy as AWS security groups: one group per managed role,
 * one aws_vpc_security_group_{ingress,egress}_rule per (rule, peer entry, port range).
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { BoundPolicy, Direction, PeerEntry, PortRange, SynthesisError } from "../../policy";
import { EgressDefaultRealisation, RuleRealisation } from "../realisation";
import { AllowPiece, resolveDirection } from "./allow-set";

export interface AwsSecurityGroupsProps {
  /** The policy bound to one environment. */
  readonly policy: BoundPolicy;
  /** VPC the groups belong to. */
  readonly vpcId: string;
  /** Prefix of group names: groups are named `<namePrefix>-<environment>-<role>`. */
  readonly namePrefix: string;
  /** Tags on every group and rule. @default {} */
  readonly tags?: Record<string, string>;
  /** Rule entries allowed per group, direction and address family (AWS's default quota). @default 60 */
  readonly rulesPerGroupQuota?: number;
}

/** AWS accepts only these characters in group and rule descriptions. */
const AWS_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;
const TYPE_OF: Record<Direction, string> = { ingress: "aws_vpc_security_group_ingress_rule", egress: "aws_vpc_security_group_egress_rule" };

export class AwsSecurityGroups extends Construct {
  /** Security group id (a Terraform reference) per managed role id. */
  readonly securityGroupIds: Record<string, string> = {};
  /** How each catalog rule is realised on AWS. */
  readonly realisations: RuleRealisation[] = [];
  /** How each managed role's egress default is realised. */
  readonly egressDefaults: EgressDefaultRealisation[] = [];

  constructor(scope: Construct, id: string, props: AwsSecurityGroupsProps) {
    super(scope, id);
    const bound = props.policy;
    const quota = props.rulesPerGroupQuota ?? 60;
    const groups = new Map<string, SecurityGroup>();

    for (const role of bound.managedRoles) {
      const name = `${props.namePrefix}-${bound.environment}-${role.id}`;
      if (name.startsWith("sg-")) {
        throw new SynthesisError(`role "${role.id}": security group name "${name}" starts with "sg-", which AWS reserves. Change the environment's namePrefix.`);
      }
      if (name.length > 255) throw new SynthesisError(`role "${role.id}": security group name "${name}" is longer than 255 characters. Shorten namePrefix or the role id.`);
      checkDescription(role.description, `role "${role.id}"`);
      const sg = new SecurityGroup(this, `sg-${role.id}`, {
        name,
        description: role.description,
        vpcId: props.vpcId,
        tags: sorted({ ...props.tags, Name: name, "catalog-role": role.id }),
      });
      sg.overrideLogicalId(snake(role.id));
      groups.set(role.id, sg);
      this.securityGroupIds[role.id] = sg.id;
    }

    const realised = new Map<string, RuleRealisation>();
    for (const role of bound.managedRoles) {
      for (const direction of ["ingress", "egress"] as const) {
        const resolved = resolveDirection(bound, role.id, direction);
        const counts: Record<4 | 6, number> = { 4: 0, 6: 0 };
        for (const allow of resolved.allows) {
          const resources: string[] = [];
          const ruleId = allow.rule?.id;
          for (const piece of allow.pieces) {
            for (const range of piece.ports.length > 0 ? piece.ports : [undefined]) {
              const logicalId = ruleId
                ? snake(`${ruleId}_${protocolKey(piece)}${range ? `_${rangeKey(range)}` : ""}_${peerKey(piece.peer, role.id)}`)
                : snake(`${role.id}_egress_default_${piece.peer.kind === "cidr" && piece.peer.family === 6 ? "all_ipv6" : "all_ipv4"}`);
              const description = allow.rule?.description ?? `Egress default of role ${role.id}: allow`;
              checkDescription(description, ruleId ? `rule "${ruleId}"` : `role "${role.id}"`);
              this.renderRule(direction, logicalId, groups, role.id, piece, range, description, { ...props.tags, "catalog-rule": ruleId ?? `${role.id}-egress-default` });
              resources.push(`${TYPE_OF[direction]}.${logicalId}`);
              counts[piece.peer.kind === "cidr" ? piece.peer.family : 4]++;
            }
          }
          if (!allow.rule) {
            this.egressDefaults.push({
              roleId: role.id,
              how: allow.cutBy.length > 0 ? "narrowed" : "rendered",
              resources: resources.sort(),
              note: `allow-all egress rendered as rules (Terraform removes AWS's own)${allow.cutBy.length > 0 ? `, without what ${allow.cutBy.map((d) => `"${d}"`).join(", ")} deny` : ""}`,
            });
            continue;
          }
          const cut = allow.cutBy.map((d) => `"${d}"`).join(", ");
          realised.set(allow.rule.id, {
            ruleId: allow.rule.id,
            resources: resources.sort(),
            how: allow.cutBy.length === 0 ? "rendered" : resources.length === 0 ? "shadowed" : "narrowed",
            note:
              allow.cutBy.length === 0
                ? `${resources.length} ${direction} rule(s) on security group ${snake(role.id)}`
                : resources.length === 0
                  ? `fully cut away by deny rule(s) ${cut}: nothing is rendered`
                  : `rendered without what deny rule(s) ${cut} cut out`,
          });
        }
        for (const [denyId, cutInto] of resolved.denies) {
          realised.set(denyId, {
            ruleId: denyId,
            resources: [],
            how: "default",
            note:
              cutInto.length === 0
                ? `deny restates the default: AWS security groups deny what no rule allows`
                : `realised by AWS's implicit deny and by cutting it out of ${cutInto.join(", ")}`,
          });
        }
        for (const family of [4, 6] as const) {
          if (counts[family] > quota) {
            throw new SynthesisError(
              `security group ${props.namePrefix}-${bound.environment}-${role.id}: ${counts[family]} ${direction} rules for IPv${family} exceed the AWS quota of ${quota} per group (each CIDR and each referenced group counts one). ` +
                "Merge ports or address sets in the catalog, split the role, or raise the quota in AWS Service Quotas and set rulesPerGroupQuota.",
            );
          }
        }
      }
    }
    for (const rule of bound.rules) {
      const r = realised.get(rule.id);
      if (r) this.realisations.push(r);
    }
    for (const role of bound.managedRoles) {
      if (role.egressDefault === "deny") {
        this.egressDefaults.push({ roleId: role.id, how: "default", resources: [], note: "Terraform-managed security groups deny egress that no rule allows" });
      }
    }
  }

  private renderRule(
    direction: Direction,
    logicalId: string,
    groups: Map<string, SecurityGroup>,
    role: string,
    piece: AllowPiece,
    range: PortRange | undefined,
    description: string,
    tags: Record<string, string>,
  ): void {
    const peer = piece.peer;
    const { ipProtocol, fromPort, toPort } = awsProtocol(piece, range);
    const config = {
      securityGroupId: groups.get(role)!.id,
      description,
      ipProtocol,
      fromPort,
      toPort,
      referencedSecurityGroupId: peer.kind === "role" ? groups.get(peer.role)?.id : undefined,
      cidrIpv4: peer.kind === "cidr" && peer.family === 4 ? peer.cidr : undefined,
      cidrIpv6: peer.kind === "cidr" && peer.family === 6 ? peer.cidr : undefined,
      tags: sorted(tags),
    };
    if (peer.kind === "role" && !groups.has(peer.role)) {
      throw new SynthesisError(`role "${peer.role}" is referenced as a peer but is not managed in environment; bind it to addresses or manage it.`);
    }
    const resource =
      direction === "ingress" ? new VpcSecurityGroupIngressRule(this, logicalId, config) : new VpcSecurityGroupEgressRule(this, logicalId, config);
    resource.overrideLogicalId(logicalId);
  }
}

/** AWS protocol and ports: ICMP "all types" is -1/-1; "all" is -1 without ports. */
function awsProtocol(piece: AllowPiece, range: PortRange | undefined): { ipProtocol: string; fromPort?: number; toPort?: number } {
  const p = piece.protocol;
  if (p === "all") return { ipProtocol: "-1" };
  if (p === "icmp" || p === "icmpv6") return { ipProtocol: p, fromPort: -1, toPort: -1 };
  if (p === "tcp" || p === "udp") return { ipProtocol: p, fromPort: range!.from, toPort: range!.to };
  if (p === "sctp") return { ipProtocol: "132", fromPort: range!.from, toPort: range!.to };
  return { ipProtocol: String(p) };
}

function protocolKey(piece: AllowPiece): string {
  return typeof piece.protocol === "number" ? `proto${piece.protocol}` : piece.protocol;
}

function rangeKey(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}_${r.to}`;
}

function peerKey(peer: PeerEntry, ownRole: string): string {
  if (peer.kind === "role") return peer.role === ownRole ? "self" : `sg_${peer.role}`;
  if (peer.cidr === "0.0.0.0/0") return "any_ipv4";
  if (peer.cidr === "::/0") return "any_ipv6";
  return `cidr_${peer.cidr.replace(/[.:/]/g, "_")}`;
}

/** Terraform identifiers: letters, digits, underscores. */
function snake(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, "_");
}

function checkDescription(text: string, subject: string): void {
  if (text.length > 255) throw new SynthesisError(`${subject}: description is ${text.length} characters; AWS allows at most 255. Shorten it in the catalog.`);
  if (!AWS_DESCRIPTION.test(text)) {
    const bad = [...new Set([...text].filter((c) => !AWS_DESCRIPTION.test(c)))].map((c) => JSON.stringify(c)).join(" ");
    throw new SynthesisError(`${subject}: description "${text}" has characters AWS rejects (${bad}). Use only letters, digits, spaces and . _-:/()#,@[]+=&;{}!$*`);
  }
}

function sorted(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
