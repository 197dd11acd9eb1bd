/** Small catalogs and a one-call synthesis for the AWS module tests. */
import { mkdtempSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { AwsSecurityGroups, AwsSecurityGroupsProps } from "../../../modules/aws";
import { RuleRealisation } from "../../../modules/realisation";
import { bindPolicy, BoundPolicy, CatalogDocument, definePolicy, loadCatalogFile } from "../../../policy";

export type RuleInput = CatalogDocument["rules"][number];

/** An ingress allow of TCP 443 from any to role web, unless fields say otherwise. */
export function allow(id: string, fields: Partial<RuleInput> = {}): RuleInput {
  return { id, target: "web", direction: "ingress", action: "allow", peer: "any", protocol: "tcp", ports: [443], description: `Rule ${id}`, ...fields };
}

export function deny(id: string, fields: Partial<RuleInput> = {}): RuleInput {
  return allow(id, { action: "deny", ...fields });
}

export interface TestPolicyOptions {
  /** @default false */
  readonly ipv6?: boolean;
  /** Egress default of role web. @default "deny" */
  readonly webEgress?: "allow" | "deny";
  /** @default { office: ["10.1.0.0/16"] } */
  readonly addressSets?: Record<string, string[]>;
  /** Roles the environment binds to addresses instead of managing. @default none */
  readonly roleAddresses?: Record<string, string[]>;
}

/** Roles web and db (both managed), address sets as given, environment "test". */
export function testPolicy(rules: RuleInput[], opts: TestPolicyOptions = {}): BoundPolicy {
  const sets = opts.addressSets ?? { office: ["10.1.0.0/16"] };
  const policy = definePolicy({
    name: "test",
    description: "Test catalog",
    roles: [
      { id: "web", description: "Web servers", egressDefault: opts.webEgress ?? "deny" },
      { id: "db", description: "Database servers", egressDefault: "deny" },
    ],
    addressSets: Object.keys(sets).map((id) => ({ id, description: `Set ${id}` })),
    rules,
  });
  const roles = Object.fromEntries(Object.entries(opts.roleAddresses ?? {}).map(([role, cidrs]) => [role, { kind: "addresses" as const, cidrs }]));
  return bindPolicy(policy, { environment: "test", addressSets: sets, roles, ipv6: opts.ipv6 ?? false });
}

/** The real SecureTransport catalog, bound like an example environment. */
export function secureTransport(opts: { ipv6?: boolean; admin?: string[] } = {}): BoundPolicy {
  return bindPolicy(loadCatalogFile("catalog/securetransport.yaml"), {
    environment: "dev",
    addressSets: { "admin-host": opts.admin ?? ["10.20.0.10/32"] },
    ipv6: opts.ipv6 ?? false,
  });
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
  const module = new AwsSecurityGroups(stack, "security-groups", { policy, vpcId: "vpc-0123456789abcdef0", namePrefix: "st", ...props });
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
