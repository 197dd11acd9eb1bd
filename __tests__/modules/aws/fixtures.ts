/** Small catalogs and a one-call synthesis for the AWS module tests. */
import { mkdtempSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { AwsSecurityGroups, AwsSecurityGroupsProps } from "../../../modules/aws";
import { RuleRealisation } from "../../../modules/realisation";
import { BoundPolicy } from "../../../policy";
// Rendering tests read the bare ids our own stacks use, and leave the lint to its own tests.
import { OWN_STACK_OPTIONS as FLAT } from "../../../modules/cloud";
import { rule, RuleInput } from "../../support/policies";

export { boundOf as testPolicy, secureTransport, secureTransportSeedTier } from "../../support/policies";
export type { RuleInput, TestPolicyOptions } from "../../support/policies";

/** An ingress allow of TCP 443 from any to role web, unless fields say otherwise. */
export function allow(id: string, fields: Partial<RuleInput> = {}): RuleInput {
  return rule(id, fields);
}

export function deny(id: string, fields: Partial<RuleInput> = {}): RuleInput {
  return allow(id, { action: "deny", ...fields });
}

export interface Synthesized {
  readonly stack: TerraformStack;
  readonly module: AwsSecurityGroups;
  /** The stack's synthesized Terraform JSON. */
  readonly json: any;
  readonly groups: Record<string, any>;
  readonly ingress: Record<string, any>;
  readonly egress: Record<string, any>;
  readonly realisation: (ruleId: string) => RuleRealisation | undefined;
}

// One scratch folder per test file (Testing.app() would make one per call); nothing is written to it.
const OUTDIR = mkdtempSync(path.join(os.tmpdir(), "aws-module-test-"));
afterAll(() => rmSync(OUTDIR, { recursive: true, force: true }));

/** A minimal stack (AWS provider in eu-west-1) holding the module, synthesized. */
export function synthAws(policy: BoundPolicy, props: Partial<AwsSecurityGroupsProps> = {}): Synthesized {
  const stack = new TerraformStack(Testing.app({ outdir: OUTDIR }), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const module = new AwsSecurityGroups(stack, "security-groups", { policy, vpcId: "vpc-0123456789abcdef0", namePrefix: "st", ...FLAT, ...props });
  const json = JSON.parse(Testing.synth(stack));
  return {
    stack,
    module,
    json,
    groups: json.resource?.aws_security_group ?? {},
    ingress: json.resource?.aws_vpc_security_group_ingress_rule ?? {},
    egress: json.resource?.aws_vpc_security_group_egress_rule ?? {},
    realisation: (ruleId) => module.realisations.find((r) => r.ruleId === ruleId),
  };
}

export const WEB = "${aws_security_group.web.id}";
export const DB = "${aws_security_group.db.id}";
export const ST_SERVER = "${aws_security_group.st_server.id}";
