/** Logical ids come from content: stable when the catalog changes elsewhere, valid, deterministic. */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { AwsSecurityGroups } from "../../../modules/aws";
import { bindPolicy, BoundPolicy, parseCatalog } from "../../../policy";
import { secureTransport, synthAws } from "./fixtures";
import { secureTransportBindings } from "../../support/policies";

const CATALOG = readFileSync("catalog/securetransport.yaml", "utf8");
const NEW_RULE = `  - id: st-web-console
    target: st-server
    direction: ingress
    action: allow
    peer: set:admin-host
    protocol: tcp
    ports: [8443]
    description: Web console

`;

function bound(yaml: string): BoundPolicy {
  const policy = parseCatalog(yaml, "catalog/securetransport.yaml");
  return bindPolicy(policy, { environment: "dev", ...secureTransportBindings(), ipv6: false });
}

/** Every resource as "type.id" → body. */
function resources(policy: BoundPolicy): Record<string, unknown> {
  const { json } = synthAws(policy);
  return Object.fromEntries(Object.entries<Record<string, unknown>>(json.resource).flatMap(([type, byId]) => Object.entries(byId).map(([id, body]) => [`${type}.${id}`, body])));
}

describe("stable logical ids", () => {
  const before = resources(bound(CATALOG));

  test("GIVEN a role description edit THEN the group's description (which AWS cannot change in place) stays and only its catalog-role-description tag changes", () => {
    const edited = resources(bound(CATALOG.replace("description: SecureTransport Server nodes of one cluster", "description: SecureTransport Server nodes (edited ${x})")));
    const group = (r: Record<string, any>) => r["aws_security_group.st_server"] as any;
    expect(group(edited).description).toBe(group(before).description);
    expect(group(edited).description).toBe("Firewall catalog role st-server");
    expect(group(edited).tags["catalog-role-description"]).toBe("SecureTransport Server nodes (edited $${x})");
    expect({ ...group(edited), tags: { ...group(edited).tags, "catalog-role-description": "" } }).toEqual({ ...group(before), tags: { ...group(before).tags, "catalog-role-description": "" } });
    for (const [address, body] of Object.entries(before)) if (!address.startsWith("aws_security_group.")) expect({ address, body: edited[address] }).toEqual({ address, body });
  });

  test("GIVEN a rule added in the middle of the catalog THEN every other resource keeps its id and body, and one resource is new", () => {
    const after = resources(bound(CATALOG.replace("  - id: st-cluster-cache-mgmt-tcp\n", `${NEW_RULE}  - id: st-cluster-cache-mgmt-tcp\n`)));
    for (const [address, body] of Object.entries(before)) expect({ address, body: after[address] }).toEqual({ address, body });
    expect(Object.keys(after).filter((a) => !(a in before))).toEqual(["aws_vpc_security_group_ingress_rule.st_server_ingress_st_web_console_tcp_8443_10_20_0_10_32"]);
  });

  test("GIVEN a rule removed from the middle of the catalog THEN only its resource disappears", () => {
    const snmp = /  - id: st-snmp\n[\s\S]*?(?=\n  # Doubtful row: TCP 443)/;
    expect(CATALOG).toMatch(snmp);
    const after = resources(bound(CATALOG.replace(snmp, "")));
    expect(Object.keys(before).filter((a) => !(a in after))).toEqual(["aws_vpc_security_group_ingress_rule.st_server_ingress_st_snmp_tcp_80_self"]);
    for (const [address, body] of Object.entries(after)) expect(before[address]).toEqual(body);
  });

  test("GIVEN any catalog THEN every logical id is a Terraform identifier of at most 255 characters", () => {
    for (const address of Object.keys(before)) expect(address.split(".")[1]).toMatch(/^[A-Za-z_][A-Za-z0-9_-]{0,254}$/);
  });
});

describe("the synthesized file", () => {
  function synthesizeToDisk(): string {
    const outdir = mkdtempSync(path.join(os.tmpdir(), "aws-module-synth-"));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "dev-aws");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    // Stacks always set a backend; cdktf's implicit one would hold an absolute path.
    new LocalBackend(stack, { path: "terraform.tfstate" });
    new AwsSecurityGroups(stack, "security-groups", { policy: secureTransport(), vpcId: "vpc-0123456789abcdef0", namePrefix: "st", tags: { zone: "b", owner: "a" }, logicalIdScope: "none" });
    app.synth();
    const text = readFileSync(path.join(outdir, "stacks", "dev-aws", "cdk.tf.json"), "utf8");
    rmSync(outdir, { recursive: true, force: true });
    return text;
  }

  test("GIVEN two syntheses in two output folders THEN the files are byte-identical, hold no absolute path, and list tags sorted", () => {
    const a = synthesizeToDisk();
    expect(synthesizeToDisk()).toBe(a);
    for (const root of [process.cwd(), os.tmpdir(), os.homedir()]) expect(a.includes(root)).toBe(false);
    const json = JSON.parse(a);
    expect(Object.keys(json.resource.aws_security_group.st_server.tags)).toEqual(["Name", "catalog", "catalog-role", "catalog-role-description", "owner", "zone"]);
    expect(Object.keys(json.resource.aws_vpc_security_group_ingress_rule.st_server_ingress_st_snmp_tcp_80_self.tags)).toEqual(["catalog-role", "catalog-rule", "owner", "zone"]);
  });
});
