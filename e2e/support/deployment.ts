/**
 * One deployed stack, read back: the live groups and rules (EC2 API), their
 * differences from the synthesized stack, the effective-policy check on the
 * live rules, and what is left in the VPC after destroy.
 */
import { DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { readFileSync } from "fs";
import { expectedFromStackJson, compareStack } from "../../modules/aws/drift";
import { LiveGroups, readLiveGroups } from "../../modules/aws/live";
import { DriftReport } from "../../modules/drift";
import { awsLiveEffective } from "../../modules/aws/effective";
import { loadBoundEnvironments } from "../../stacks/environment";
import { jsonPath } from "../../synth/synthesize";
import { checkEnvironment, CheckReport } from "../../modules/engine/check";
import { Emulator } from "./emulator";

export interface Readback {
  readonly live: LiveGroups;
  /** Synthesized stack vs live: every rule, protocol, ports, CIDR, referenced group, description and tag. */
  readonly drift: DriftReport;
  /** Catalog vs the live rules, over the systematic flows. */
  readonly check: CheckReport;
  /** Catalog vs the synthesized JSON of the same stack (the live check must probe as many flows). */
  readonly checkOfJson: CheckReport;
}

export async function readBack(emulator: Emulator, opts: { outdir: string; stack: string; environmentsDir: string; catalogDir: string }): Promise<Readback> {
  const json = JSON.parse(readFileSync(jsonPath(opts.outdir, opts.stack), "utf8"));
  const expected = expectedFromStackJson(json);
  const live = await readLiveGroups({ region: expected.region, vpcId: expected.vpcId, vpcIds: expected.vpcIds, groupNames: expected.groups.map((g) => g.name) }, emulator.ec2(expected.region));
  const drift = compareStack(opts.stack, expected, live);
  const envName = opts.stack.replace(/-aws$/, "");
  const [{ bound, environment }] = loadBoundEnvironments({ environmentsDir: opts.environmentsDir, catalogDir: opts.catalogDir, only: [envName] });
  // The section places the policy where the environment puts roles in several VPCs (a peer of another VPC is its CIDRs).
  const section = environment.aws;
  const check = checkEnvironment({ bound, stacks: [{ cloud: "aws", view: awsLiveEffective(live), section }] });
  const checkOfJson = checkEnvironment({ bound, stacks: [{ cloud: "aws", json, section }] });
  return { live, drift, check, checkOfJson };
}

/** Every security group in the VPCs (one id, or several) other than their default groups, and every rule those hold. */
export async function leftInVpc(emulator: Emulator, region: string, vpcId: string | readonly string[]): Promise<{ groups: string[]; rules: number }> {
  const ec2 = emulator.ec2(region);
  const vpcIds = typeof vpcId === "string" ? [vpcId] : [...vpcId];
  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: vpcIds }] }))).SecurityGroups ?? [];
  const ours = groups.filter((g) => g.GroupName !== "default");
  if (ours.length === 0) return { groups: [], rules: 0 };
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: ours.map((g) => g.GroupId!) }] }))).SecurityGroupRules ?? [];
  return { groups: ours.map((g) => `${g.GroupName} (${g.GroupId})`), rules: rules.length };
}
