import Ajv from "ajv";
import { readFileSync } from "fs";
import * as path from "path";
import { EffectiveView } from "../../modules/cloud";
import { RuleRealisation } from "../../modules/realisation";
import { bindPolicy, BoundPolicy, decide, Flow, loadCatalogFile, parseCatalog, SynthesisError } from "../../policy";
import { lintPolicy } from "../../policy/lint";
import { buildCoverageReport, CoverageInput, CoverageJson, mermaid } from "../../synth/report/coverage";
import reportSchema from "../../synth/report/coverage-report.schema.json";
import { boundOf, rule, RuleInput } from "../support/policies";
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

/** Every rule rendered by one resource of its own on both clouds. */
function ownResources(bound: BoundPolicy): { aws: RuleRealisation[]; gcp: RuleRealisation[] } {
  const of = (cloud: string) =>
    bound.rules.map((r): RuleRealisation => ({
      ruleId: r.id,
      how: r.inapplicable ? "inapplicable" : "rendered",
      resources: r.inapplicable ? [] : [`${cloud}.${r.id}`],
      note: r.inapplicable ?? "in 1",
    }));
  return { aws: of("aws"), gcp: of("gcp") };
}

function reportOf(bound: BoundPolicy, views?: CoverageInput["views"], realisations = ownResources(bound)): CoverageJson {
  return buildCoverageReport({
    environment: "test",
    bound,
    clouds: { aws: { stack: "test-aws", realisations: realisations.aws }, gcp: { stack: "test-gcp", realisations: realisations.gcp } },
    lint: lintPolicy(bound),
    views,
  }).json;
}

/** A cloud that decides as the catalog does, except where `wrong` says otherwise. */
function viewOf(bound: BoundPolicy, wrong: (flow: Flow) => boolean = () => false): EffectiveView {
  return {
    decide: (flow) => {
      const d = decide(bound, flow);
      const action = wrong(flow) ? (d.action === "allow" ? "deny" : "allow") : d.action;
      return { action, resources: d.rule ? [`cloud.${d.rule.id}`] : [] };
    },
    ports: () => [],
    cuts: () => [],
    protocols: () => [],
    roles: () => bound.managedRoles.map((r) => r.id),
    defaultOf: (role) => `default of ${role}`,
    findings: () => [],
    icmpTypes: () => [],
    footprints: () => [],
  };
}

const tableRow = (md: string, cell: string) => md.split("\n").find((l) => l.startsWith("|") && l.includes(cell));

describe("coverage report", () => {
  test("GIVEN realisations THEN the report lists each rule with, per cloud, its resources or how it is realised otherwise", () => {
    const report = buildCoverageReport(input({ aws: AWS, gcp: GCP }));
    expect(report.json.rules.map((r) => [r.id, r.clouds.aws.how, r.clouds.gcp.resources])).toEqual([
      ["web-https", "rendered", ["google_compute_firewall.a"]],
      ["no-telnet", "default", ["google_compute_firewall.b"]],
    ]);
    expect(tableRow(report.markdown, "`no-telnet`")).toBe(
      "| 2 | `no-telnet`<br>rule no-telnet | ingress to `web` | `any` = 0.0.0.0/0 | tcp 23 | deny | not given | default: deny restates the default | `google_compute_firewall.b` |",
    );
    expect(report.markdown).toContain("AWS: 1 rendered, 1 default. GCP: 2 rendered.");
  });

  test("GIVEN any report THEN the rules table's header names target and direction, the resolved peer, protocol and ports, action, origin and each cloud's realisation", () => {
    const md = buildCoverageReport(input({ aws: AWS, gcp: GCP })).markdown;
    expect(md).toContain("| # | rule | target and direction | peer (resolved for test) | protocol and ports | action | origin | AWS realisation | GCP realisation |");
  });

  test("GIVEN an egress rule to a CIDR THEN its row says egress from the target, so it cannot be read as ingress from the network", () => {
    const bound = boundOf([rule("web-to-db", { direction: "egress", peer: "10.3.0.0/16", ports: [5432], origin: "seed row 7" })]);
    const json = reportOf(bound);
    const md = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "a", realisations: ownResources(bound).aws }, gcp: { stack: "g", realisations: ownResources(bound).gcp } },
      lint: lintPolicy(bound),
    }).markdown;
    expect(json.rules[0]).toMatchObject({ direction: "egress", target: "web", origin: "seed row 7", peerResolved: ["10.3.0.0/16"] });
    expect(tableRow(md, "`web-to-db`")).toContain("| egress from `web` | `10.3.0.0/16` | tcp 5432 | allow | seed row 7 |");
  });

  test("GIVEN rules that share one resource THEN each says it is merged into it, with how many other rules", () => {
    const bound = boundOf([rule("a", { ports: [80] }), rule("b", { ports: [443] }), rule("c", { ports: [8080] })]);
    const shared = (cloud: string): RuleRealisation[] => [
      { ruleId: "a", how: "rendered", resources: [`${cloud}.both`], note: "in 1" },
      { ruleId: "b", how: "rendered", resources: [`${cloud}.both`], note: "in 1" },
      { ruleId: "c", how: "narrowed", resources: [`${cloud}.c_part`], note: "ports 8080 cut" },
    ];
    const report = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "a", realisations: shared("aws") }, gcp: { stack: "g", realisations: shared("gcp") } },
      lint: lintPolicy(bound),
    });
    expect(report.json.rules.map((r) => r.clouds.gcp.sharedWith)).toEqual([1, 1, 0]);
    expect(tableRow(report.markdown, "`a`<br>")).toContain("merged into `gcp.both` (with 1 other rule)");
    expect(tableRow(report.markdown, "`c`<br>")).toContain("narrowed (ports 8080 cut):<br>`gcp.c_part`");
  });

  test("GIVEN rules THEN the diagram draws who may reach whom: solid allow edges, dashed deny edges, address sets with their bindings, egress defaults to any", () => {
    const m = mermaid(input({ aws: AWS, gcp: GCP }).bound);
    expect(m.split("\n")).toEqual([
      "```mermaid",
      "flowchart LR",
      '  set_office["office: 10.1.0.0/16"]',
      '  role_web["role web"]',
      '  any["any (0.0.0.0/0)"]',
      '  role_db["role db"]',
      '  set_office -->|"tcp 443"| role_web',
      '  any -.->|"deny tcp 23"| role_web',
      '  role_web -.->|"deny egress default (all traffic no egress rule matches)"| any',
      '  role_db -.->|"deny egress default (all traffic no egress rule matches)"| any',
      "```",
    ]);
  });

  test("GIVEN a role whose egress default is allow THEN the diagram has a solid edge from it to a node whose id starts with any", () => {
    const m = mermaid(boundOf([rule("web-https", {})], { egressDefault: "allow" }));
    expect(m).toMatch(/^ {2}role_web -->\|"egress default[^"]*"\| any\w*$/m);
  });

  test("GIVEN many rules between two roles THEN the edge label groups them by protocol, ports sorted and ranges merged, and names protocol 47 GRE", () => {
    const bound = boundOf([
      rule("cache-tcp", { peer: "role:db", ports: ["8088-8093"] }),
      rule("cache-udp", { peer: "role:db", protocol: "udp", ports: ["8088-8093"] }),
      rule("http", { peer: "role:db", ports: [80] }),
      rule("https", { peer: "role:db", ports: [443] }),
      rule("coherence", { peer: "role:db", ports: [7] }),
      rule("ssh", { peer: "role:db", ports: [22] }),
      rule("next", { peer: "role:db", ports: [8094] }),
      rule("gre", { peer: "role:db", protocol: 47, ports: undefined }),
      rule("ping", { peer: "role:db", protocol: "icmp", ports: undefined }),
    ]);
    expect(mermaid(bound)).toContain('role_db -->|"tcp 7, 22, 80, 443, 8088-8094; udp 8088-8093; icmp; GRE"| role_web');
  });

  test("GIVEN waivers THEN the report shows them with their reasons, and stale waivers as warnings", () => {
    const report = buildCoverageReport(input({ aws: AWS, gcp: GCP }));
    expect(report.markdown).toContain('- warning `unused-waiver` rule "web-https": waives "egress-open-to-world", which does not fire here. Remove the waiver.');
    expect(report.json.lint.warnings).toHaveLength(1);
  });

  test("GIVEN a rule that matches nothing in the environment THEN it is listed as inapplicable with its reason, and draws no edge", () => {
    const bound = boundOf([rule("ping6", { protocol: "icmpv6", ports: undefined }), rule("web-https", {})]);
    const inapplicable = bound.rules[0].inapplicable!;
    const report = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "a", realisations: ownResources(bound).aws }, gcp: { stack: "g", realisations: ownResources(bound).gcp } },
      lint: lintPolicy(bound),
    });
    expect(report.markdown).toContain(`| inapplicable: ${inapplicable} | inapplicable: ${inapplicable} |`);
    expect(report.markdown).toContain("AWS: 1 inapplicable, 1 rendered.");
    expect(mermaid(bound)).not.toContain("icmpv6");
    expect(mermaid(bound)).toContain('any -->|"tcp 443"| role_web');
  });

  test("GIVEN a rule with no realisation on a cloud THEN the report fails with its code, naming the rule and the cloud", () => {
    const fail = (aws: RuleRealisation[], gcp: RuleRealisation[]) => {
      try {
        buildCoverageReport(input({ aws, gcp }));
      } catch (e) {
        return e as SynthesisError;
      }
      throw new Error("no error");
    };
    const missing = fail(AWS.slice(0, 1), GCP);
    expect(missing).toBeInstanceOf(SynthesisError);
    expect(missing.code).toBe("OUTPUT_REPORT_RULE_NOT_COVERED");
    expect(missing.problems.map((p) => p.subject)).toEqual(['rule "no-telnet" on AWS (stack test-aws)']);
    expect(fail(AWS, [GCP[0], { ...GCP[1], resources: [] }]).code).toBe("OUTPUT_REPORT_RULE_NOT_COVERED");
  });

  test("GIVEN the same input twice THEN the same report", () => {
    expect(buildCoverageReport(input({ aws: AWS, gcp: GCP }))).toEqual(buildCoverageReport(input({ aws: AWS, gcp: GCP })));
  });
});

describe("GIVEN the Exposure section", () => {
  const exposed: RuleInput[] = [
    rule("deny-bad", { action: "deny", peer: "203.0.113.0/24", ports: [443] }),
    rule("web-https", { peer: "any", ports: [443, 80] }),
    rule("web-ssh-office", { peer: "set:office", ports: [22] }),
    rule("db-gre", { target: "db", peer: "198.51.100.0/24", protocol: 47, ports: undefined }),
    rule("db-from-web", { target: "db", peer: "role:web", ports: [5432, 22] }),
  ];

  test("WHEN a port is open to any THEN it is listed per role as reachable from outside, with the rule, its resources per cloud, and the outside pieces an earlier deny leaves", () => {
    const json = reportOf(boundOf(exposed));
    expect(json.exposure.outside.items.map((i) => [i.role, i.traffic, i.from, i.except, i.rule, i.clouds.aws.resources])).toEqual([
      ["web", "tcp 80", ["0.0.0.0/0"], [], "web-https", ["aws.web-https"]],
      ["web", "tcp 443", ["0.0.0.0/0"], ["203.0.113.0/24"], "web-https", ["aws.web-https"]],
      ["db", "GRE", ["198.51.100.0/24"], [], "db-gre", ["aws.db-gre"]],
    ]);
    // The office is the environment's own network: 443 from there is not "outside".
    expect(json.exposure.outside.insideNetworks).toEqual([{ cidr: "10.1.0.0/16", boundAs: "set:office" }]);
  });

  test("WHEN an address set is bound to 0.0.0.0/0 THEN it is not counted as the environment's network, and what it admits is outside", () => {
    const json = reportOf(boundOf([rule("web-ssh-office", { peer: "set:office", ports: [8443] })], { addressSets: { office: ["0.0.0.0/0"] } }));
    expect(json.exposure.outside.worldWideBindings).toEqual([{ cidr: "0.0.0.0/0", boundAs: "set:office" }]);
    expect(json.exposure.outside.items.map((i) => [i.traffic, i.from])).toEqual([["tcp 8443", ["0.0.0.0/0"]]]);
  });

  test("WHEN nothing is open to outside THEN the section says so", () => {
    const bound = boundOf([rule("office-https", { peer: "set:office" })]);
    const md = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "a", realisations: ownResources(bound).aws }, gcp: { stack: "g", realisations: ownResources(bound).gcp } },
      lint: lintPolicy(bound),
    }).markdown;
    expect(md).toContain("### Reachable from outside the environment's networks\n\nNothing:");
  });

  test("WHEN the report is written THEN Exposure comes first, its four parts as subsections", () => {
    const bound = boundOf(exposed);
    const md = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "a", realisations: ownResources(bound).aws }, gcp: { stack: "g", realisations: ownResources(bound).gcp } },
      lint: lintPolicy(bound),
    }).markdown;
    const headings = md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings.slice(0, 6)).toEqual([
      "# Coverage: environment `test`, catalog `test`",
      "## Exposure",
      "### Reachable from outside the environment's networks",
      "### Administration ports",
      "### Waivers",
      "### Disagreements between clouds",
    ]);
  });

  test("WHEN administration ports are reachable THEN each port of each role lists who reaches it through which rule, and nobody when closed", () => {
    const json = reportOf(boundOf(exposed));
    const reach = (role: string, port: number) => json.exposure.administration.items.find((i) => i.role === role && i.port === port)!.reachedBy;
    expect(json.exposure.administration.ports).toEqual([22, 3389]);
    expect(reach("web", 22)).toEqual([{ protocol: "tcp", rule: "web-ssh-office", peer: "set:office", from: ["10.1.0.0/16"], outside: false }]);
    expect(reach("db", 22)).toEqual([{ protocol: "tcp", rule: "db-from-web", peer: "role:web", from: ["role:web"], outside: false }]);
    expect(reach("web", 3389)).toEqual([]);
  });

  test("WHEN a rule of protocol all is open to any THEN the administration ports are reachable from outside on every protocol", () => {
    const bound = boundOf([
      rule("open", {
        protocol: "all",
        ports: undefined,
        waivers: [
          { check: "admin-port-open-to-any", reason: "test of the report only" },
          { check: "all-protocols-or-all-ports", reason: "test of the report only" },
        ],
      }),
    ]);
    const json = reportOf(bound);
    expect(json.exposure.administration.items.find((i) => i.role === "web" && i.port === 3389)!.reachedBy).toEqual([
      { protocol: "all protocols", rule: "open", peer: "any", from: ["0.0.0.0/0"], outside: true },
    ]);
    expect(json.exposure.outside.items.map((i) => i.traffic)).toEqual(["all protocols (besides those listed)"]);
  });

  test("WHEN a waiver gives its reason and expiry THEN both are listed", () => {
    const bound = boundOf([rule("web-all", { ports: "all", waivers: [{ check: "all-protocols-or-all-ports", reason: "the load test opens every port", expires: "2027-03-31" }] })], {
      egressDefault: "allow",
    });
    const json = reportOf(bound);
    expect(json.exposure.waivers).toEqual([
      expect.objectContaining({ check: "all-protocols-or-all-ports", subject: 'rule "web-all"', reason: "the load test opens every port", expires: "2027-03-31" }),
    ]);
  });

  test("WHEN no cloud reading is given THEN the disagreements part says it was not checked, never that all agree", () => {
    const bound = boundOf(exposed);
    const json = reportOf(bound);
    expect(json.exposure.disagreements).toMatchObject({ checked: false, items: [] });
    const md = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "a", realisations: ownResources(bound).aws }, gcp: { stack: "g", realisations: ownResources(bound).gcp } },
      lint: lintPolicy(bound),
    }).markdown;
    expect(md).toContain("**Not checked:**");
  });

  test("WHEN the clouds decide as the catalog THEN no disagreement, with the number of flows probed", () => {
    const bound = boundOf(exposed);
    const json = reportOf(bound, { aws: viewOf(bound), gcp: viewOf(bound) });
    expect(json.exposure.disagreements.checked).toBe(true);
    expect(json.exposure.disagreements.probes).toBeGreaterThan(10);
    expect(json.exposure.disagreements.items).toEqual([]);
  });

  test("WHEN one cloud opens an administration port the catalog keeps closed from outside THEN the disagreement is listed with the flow and the cloud", () => {
    const bound = boundOf(exposed);
    const json = reportOf(bound, { aws: viewOf(bound), gcp: viewOf(bound, (f) => f.target === "web" && f.port === 22 && f.peer.kind === "address" && f.peer.address === "0.0.0.0") });
    expect(json.exposure.disagreements.items).toEqual([
      { cloud: "GCP", stack: "test-gcp", role: "web", protocol: "tcp", port: 22, from: "0.0.0.0", catalog: "deny", decision: "allow", resources: [], uncertain: null },
    ]);
  });

  test("WHEN a cloud's reading is missing for a cloud of the report THEN the report refuses with its code", () => {
    const bound = boundOf(exposed);
    expect(() => reportOf(bound, { aws: viewOf(bound) })).toThrow(expect.objectContaining({ code: "OUTPUT_REPORT_NO_CLOUD_VIEW" }));
  });
});

describe("GIVEN the tiers section", () => {
  const bound = boundOf([
    rule("db-from-web", { target: "db", peer: "role:web", ports: [5432], origin: "design doc, table 2 row 1" }),
    rule("web-to-db", { target: "web", direction: "egress", peer: "role:db", ports: [5432], origin: "design doc, table 2 row 1" }),
    rule("web-https", { peer: "set:office", ports: [443], note: "The design doc says 443, the runbook 8443: 443 is used." }),
    rule("db-deny-telnet", { target: "db", action: "deny", peer: "role:web", ports: [23] }),
  ]);
  const json = reportOf(bound);
  const md = buildCoverageReport({
    environment: "test",
    bound,
    clouds: { aws: { stack: "test-aws", realisations: ownResources(bound).aws }, gcp: { stack: "test-gcp", realisations: ownResources(bound).gcp } },
    lint: lintPolicy(bound),
  });

  test("WHEN rules name roles as peers THEN each is a flow between tiers, with its side and origin, and rules to address sets are not", () => {
    expect(json.tiers.roles).toEqual(["web", "db"]);
    expect(json.tiers.flows).toEqual([
      { from: "web", to: "db", action: "allow", side: "ingress", traffic: "tcp 5432", rule: "db-from-web", origin: "design doc, table 2 row 1" },
      { from: "web", to: "db", action: "allow", side: "egress", traffic: "tcp 5432", rule: "web-to-db", origin: "design doc, table 2 row 1" },
      { from: "web", to: "db", action: "deny", side: "ingress", traffic: "tcp 23", rule: "db-deny-telnet", origin: null },
    ]);
  });

  test("WHEN the report is written THEN the tier diagram is Mermaid in the Markdown and an SVG of its own in the HTML, one edge per (from, to, action, side) naming its rules", () => {
    const section = md.markdown.slice(md.markdown.indexOf("## Tiers and the flows between them"), md.markdown.indexOf("## Rules"));
    expect(section).toContain(
      [
        "```mermaid",
        "flowchart LR",
        '  tier_web["tier web"]',
        '  tier_db["tier db"]',
        '  tier_web -->|"tcp 5432 (db-from-web)"| tier_db',
        '  tier_web -->|"tcp 5432 (web-to-db)"| tier_db',
        '  tier_web -.->|"deny tcp 23 (db-deny-telnet)"| tier_db',
        "```",
      ].join("\n"),
    );
    expect(tableRow(section, "`db-from-web`")).toBe("| `web` | `db` | allow | tcp 5432 | `db-from-web` (ingress of db) | design doc, table 2 row 1 |");
    expect(tableRow(section, "`web-to-db`")).toBe("| `web` | `db` | allow | tcp 5432 | `web-to-db` (egress of web) | design doc, table 2 row 1 |");
    // The HTML: a figure of its own (class tiers), with its own arrow marker, after the who-may-reach-whom diagram.
    const html = md.html;
    expect(html.indexOf('<figure class="tiers">')).toBeGreaterThan(html.indexOf('<figure class="diagram">'));
    const svg = html.slice(html.indexOf('<svg xmlns="http://www.w3.org/2000/svg" class="tiers"'), html.indexOf("</svg>", html.indexOf('class="tiers"')));
    expect(svg).toContain('aria-label="Tiers and the flows between them"');
    expect(svg).toContain('<marker id="tiers-arrow"');
    expect(svg.match(/<g class="label /g)).toHaveLength(json.tiers.diagram.edges.length);
    expect(json.tiers.diagram.edges).toHaveLength(3);
  });

  test("WHEN a rule has a note THEN the JSON carries it and the report lists it, with the rule's origin, under its heading", () => {
    expect(json.rules.find((r) => r.id === "web-https")!.note).toBe("The design doc says 443, the runbook 8443: 443 is used.");
    expect(json.rules.find((r) => r.id === "db-from-web")).not.toHaveProperty("note");
    const section = md.markdown.slice(md.markdown.indexOf("## Where the sources disagree"), md.markdown.indexOf("## Egress defaults"));
    expect(section.trim().split("\n")).toEqual(["## Where the sources disagree", "", "- `web-https` (origin not given): The design doc says 443, the runbook 8443: 443 is used."]);
    const none = reportOf(boundOf([rule("web-https", {})]));
    expect(none.rules[0]).not.toHaveProperty("note");
    expect(none.tiers.flows).toEqual([]);
  });
});

describe("reports written by synthesis", () => {
  test("GIVEN the example synthesis THEN every environment gets Markdown, HTML and JSON covering every catalog rule on every cloud, the clouds checked against the catalog, only the DMZ reachable from outside", async () => {
    const { outdir } = await synthesizeExamples();
    const catalog = loadCatalogFile("catalog/securetransport.yaml");
    for (const env of ["dev", "staging", "prod"]) {
      const json = readJson(path.join(outdir, "reports", `${env}.json`));
      expect(json.rules.map((r: { id: string }) => r.id)).toEqual(catalog.rules.map((r) => r.id));
      for (const r of json.rules) {
        // Inapplicable here: only the source sides of the Servers' flows, which their allow-all egress carries.
        if (r.inapplicable)
          expect({ id: r.id, aws: r.clouds.aws.how, gcp: r.clouds.gcp.how }).toEqual({
            id: expect.stringMatching(/^st-(streaming|socks|db-access|storage-access)-out$/),
            aws: "inapplicable",
            gcp: "inapplicable",
          });
        else {
          expect(["rendered", "default"]).toContain(r.clouds.aws.how);
          expect(r.clouds.gcp.how).toBe("rendered");
        }
      }
      expect(json.rules.filter((r: { inapplicable: string | null }) => r.inapplicable)).toHaveLength(4);
      expect(json.exposure.disagreements.checked).toBe(true);
      expect(json.exposure.disagreements.items).toEqual([]);
      // From outside, partners reach the load balancer's client ports and the Edges' active-mode FTP data ports: nothing else.
      const outside = json.exposure.outside.items.map((i: { role: string; rule: string }) => `${i.role} ${i.rule}`);
      expect([...new Set(outside)].sort()).toEqual(["st-edge st-edge-ftp-active-in", "st-lb st-lb-as2", "st-lb st-lb-ftp", "st-lb st-lb-http", "st-lb st-lb-pesit", "st-lb st-lb-sftp"]);
      const md = readFileSync(path.join(outdir, "reports", `${env}.md`), "utf8");
      expect(md).toContain("```mermaid");
      expect(md).toContain('role_st_server -->|"egress default');
      expect(md).toContain("Servers must reach Edges");
      // The tiers: the Servers stream to the Edges (AG rules 22-27), the load balancer forwards to them, and each vendor contradiction is listed.
      expect(json.tiers.roles).toEqual(["st-server", "st-lb", "st-edge", "st-db", "st-storage"]);
      expect(json.tiers.flows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ from: "st-server", to: "st-edge", rule: "st-streaming-in", origin: expect.stringMatching(/^AG Firewall rules, rules 22-27/) }),
          expect.objectContaining({ from: "st-lb", to: "st-edge", rule: "st-edge-http" }),
          expect.objectContaining({ from: "st-server", to: "st-db", rule: "st-db-access-in" }),
        ]),
      );
      expect(json.tiers.flows.filter((f: { from: string; to: string }) => f.from === "st-edge" && f.to !== "st-edge")).toEqual([]);
      expect(md).toContain("tier_st_server -->|");
      for (const id of ["st-snmp-traps-out", "st-lb-sftp", "st-lb-pesit", "st-db-access-in"]) expect(md).toMatch(new RegExp(`## Where the sources disagree[\\s\\S]*- \`${id}\``));
      expect(readFileSync(path.join(outdir, "reports", `${env}.html`), "utf8")).toContain("<svg");
    }
  });
});

describe("GIVEN reports built in code", () => {
  test("THEN each validates against the published schema: exposure, disagreements, unchecked clouds, deploy-time networks", () => {
    const Ajv = require("ajv");
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(require("../../synth/report/coverage-report.schema.json"));
    const exposed = boundOf([rule("web-https", { peer: "any", ports: [443, 80] }), rule("db-gre", { target: "db", peer: "198.51.100.0/24", protocol: 47, ports: undefined })], { ipv6: true });
    const token = "${TfToken[TOKEN.1]}";
    const { bindPolicy, definePolicy } = require("../../policy");
    const withToken = bindPolicy(
      definePolicy({
        name: "t",
        description: "t",
        roles: [{ id: "web", description: "w", egressDefault: "deny" }],
        addressSets: [{ id: "office", description: "o" }],
        rules: [rule("office-ssh", { peer: "set:office", ports: [22] })],
      }),
      { environment: "test", addressSets: { office: [token] }, ipv6: false, tokenKind: (v: string) => (v === token ? "value" : undefined) },
    );
    const reports = [reportOf(exposed), reportOf(exposed, { aws: viewOf(exposed), gcp: viewOf(exposed, (f) => f.port === 443) }), reportOf(withToken)];
    expect(reports[1].exposure.disagreements.items.length).toBeGreaterThan(0);
    expect(reports[2].exposure.outside.items).toEqual([expect.objectContaining({ rule: "office-ssh", deployTime: true, from: [token] })]);
    expect(reports[2].exposure.administration.items[0].reachedBy).toEqual([expect.objectContaining({ rule: "office-ssh", outside: true })]);
    expect(reports[2].exposure.disagreements.unprobedRoles).toEqual(["web"]);
    for (const r of reports) expect(validate(r) ? [] : validate.errors).toEqual([]);
  });
});

describe("GIVEN catalog text that Markdown or HTML would take for markup", () => {
  test("THEN every table keeps its columns, list items their line, and the HTML holds no element the catalog wrote", () => {
    const nasty = 'a | b\nc <script>alert(1)</script> `x` **y** & "z" <!-- hides the rest --> 1 < 2';
    const bound = boundOf([rule("web-https", { description: nasty, origin: nasty, ports: "all", waivers: [{ check: "all-protocols-or-all-ports", reason: nasty }] })]);
    const report = buildCoverageReport({
      environment: "test",
      bound,
      clouds: { aws: { stack: "a", realisations: ownResources(bound).aws }, gcp: { stack: "g", realisations: ownResources(bound).gcp } },
      lint: lintPolicy(bound),
    });
    const md = report.markdown.split("\n");
    const columns = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const id of ["rules", "waivers"]) {
      const at = md.findIndex((l) => l.startsWith("|") && (id === "rules" ? l.includes("target and direction") : l.includes("waived for")));
      const rest = md.slice(at);
      const rows = rest.slice(
        0,
        rest.findIndex((x) => !x.startsWith("|")),
      );
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(new Set(rows.map(columns)).size).toBe(1);
    }
    expect(md.filter((l) => l.startsWith("- waived")).every((l) => l.includes("alert(1)"))).toBe(true);
    // No tag or comment of the catalog's reaches the Markdown: rendered, it would vanish or hide what follows it.
    expect(report.markdown).not.toMatch(/<script|<!--/i);
    expect(report.markdown).toContain("&lt;script>alert(1)&lt;/script>");
    expect(report.markdown).toContain("1 < 2");
    expect(report.html).not.toMatch(/<script/i);
    expect(report.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("GIVEN a rule whose ports come from services", () => {
  const policy = parseCatalog(
    `name: mft
description: managed file transfer
roles:
  - { id: ftp, description: FTP servers, egressDefault: deny }
services:
  - { id: ftp-passive, description: FTP passive data ports, protocol: tcp }
  - { id: ftp-control, description: FTP control port, default: [21] }
rules:
  - { id: ftp-in, target: ftp, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [990, service:ftp-control, service:ftp-passive], description: FTP }
  - { id: ssh-in, target: ftp, direction: ingress, action: allow, peer: 10.0.0.0/8, protocol: tcp, ports: [22], description: SSH }
`,
    "catalog/mft.yaml",
  );
  const bound = bindPolicy(policy, { environment: "test", addressSets: {}, ipv6: false, services: { "ftp-passive": ["30000-30100"] } });
  const report = buildCoverageReport({
    environment: "test",
    bound,
    clouds: { aws: { stack: "a", realisations: ownResources(bound).aws }, gcp: { stack: "g", realisations: ownResources(bound).gcp } },
    lint: lintPolicy(bound),
  });

  test("THEN the JSON report gives the rule's plain ports and, per service, the ports it gave; a rule without services has no such field; the schema accepts it", () => {
    const [ftp, ssh] = report.json.rules;
    expect(ftp.ports).toBe("21,990,30000-30100");
    expect(ftp.services).toEqual([
      { id: "ftp-control", ports: "21" },
      { id: "ftp-passive", ports: "30000-30100" },
    ]);
    expect("services" in ssh).toBe(false);
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(reportSchema);
    expect(validate(report.json)).toBe(true);
  });

  test("THEN the Markdown and HTML rules tables name each service with its ports", () => {
    const row = report.markdown.split("\n").find((l) => l.startsWith("| 1 |") && l.includes("`ftp-in`"))!;
    expect(row).toContain("`service:ftp-control` = 21");
    expect(row).toContain("`service:ftp-passive` = 30000-30100");
    expect(report.html).toContain("service:ftp-passive");
  });
});
