/** AWS's row in the cloud registry (modules/clouds.ts). */
import { CloudDefinition, FirewallOptions, constructsOnUse, remoteOrLocalStateLocation } from "../cloud";
import { DriftUnknownError } from "../drift";
import { sectionNetworkOf } from "../networks";
import { AWS_CHANGE_RULES } from "./changes";
import { AWS_RESOURCE_PREFIXES, awsEffective, loadAwsView } from "./effective";
import { AWS_SECTION, AwsEnvironment, s3StateKey } from "./environment";
import type { AwsSecurityGroupsProps } from "./security-groups";
import { awsPlatformPeers, SECURITY_GROUP_IDS_OUTPUT, SECURITY_GROUP_TYPE } from "./vocabulary";

/** What FirewallCatalog's `clouds.aws` takes: the security groups' props besides the policy and the name prefix. */
export type AwsFirewallOptions = FirewallOptions<AwsSecurityGroupsProps>;

export const awsCloud: CloudDefinition<AwsEnvironment, AwsFirewallOptions> = {
  ...AWS_SECTION,
  ...constructsOnUse(() => require("./constructs") as typeof import("./constructs")),
  roleHandleOutput: SECURITY_GROUP_IDS_OUTPUT,
  readEffective: (config, section, context) =>
    awsEffective(loadAwsView(config, { ...context, vpcId: section?.vpcId, networkOf: section?.networks ? (role) => sectionNetworkOf(section, "vpcId", role) : undefined })),
  resourcePrefixes: AWS_RESOURCE_PREFIXES,
  // A catalog deny is often realised by the implicit deny, with no resource of its own.
  decidesByOwnResources: false,
  defaultDecisionText: "no rule allows it",
  platformPeers: awsPlatformPeers,
  changeRules: AWS_CHANGE_RULES,
  namedResources: [{ type: SECURITY_GROUP_TYPE, what: "AWS security group", scopes: [{ input: "vpcIdInput", label: "VPC", unset: "(the default VPC)" }] }],
  stateLocation: remoteOrLocalStateLocation("s3", ({ bucket, keyPrefix }, stack) => {
    const key = s3StateKey(keyPrefix, stack);
    return { description: `S3 bucket "${bucket}" key "${key}"`, setting: ["backend", "s3", keyPrefix === undefined ? "bucket" : "keyPrefix"], remoteObject: `s3://${bucket}/${key}` };
  }),
  // Loaded on use: synthesis never loads the AWS SDK.
  readDrift: async (stack, json) => {
    // The SDK is an optional peer: only drift needs it.
    try {
      require.resolve("@aws-sdk/client-ec2");
    } catch {
      throw new DriftUnknownError("reading AWS needs the optional peer @aws-sdk/client-ec2: npm install @aws-sdk/client-ec2@^3 in the app", "DRIFT_AWS_SDK_MISSING");
    }
    return (await import("./drift")).awsDrift(stack, json);
  },
};
