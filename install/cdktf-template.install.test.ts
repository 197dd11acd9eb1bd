/**
 * A fresh app as the CDKTF TypeScript template makes it (cdktf 0.21, the
 * latest constructs 10.x, provider-aws ^21, provider-google ^16, jest,
 * ts-jest, ts-node; tsx beside it), with the packed module installed by npm:
 * the docs page's first `ts` block runs as pasted under ts-node (which
 * type-checks it against the packed declarations) and under tsx.
 */
import { AppRun, CDKTF_TEMPLATE_APP, createApp, firstTsBlock, InstalledApp, installedSizeMiB, installedVersions, PACKAGE, runApp, stackJson } from "./support/apps";

const DOCS_PAGE = "docs/own-cdktf-app.md";

describe("the CDKTF template app", () => {
  let app: InstalledApp;
  const source = firstTsBlock(DOCS_PAGE);
  beforeAll(async () => {
    app = await createApp(CDKTF_TEMPLATE_APP);
  });

  test("GIVEN the docs page's first ts block THEN it is a complete main.ts that imports the package, makes an aws_vpc and renders AWS and GCP with its id", () => {
    expect(source).toContain(`from "${PACKAGE}"`);
    expect(source).not.toMatch(/from "\.\.?\//);
    expect(source).toMatch(/new Vpc\(stack, "vpc"/);
    expect(source).toMatch(/aws: \{ vpcId: vpc\.id \}/);
    expect(source).toMatch(/gcp: \{/);
    expect(source).toMatch(/app\.synth\(\);\s*$/);
  });

  test("GIVEN the installed app THEN its tree holds one cdktf, one constructs, one provider-aws, and no azurerm", async () => {
    const versions = await installedVersions(app, ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-azurerm", "cdktn"]);
    expect(versions.cdktf).toHaveLength(1);
    expect(versions.constructs).toHaveLength(1);
    expect(versions["@cdktf/provider-aws"]).toHaveLength(1);
    expect(versions["@cdktf/provider-aws"][0]).toMatch(/^21\./);
    expect(versions["@cdktf/provider-azurerm"]).toEqual([]);
    expect(versions.cdktn).toEqual([]);
    const mib = await installedSizeMiB(app);
    process.stdout.write(`${CDKTF_TEMPLATE_APP.name}: node_modules ${mib} MiB; ${JSON.stringify(versions)}\n`);
    expect(mib).toBeGreaterThan(0);
  });

  test.each(["ts-node", "tsx"] as const)(
    "GIVEN the block as pasted WHEN run under %s THEN it synthesizes the group in the app's VPC, its rules with the app's CIDR token, and the GCP firewall on the app's network",
    async (loader) => {
      const result = await runApp(app, "main.ts", source, loader);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expectShopStack(result);
    },
  );

  test("GIVEN the block with tcp 22 from any WHEN run THEN the app's own synthesis stops on the lint, naming the rule, and writes no stack", async () => {
    const withSsh = source.replace('peer: "set:office", protocol: "tcp", ports: [443]', 'peer: "any", protocol: "tcp", ports: [22]');
    expect(withSsh).not.toBe(source);
    const refused = await runApp(app, "main-ssh.ts", withSsh, "tsx");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/error \[admin-port-open-to-any\] environment "prod", rule "web-https": /);
  });
});

function expectShopStack(result: AppRun): void {
  const json = stackJson(result, "shop");
  const groups = Object.entries<any>(json.resource.aws_security_group);
  expect(groups.map(([id, g]) => [id, g.name, g.vpc_id])).toEqual([["firewall_aws_web", "shop-prod-web", "${aws_vpc.vpc.id}"]]);
  const ingress = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule);
  expect(ingress.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port, r.security_group_id])).toEqual([
    ["192.168.0.0/16", "tcp", 443, 443, "${aws_security_group.firewall_aws_web.id}"],
    ["${aws_vpc.vpc.cidr_block}", "tcp", 443, 443, "${aws_security_group.firewall_aws_web.id}"],
  ]);
  const firewalls = Object.values<any>(json.resource.google_compute_firewall);
  expect(
    firewalls.some((f) => f.network === "${google_compute_network.network.name}" && f.source_ranges?.join() === "192.168.0.0/16,${aws_vpc.vpc.cidr_block}" && f.allow?.[0]?.ports?.[0] === "443"),
  ).toBe(true);
  expect(json.output.web_security_group.value).toBe("${aws_security_group.firewall_aws_web.id}");
  expect(json.resource.aws_vpc.vpc.cidr_block).toBe("10.0.0.0/16");
}
