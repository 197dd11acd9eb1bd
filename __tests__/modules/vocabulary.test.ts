/**
 * Each cloud's Terraform vocabulary lives in modules/<cloud>/vocabulary.ts:
 * its strings equal the bindings' tfResourceType, and no resource-type string
 * is spelled in more than two source files (comments included; tests, docs and
 * examples do not count), so renaming one is a change in one place.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ApplicationSecurityGroup } from "@cdktf/provider-azurerm/lib/application-security-group";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import * as aws from "../../modules/aws/vocabulary";
import * as azure from "../../modules/azure/vocabulary";
import * as gcp from "../../modules/gcp/vocabulary";
import { PROTOCOL_NUMBERS } from "../../policy";

const ROOT = path.resolve(__dirname, "..", "..");
const NOT_SOURCE = new Set(["node_modules", "__tests__", "examples", "e2e", "install", "reliability", "docs", "dist", "cdktf.out", ".git"]);
/** A Terraform resource type of a cloud we render: provider prefix, then words. */
const RESOURCE_TYPE = /\b(?:aws|google|azurerm)_[a-z0-9_]*[a-z0-9]\b/g;
const MAX_FILES_PER_TYPE = 2;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      if (NOT_SOURCE.has(name) || name.startsWith(".")) return [];
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) return sourceFiles(p);
      return /\.(ts|js|mjs|cjs)$/.test(name) ? [p] : [];
    });
}

/** Resource type → the source files spelling it, for every type spelled in more than `max` files. */
function overSpelled(files: readonly string[], read: (file: string) => string, max: number): Record<string, string[]> {
  const filesOf = new Map<string, Set<string>>();
  for (const file of files) {
    for (const [type] of read(file).matchAll(RESOURCE_TYPE)) {
      if (!filesOf.has(type)) filesOf.set(type, new Set());
      filesOf.get(type)!.add(file);
    }
  }
  return Object.fromEntries([...filesOf].filter(([, f]) => f.size > max).map(([type, f]) => [type, [...f].sort()]));
}

test("GIVEN each cloud's vocabulary THEN its resource types are the bindings' tfResourceType", () => {
  expect(aws.SECURITY_GROUP_TYPE).toBe(SecurityGroup.tfResourceType);
  expect(aws.RULE_TYPES).toEqual({ ingress: VpcSecurityGroupIngressRule.tfResourceType, egress: VpcSecurityGroupEgressRule.tfResourceType });
  expect(gcp.FIREWALL_TYPE).toBe(ComputeFirewall.tfResourceType);
  expect([azure.NSG_TYPE, azure.ASG_TYPE, azure.RULE_TYPE]).toEqual([NetworkSecurityGroup.tfResourceType, ApplicationSecurityGroup.tfResourceType, NetworkSecurityRule.tfResourceType]);
});

test("GIVEN the AWS vocabulary's VPC id shape for code THEN every VPC id the environment schema allows has it", () => {
  const schema = readFileSync(path.join(__dirname, "../../environments/schema/environment.schema.json"), "utf8");
  const patterns = [...schema.matchAll(/"vpcId":\s*\{[^}]*?"pattern":\s*"([^"]+)"/g)].map((m) => new RegExp(JSON.parse(`"${m[1]}"`)));
  expect(patterns.length).toBeGreaterThanOrEqual(2);
  for (const id of ["vpc-0a1b2c3d", "vpc-0123456789abcdef0"]) {
    expect(patterns.every((p) => p.test(id))).toBe(true);
    expect(aws.VPC_ID_SHAPE.test(id)).toBe(true);
  }
});

test("GIVEN the protocol tables of the vocabularies THEN they are policy's protocol numbers", () => {
  expect(aws.IP_PROTOCOL_NUMBERS).toEqual({ "-1": "all", all: "all", tcp: "6", udp: "17", icmp: "1", icmpv6: "58", "ipv6-icmp": "58" });
  expect([...aws.PORTED_IP_PROTOCOLS].sort()).toEqual(["1", "17", "58", "6"]);
  expect(aws.PROTOCOL_WORDS).toEqual({ all: "all protocols", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "132": "sctp" });
  expect(azure.RULE_PROTOCOL_NUMBERS).toEqual({ Tcp: PROTOCOL_NUMBERS.tcp, Udp: PROTOCOL_NUMBERS.udp, Esp: 50, Ah: 51 });
  expect(azure.ICMP_NUMBERS).toEqual({ 4: 1, 6: 58 });
});

test("GIVEN every source file THEN no resource-type string appears in more than two of them", () => {
  const files = sourceFiles(ROOT);
  expect(files.map((f) => path.relative(ROOT, f))).toEqual(expect.arrayContaining(["modules/aws/vocabulary.ts", "modules/gcp/vocabulary.ts", "modules/azure/vocabulary.ts", "main.ts"]));
  expect(overSpelled(files, (f) => readFileSync(f, "utf8"), MAX_FILES_PER_TYPE)).toEqual({});
});

test("GIVEN a type spelled in three files, one of them in a comment THEN the check names the type and the three files", () => {
  const texts: Record<string, string> = {
    "a.ts": 'const t = "google_compute_firewall";',
    "b.ts": "// google_compute_firewall here",
    "c.ts": "`google_compute_firewall.${id}`",
    "d.ts": "aws_security_group",
  };
  expect(overSpelled(Object.keys(texts), (f) => texts[f], MAX_FILES_PER_TYPE)).toEqual({ google_compute_firewall: ["a.ts", "b.ts", "c.ts"] });
});
