import { readFileSync } from "fs";
import * as path from "path";
import { RuleRealisation } from "../../modules/realisation";
import { SynthesisError } from "../../policy";
import { lintPolicy } from "../../policy/lint";
import { buildCoverageReport, CoverageInput, mermaid } from "../../synth/report/coverage";
import { boundOf, rule } from "../support/policies";
import { readJson, synthesizeExamples } from "../support/synthesized";

function input(realisations: { aws: RuleRealisation[]; gcp: RuleRealisation[] }): CoverageInput {
  const bound = boundOf([
    rule("web-https", { peer: "set:office", ports: [443], waivers: [{ check: "egress-open-to-world", reason: "unused here on purpose" }] }),
    rule("no-telnet", { action: "deny", ports: [23] }),
  ]);
  return {
    environment: "test",
    bound,
    clouds: { aws: { stack: "test-aws", realisations: realisations.aws }, gcp: { stack: "test-gcp", realisations: realisations.gcp } },
    lint: lintPolicy(bound),
  };
}

const AWS: RuleRealisation[] = [
  { ruleId: "web-https", how: "rendered", resources: ["aws_vpc_security_group_ingress_rule.web_https_tcp_443_cidr_10_1_0_0_16"], note: "1 rule" },
  { ruleId: "no-telnet", how: "default", resources: [], note: "deny restates the default" },
];
const GCP: RuleRealisation[] = [
  { ruleId: "web-https", how: "rendered", resources: ["google_compute_firewall.a"], note: "in 1" },
  { ruleId: "no-telnet", how: "rendered", resources: ["google_compute_firewall.b"], note: "in 1" },
];

describe("coverage report", () => {
  test("GIVEN realisations THEN the report lists each rule with, per cloud, its resources or how it is realised otherwise", () => {
    const report = buildCoverageReport(input({ aws: AWS, gcp: GCP }));
    const rules = (report.json as any).rules;
    expect(rules.map((r: any) => [r.id, r.clouds.aws.how, r.clouds.gcp.resources])).toEqual([
      ["web-https", "rendered", ["google_compute_firewall.a"]],
      ["no-telnet", "default", ["google_compute_firewall.b"]],
    ]);
    expect(report.markdown).toContain("| 2 | `no-telnet`<br>rule no-telnet | deny | `any` | tcp 23 | default: deny restates the default | rendered: `google_compute_firewall.b` |");
    expect(report.markdown).toContain("AWS: 1 rendered, 1 default. GCP: 2 rendered.");
  });

  test("GIVEN rules THEN the diagram draws who may reach whom: solid allow edges, dashed deny edges, address sets with their bindings", () => {
    const m = mermaid(input({ aws: AWS, gcp: GCP }).bound);
    expect(m.split("\n")).toEqual([
      "```mermaid",
      "flowchart LR",
      '  set_office["office: 10.1.0.0/16"]',
      '  role_web["role web"]',
      '  any["any (0.0.0.0/0)"]',
      '  set_office -->|"tcp 443"| role_web',
      '  any -.->|"deny tcp 23"| role_web',
      "```",
    ]);
  });

  test("GIVEN waivers THEN the report shows them with their reasons, and stale waivers as warnings", () => {
    const report = buildCoverageReport(input({ aws: AWS, gcp: GCP }));
    expect(report.markdown).toContain('- warning `unused-waiver` rule "web-https": waives "egress-open-to-world", which does not fire here. Remove the waiver.');
    expect((report.json as any).lint.warnings).toHaveLength(1);
  });

  test("GIVEN a rule that matches nothing in the environment THEN it is listed as inapplicable with its reason, and draws no edge", () => {
    const bound = boundOf([rule("ping6", { protocol: "icmpv6", ports: undefined }), rule("web-https", {})]);
    const inapplicable = bound.rules[0].inapplicable!;
    const realisations = (cloud: string): RuleRealisation[] => [
      { ruleId: "ping6", how: "inapplicable", resources: [], note: inapplicable },
      { ruleId: "web-https", how: "rendered", resources: [`${cloud}.x`], note: "in 1" },
    ];
    const report = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "test-aws", realisations: realisations("aws") }, gcp: { stack: "test-gcp", realisations: realisations("gcp") } },
      lint: lintPolicy(bound),
    });
    expect(report.markdown).toContain(`| icmpv6 | inapplicable: ${inapplicable} | inapplicable: ${inapplicable} |`);
    expect(report.markdown).toContain("AWS: 1 inapplicable, 1 rendered.");
    expect(mermaid(bound)).not.toContain("icmpv6");
    expect(mermaid(bound)).toContain('any -->|"tcp 443"| role_web');
  });

  test("GIVEN a rule with no realisation on a cloud THEN the report fails, naming the rule and the cloud", () => {
    expect(() => buildCoverageReport(input({ aws: AWS.slice(0, 1), gcp: GCP }))).toThrow(SynthesisError);
    expect(() => buildCoverageReport(input({ aws: AWS.slice(0, 1), gcp: GCP }))).toThrow(/rule "no-telnet" has no realisation on AWS \(stack test-aws\)/);
    expect(() => buildCoverageReport(input({ aws: AWS, gcp: [GCP[0], { ...GCP[1], resources: [] }] }))).toThrow(/rule "no-telnet" is said to be rendered on GCP \(stack test-gcp\) but no resource carries it/);
  });

  test("GIVEN the same input twice THEN the same report", () => {
    expect(buildCoverageReport(input({ aws: AWS, gcp: GCP }))).toEqual(buildCoverageReport(input({ aws: AWS, gcp: GCP })));
  });
});

describe("reports written by synthesis", () => {
  test("GIVEN the example synthesis THEN every environment gets Markdown and JSON covering all 17 rules on both clouds", async () => {
    const { outdir } = await synthesizeExamples();
    for (const env of ["dev", "staging", "prod"]) {
      const json = readJson(path.join(outdir, "reports", `${env}.json`));
      expect(json.rules).toHaveLength(17);
      for (const r of json.rules) {
        expect(["rendered", "default"]).toContain(r.clouds.aws.how);
        expect(r.clouds.gcp.how).toBe("rendered");
      }
      const md = readFileSync(path.join(outdir, "reports", `${env}.md`), "utf8");
      expect(md).toContain("```mermaid");
      expect(md).toContain("**Reason:** Servers must reach Edges");
    }
  });
});
