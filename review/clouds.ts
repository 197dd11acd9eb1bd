/**
 * What the review needs from each cloud: how to read a stack into the
 * effective-policy evaluator that `verify` uses, and which attributes of each
 * resource type the provider cannot update in place.
 *
 * TODO(issue 14): becomes a column of the cloud registry; until then this is
 * the one place in review/ that names clouds.
 */
import { Flow } from "../policy";
import { awsDecide, awsPorts, CloudDecision, loadAwsView } from "../verify/effective/aws";
import { gcpDecide, gcpPorts, loadGcpView } from "../verify/effective/gcp";

/** A stack read by the effective-policy engine. */
export interface CloudEvaluator {
  /** Roles the stack manages (its role output). */
  readonly roles: readonly string[];
  /** Port edges its rules mention. */
  readonly ports: readonly number[];
  /** Networks its rules mention. */
  readonly cidrs: readonly string[];
  /** IP protocol numbers its rules name. */
  readonly protocols: readonly number[];
  decide(flow: Flow): CloudDecision;
  /** Resources that hold deny rules (clouds whose firewalls have denies). */
  readonly denyResources: ReadonlySet<string>;
}

/** Why a change to a resource replaces it (empty: it updates in place). */
export type ReplacementRule = (before: Record<string, any>, after: Record<string, any>) => string[];

export interface ReviewCloud {
  readonly id: string;
  readonly displayName: string;
  load(json: any, serviceAccounts?: Record<string, string>): CloudEvaluator;
  /** Resource type → what forces replacement. A type missing here is reported as changed, replacement unknown. */
  readonly replacement: Readonly<Record<string, ReplacementRule>>;
  /** Resource type of the group whose replacement blocks on attached instances, if the cloud has one. */
  readonly groupType?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The attributes among `names` whose value differs. */
function attributes(...names: string[]): ReplacementRule {
  return (before, after) => names.filter((n) => !same(before[n], after[n])).map((n) => `${n} cannot change in place`);
}

/** AWS refuses to change a rule's kind of peer (CIDR ↔ group ↔ prefix list, IPv4 ↔ IPv6) in place. */
const AWS_PEER_ATTRIBUTES = ["cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"];
const awsRule: ReplacementRule = (before, after) => {
  const kind = (r: Record<string, any>) => AWS_PEER_ATTRIBUTES.find((a) => r[a] !== undefined && r[a] !== null);
  const reasons = attributes("security_group_id")(before, after);
  if (kind(before) !== kind(after)) reasons.push(`its peer changes kind (${kind(before)} → ${kind(after)})`);
  return reasons;
};

function collectCidrs(values: unknown[]): string[] {
  return values.filter((v): v is string => typeof v === "string" && v.includes("/"));
}

export const REVIEW_CLOUDS: readonly ReviewCloud[] = [
  {
    id: "aws",
    displayName: "AWS",
    load(json) {
      const view = loadAwsView(json);
      return {
        roles: Object.keys(view.groupOfRole).sort(),
        ports: awsPorts(view),
        cidrs: collectCidrs(view.rules.map((r) => (r.peer.kind === "cidr" ? r.peer.cidr : undefined))),
        protocols: view.rules.flatMap((r) => (r.protocol === "all" ? [] : [r.protocol])),
        decide: (flow) => awsDecide(view, flow),
        denyResources: new Set(),
      };
    },
    // From the provider (hashicorp/aws 5.x): the group's name, description and
    // VPC are ForceNew; a rule's group is RequiresReplace and its peer kind
    // cannot be modified (ModifySecurityGroupRules keeps the source type).
    replacement: {
      aws_security_group: attributes("name", "name_prefix", "description", "vpc_id"),
      aws_vpc_security_group_ingress_rule: awsRule,
      aws_vpc_security_group_egress_rule: awsRule,
    },
    groupType: "aws_security_group",
  },
  {
    id: "gcp",
    displayName: "GCP",
    load(json, serviceAccounts) {
      const view = loadGcpView(json, serviceAccounts);
      return {
        roles: Object.keys(view.tagOfRole).sort(),
        ports: gcpPorts(view),
        cidrs: collectCidrs(view.rules.flatMap((r) => [...(r.sourceRanges ?? []), ...(r.destinationRanges ?? [])])),
        protocols: view.rules.flatMap((r) => r.blocks.flatMap((b) => (b.protocol === "all" ? [] : [b.protocol]))),
        decide: (flow) => gcpDecide(view, flow),
        denyResources: new Set(view.rules.filter((r) => r.action === "deny").map((r) => r.address)),
      };
    },
    // From the provider (hashicorp/google 6.x): name, network, project and
    // direction are ForceNew, and so is the deny block ("unlike allow, deny
    // can't be updated upstream"); allow blocks, ranges, tags, priority,
    // description and logging update in place.
    replacement: {
      google_compute_firewall: (before, after) => {
        const reasons = attributes("name", "network", "project", "direction")(before, after);
        if ((before.deny !== undefined || after.deny !== undefined) && !same(before.deny, after.deny)) reasons.push("deny blocks cannot change in place");
        return reasons;
      },
    },
  },
];

export function reviewCloud(id: string): ReviewCloud {
  const cloud = REVIEW_CLOUDS.find((c) => c.id === id);
  if (!cloud) throw new Error(`no review support for cloud "${id}"`);
  return cloud;
}
