/** The `aws` section of an environment file: its type, its JSON Schema (composed into environments/schema/environment.schema.json) and the checks the schema cannot express. */
import type { Problem, SourceLocation } from "../../policy";
import { CloudSection, LocalBackendConfig, remoteOrLocalBackendSchema } from "../cloud";
import { arePeered, checkNetworks, CloudNetworks, NetworkSection, networksSchema } from "../networks";

export interface AwsEnvironment {
  readonly region: string;
  /** The one VPC of every role; or `networks` with `placement`. */
  readonly vpcId?: string;
  /** VPCs by name, each with its id, CIDRs and peerings (all in the section's region). */
  readonly networks?: Readonly<Record<string, NetworkSection & { readonly vpcId: string }>>;
  /** Role id (or "*", every role not listed) to network name. */
  readonly placement?: Readonly<Record<string, string>>;
  readonly tags?: Record<string, string>;
  /** @default DEFAULT_AWS_PROVIDER_VERSION */
  readonly providerVersion?: string;
  /** The account's "Inbound or outbound rules per security group" quota, 1-1000. @default 60 */
  readonly rulesPerGroupQuota?: number;
  readonly backend: { s3: { bucket: string; region: string; keyPrefix?: string } } | LocalBackendConfig;
}

/** The S3 key of a stack's state: `<keyPrefix>/<stack>.tfstate`. */
export function s3StateKey(keyPrefix: string | undefined, stack: string): string {
  return `${keyPrefix ?? "firewall"}/${stack}.tfstate`;
}

/** Admits 5.100 (what these machines mirror) and the 6.x line: the resources we use are unchanged there. */
export const DEFAULT_AWS_PROVIDER_VERSION = ">= 5.100.0, < 7.0.0";

/** An AWS region's name (eu-west-1, us-gov-west-1): the section's region and the s3 backend's bucket region are both one. */
const AWS_REGION_NAME = { type: "string", pattern: "^[a-z]{2}(-gov)?-[a-z]+-\\d$" } as const;

const VPC_ID = { type: "string", pattern: "^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", description: "VPC id: vpc- followed by 8 or 17 lower-case hex digits." } as const;

/**
 * A rule may reference a group of another VPC only across a VPC peering in
 * the same region (one stack, one region: every network of the section is in
 * it); elsewhere the peer is the other VPC's CIDRs.
 */
export const AWS_NETWORKS: CloudNetworks = {
  singleKey: "vpcId",
  idKey: "vpcId",
  peering: true,
  cannotReference: (_direction, target, peer) =>
    target.name === peer.name || arePeered(target, peer)
      ? undefined
      : `VPCs "${target.name}" (${target.id}) and "${peer.name}" (${peer.id}) are not peered (peeredWith), and a security group rule references a group of another VPC only across a peering in the same region`,
};

export const AWS_ENVIRONMENT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["region", "backend"],
  properties: {
    region: { ...AWS_REGION_NAME, description: "AWS region, such as eu-west-1." },
    // One VPC for every role's group; or networks with placement.
    vpcId: VPC_ID,
    ...networksSchema(AWS_NETWORKS, VPC_ID, "aws"),
    tags: {
      type: "object",
      maxProperties: 40,
      propertyNames: { minLength: 1, maxLength: 128, not: { pattern: "^aws:" }, description: "AWS tag key: 1-128 characters, not starting with aws: (reserved)." },
      additionalProperties: { type: "string", maxLength: 256, description: "AWS tag value: at most 256 characters." },
      description: "Default tags on every resource (provider default_tags); with the module's own tags an AWS resource holds at most 50.",
    },
    providerVersion: { type: "string", description: "Version constraint of hashicorp/aws. @default >= 5.100.0, < 7.0.0" },
    rulesPerGroupQuota: {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      description:
        'The account\'s AWS quota "Inbound or outbound rules per security group" (Service Quotas, VPC): rule entries per group, direction and address family. Raise it in AWS first; AWS allows up to 1000, with this quota times "Security groups per network interface" at most 1000. @default 60',
    },
    backend: remoteOrLocalBackendSchema(
      "s3",
      {
        required: ["bucket", "region"],
        properties: {
          bucket: { type: "string", pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", description: "S3 bucket name." },
          region: { ...AWS_REGION_NAME, description: "Region of the bucket." },
          keyPrefix: { type: "string", description: "State keys are <keyPrefix>/<stack>.tfstate. @default firewall" },
        },
      },
      { title: "an s3 or a local backend", description: "Where the state lives: s3 (one key per stack) or local (a relative path)." },
    ),
  },
} as const;

/** What the schema cannot say about an aws section: its networks (modules/networks.ts). */
export function checkAwsEnvironment(aws: AwsEnvironment, locate: (path: readonly (string | number)[]) => SourceLocation): Omit<Problem, "subject">[] {
  return checkNetworks(aws, AWS_NETWORKS, "aws", locate);
}

/** The environment file's `aws` section as the cloud registry reads it. */
export const AWS_SECTION: CloudSection<AwsEnvironment> = {
  id: "aws",
  displayName: "AWS",
  environmentSchema: AWS_ENVIRONMENT_SCHEMA,
  checkEnvironmentSection: checkAwsEnvironment,
  networks: AWS_NETWORKS,
};
