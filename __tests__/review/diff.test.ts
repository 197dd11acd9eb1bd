/**
 * `npm run diff` on scripted edits of the SecureTransport catalog and the
 * example environments. One synthesis of the unedited examples serves as the
 * base of every case; each case synthesizes its edited copy once.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { cloudDefinitions } from "../../modules/clouds";
import { diffSides, DiffReport } from "../../review/diff";
import { accessLine, renderMarkdown } from "../../review/markdown";
import { readSynthesisSide, ReviewSide, synthesizeSide } from "../../review/side";
import { resourcesOf } from "../../review/resources";
import { thrown } from "../support/thrown";

const ROOT = path.resolve(__dirname, "..", "..");
const CATALOG = "catalog/securetransport.yaml";

let base: ReviewSide;
/** Scratch folders of this file, removed after it. */
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the example catalog and environments with `edit` applied. */
function editedCopy(edit: (files: Files) => void): { catalogDir: string; environmentsDir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-review-test-"));
  scratch.push(dir);
  cpSync(path.join(ROOT, "catalog"), path.join(dir, "catalog"), { recursive: true });
  cpSync(path.join(ROOT, "environments"), path.join(dir, "environments"), { recursive: true });
  edit(new Files(dir));
  return { catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments") };
}

class Files {
  constructor(readonly root: string) {}
  read(file: string): string {
    return readFileSync(path.join(this.root, file), "utf8");
  }
  write(file: string, text: string): void {
    writeFileSync(path.join(this.root, file), text);
  }
  /** Replaces text that must be there exactly once (so a stale edit fails loudly). */
  replace(file: string, from: string, to: string): void {
    const text = this.read(file);
    expect(text.split(from)).toHaveLength(2);
    this.write(file, text.replace(from, to));
  }
}

/** Reviews an edit; `only` synthesizes one environment (edits of one environment file) and compares it with that environment of the base. */
async function review(edit: (files: Files) => void, only?: string): Promise<DiffReport> {
  const head = await synthesizeSide({ label: "edited", ...editedCopy(edit), only: only ? [only] : undefined });
  const from = only ? { ...base, stacks: base.stacks.filter((s) => s.environment === only), environments: new Map([[only, base.environments.get(only)!]]) } : base;
  return diffSides(from, head);
}

/** env → cloud → access lines, for environments and clouds that have any. */
function access(report: DiffReport): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const env of report.environments) {
    for (const c of env.clouds) {
      if (c.access.length > 0) (out[env.name] ??= {})[c.cloud] = c.access.map(accessLine);
    }
  }
  return out;
}

function resources(report: DiffReport, stack: string) {
  const c = report.environments.flatMap((e) => e.clouds).find((x) => x.stack === stack)!;
  const { added, destroyed, changed, replaced } = c.resources;
  return { added, destroyed, changed: changed.map((x) => `${x.address}: ${x.attributes.join(", ")}`), replaced: replaced.map((x) => x.address) };
}

function risks(report: DiffReport): string[] {
  return report.risks.map((r) => `${r.environment} ${r.kind} ${r.clouds.join("+")}${r.resource ? ` ${r.resource}` : ""}`);
}

const everywhere = (lines: string[]) => ({
  dev: { aws: lines, azure: lines, gcp: lines },
  prod: { aws: lines, azure: lines, gcp: lines },
  staging: { aws: lines, azure: lines, gcp: lines },
});
const noChange = { added: [], destroyed: [], changed: [], replaced: [] };

beforeAll(async () => {
  const copy = editedCopy(() => undefined);
  base = await synthesizeSide({ label: "base", ...copy });
}, 60_000);

test("GIVEN no change THEN the review says so, and nothing changed", async () => {
  const report = await review(() => undefined);
  expect(report.accessChanged).toBe(false);
  expect(report.resourcesChanged).toBe(false);
  expect(report.risks).toEqual([]);
  expect(renderMarkdown(report)).toContain("No change: every environment gives the same access and the same resources");
});

test("GIVEN the egress default flipped to deny THEN what the Servers' allowlist and their flows' source sides do not name is denied, one line per protocol and kind of destination, not one per peer", async () => {
  const report = await review((f) => {
    const text = f.read(CATALOG);
    // The Servers' role: its egress default and the waiver that goes with it, up to the next role.
    const start = text.indexOf("    egressDefault: allow");
    f.write(CATALOG, text.slice(0, start) + "    egressDefault: deny\n" + text.slice(text.indexOf("\n  - id: st-lb\n", start)));
  }, "prod");
  // The allowlist (AG rules 15-20, ICAP, Sentinel) keeps its ports to its sets: they close only towards other addresses.
  // The flows from the Servers gain their source sides (st-streaming-out …): their ports stay open to the destination
  // role's members and close towards everything else. AWS and Azure name the members (groups, ASGs).
  const named = [
    "`tcp 1-24, 26-110, 112-388, 390-1079, 1081-1304, 1306-1343, 1345-1520, 1522-2048, 2050-2483, 2485-3267, 3269-20020, 20023-20079, 20081-20443, 20445-21079, 21081-24006, 24008-27616, 27618-44440, 44444-49151, 49252-65535` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`tcp 25, 111, 389, 1080, 1305, 1344, 1521, 2049, 2484, 3268, 20021-20022, 20080, 20444, 21080, 24007, 27617, 44441-44443, 49152-49251` from role `st-server` to any IPv6 address: now **denied** (default); was allowed (default)",
    "`tcp 25, 389, 1305, 1344, 3268, 44441-44443` from role `st-server` to other IPv4 addresses: now **denied** (default); was allowed (default)",
    "`tcp 111, 1080, 1521, 2049, 2484, 20021-20022, 20080, 20444, 21080, 24007, 27617, 49152-49251` from role `st-server` to any IPv4 address: now **denied** (default); was allowed (default)",
    "`tcp 111, 1080, 2049, 20021-20022, 20080, 20444, 21080, 24007, 27617, 49152-49251` from role `st-server` to role `st-db`: now **denied** (default); was allowed (default)",
    "`tcp 111, 1521, 2049, 2484, 24007, 49152-49251` from role `st-server` to role `st-edge`: now **denied** (default); was allowed (default)",
    "`tcp 111, 1080, 1521, 2049, 2484, 20021-20022, 20080, 20444, 21080, 24007, 27617, 49152-49251` from role `st-server` to role `st-lb`: now **denied** (default); was allowed (default)",
    "`tcp 111, 1080, 1521, 2049, 2484, 20021-20022, 20080, 20444, 21080, 24007, 27617, 49152-49251` from role `st-server` to role `st-server`: now **denied** (default); was allowed (default)",
    "`tcp 1080, 1521, 2484, 20021-20022, 20080, 20444, 21080, 27617` from role `st-server` to role `st-storage`: now **denied** (default); was allowed (default)",
    "`udp 1-161, 163-65535` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`udp 162` from role `st-server` to any IPv6 address: now **denied** (default); was allowed (default)",
    "`udp 162` from role `st-server` to other IPv4 addresses: now **denied** (default); was allowed (default)",
    "`sctp (all ports)` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`icmp` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`icmpv6` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`other protocols` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
  ];
  // GCP names the destination's network (its egress firewalls name ranges only): the flows' ports stay open towards
  // prod's internal and DMZ networks, and close towards other addresses like the sets' ports.
  const ranges = [
    "`tcp 1-24, 26-110, 112-388, 390-1079, 1081-1304, 1306-1343, 1345-1520, 1522-2048, 2050-2483, 2485-3267, 3269-20020, 20023-20079, 20081-20443, 20445-21079, 21081-24006, 24008-27616, 27618-44440, 44444-49151, 49252-65535` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`tcp 25, 111, 389, 1080, 1305, 1344, 1521, 2049, 2484, 3268, 20021-20022, 20080, 20444, 21080, 24007, 27617, 44441-44443, 49152-49251` from role `st-server` to any IPv6 address: now **denied** (default); was allowed (default)",
    "`tcp 25, 111, 389, 1080, 1305, 1344, 1521, 2049, 2484, 3268, 20021-20022, 20080, 20444, 21080, 24007, 27617, 44441-44443, 49152-49251` from role `st-server` to other IPv4 addresses: now **denied** (default); was allowed (default)",
    "`udp 1-161, 163-65535` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`udp 162` from role `st-server` to any IPv6 address: now **denied** (default); was allowed (default)",
    "`udp 162` from role `st-server` to other IPv4 addresses: now **denied** (default); was allowed (default)",
    "`sctp (all ports)` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`icmp` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`icmpv6` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
    "`other protocols` from role `st-server` to anywhere: now **denied** (default); was allowed (default)",
  ];
  expect(access(report)).toEqual({ prod: { aws: named, azure: named, gcp: ranges } });
  expect(resources(report, "prod-aws")).toEqual({
    ...noChange,
    added: [
      "aws_vpc_security_group_egress_rule.st_server_egress_st_db_access_out_tcp_1521_sg_st_db",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_db_access_out_tcp_2484_sg_st_db",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_socks_out_tcp_1080_sg_st_edge",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_storage_access_out_tcp_111_sg_st_storage",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_storage_access_out_tcp_2049_sg_st_storage",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_storage_access_out_tcp_24007_sg_st_storage",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_storage_access_out_tcp_49152_49251_sg_st_storage",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_streaming_out_tcp_20021_20022_sg_st_edge",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_streaming_out_tcp_20080_sg_st_edge",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_streaming_out_tcp_20444_sg_st_edge",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_streaming_out_tcp_21080_sg_st_edge",
      "aws_vpc_security_group_egress_rule.st_server_egress_st_streaming_out_tcp_27617_sg_st_edge",
    ],
    destroyed: ["aws_vpc_security_group_egress_rule.st_server_egress_default_all_ipv4", "aws_vpc_security_group_egress_rule.st_server_egress_default_all_ipv6"],
  });
  expect(resources(report, "prod-gcp").added).toEqual([
    "google_compute_firewall.st_prod_eg_allow_st_server_to_st_db",
    "google_compute_firewall.st_prod_eg_allow_st_server_to_st_edge",
    "google_compute_firewall.st_prod_eg_default_deny_st_server",
    "google_compute_firewall.st_prod_eg_default_deny_st_server_v6",
  ]);
});

test("GIVEN a YAML reformat only (layout, quoting, comments, key order) THEN no access and no resource changes", async () => {
  const report = await review((files) => {
    for (const file of [CATALOG, "environments/prod.yaml", "environments/dev.yaml"]) {
      const data = parse(files.read(file));
      // Keys of every mapping reversed, strings double-quoted, four-space indent, no comments.
      const reversed = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(reversed)
          : v && typeof v === "object"
            ? Object.fromEntries(
                Object.entries(v)
                  .reverse()
                  .map(([k, x]) => [k, reversed(x)]),
              )
            : v;
      files.write(file, stringify(reversed(data), { indent: 4, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" }));
    }
    expect(files.read(CATALOG)).not.toContain("# ---");
  });
  expect(report.accessChanged).toBe(false);
  expect(report.resourcesChanged).toBe(false);
});

/** The port-move edit's synthesis, reviewed against HEAD's and against an earlier cdktf.out. */
let portMoved: ReviewSide;

test("GIVEN a port moved 9999 → 9998 THEN 9998 opens and 9999 closes between servers, everywhere; AWS swaps one rule, Azure and GCP edit one rule in place; the review docs show it", async () => {
  portMoved = await synthesizeSide({ label: "edited", ...editedCopy((f) => f.replace(CATALOG, "ports: [9999]", "ports: [9998]")) });
  const report = diffSides(base, portMoved);
  expect(access(report)).toEqual(
    everywhere([
      "`tcp 9998` from role `st-server` to role `st-server`: now **allowed** (rule `st-tm-jmx`); was denied (rule `st-deny-all-tcp`)",
      "`tcp 9999` from role `st-server` to role `st-server`: now **denied** (rule `st-deny-all-tcp`); was allowed (rule `st-tm-jmx`)",
    ]),
  );
  expect(resources(report, "prod-aws")).toEqual({
    ...noChange,
    added: ["aws_vpc_security_group_ingress_rule.st_server_ingress_st_tm_jmx_tcp_9998_self"],
    destroyed: ["aws_vpc_security_group_ingress_rule.st_server_ingress_st_tm_jmx_tcp_9999_self"],
  });
  expect(resources(report, "prod-gcp")).toEqual({ ...noChange, changed: ["google_compute_firewall.st_prod_in_allow_st_server_from_st_server: allow"] });
  expect(resources(report, "prod-azure")).toEqual({ ...noChange, changed: ["azurerm_network_security_rule.st_server_in_allow_st_cluster_cache_tcp: destination_port_ranges"] });
  expect(risks(report)).toEqual([]);
  // docs/review.md shows this review as the reviewer sees it.
  const readme = readFileSync(path.join(ROOT, "docs", "review.md"), "utf8");
  const shown = /<!-- diff-example: [^>]*-->\n```markdown\n([\s\S]*?)\n```/.exec(readme)?.[1];
  expect(renderMarkdown({ ...report, base: "HEAD", head: "working tree" }).trimEnd()).toBe(shown);
});

test("GIVEN a rule removed (and a range widened) THEN its port falls to the deny below it, and the range is summarised, not enumerated", async () => {
  const report = await review((f) => {
    const text = f.read(CATALOG);
    const start = text.indexOf("  - id: st-tomcat-shutdown");
    f.write(CATALOG, text.slice(0, start) + text.slice(text.indexOf("  - id: st-tomcat-jk")));
    f.replace(CATALOG, "ports: [7800-7802]", "ports: [7800-7810]");
  });
  expect(access(report)).toEqual(
    everywhere([
      "`tcp 7803-7810` from role `st-server` to role `st-server`: now **allowed** (rule `st-hibernate-cache`); was denied (rule `st-deny-all-tcp`)",
      "`tcp 8005` from role `st-server` to role `st-server`: now **denied** (rule `st-deny-all-tcp`); was allowed (rule `st-tomcat-shutdown`)",
    ]),
  );
  expect(resources(report, "dev-aws")).toEqual({
    ...noChange,
    added: ["aws_vpc_security_group_ingress_rule.st_server_ingress_st_hibernate_cache_tcp_7800_7810_self"],
    destroyed: [
      "aws_vpc_security_group_ingress_rule.st_server_ingress_st_hibernate_cache_tcp_7800_7802_self",
      "aws_vpc_security_group_ingress_rule.st_server_ingress_st_tomcat_shutdown_tcp_8005_self",
    ],
  });
  expect(resources(report, "dev-gcp").changed).toEqual(["google_compute_firewall.st_dev_in_allow_st_server_from_st_server: allow, description"]);
  expect(risks(report)).toEqual([]);
});

test("GIVEN a deny inserted above an allow THEN the allow's port closes, with the new deny responsible; GCP adds a deny and renumbers nobody", async () => {
  const report = await review((f) =>
    f.replace(
      CATALOG,
      "  - id: st-tm-jmx\n",
      "  - id: st-deny-jmx\n    target: st-server\n    direction: ingress\n    action: deny\n    peer: role:st-server\n    protocol: tcp\n    ports: [9999]\n    description: JMX closed between servers\n\n  - id: st-tm-jmx\n",
    ),
  );
  expect(access(report)).toEqual(everywhere(["`tcp 9999` from role `st-server` to role `st-server`: now **denied** (rule `st-deny-jmx`); was allowed (rule `st-tm-jmx`)"]));
  expect(resources(report, "prod-aws")).toEqual({ ...noChange, destroyed: ["aws_vpc_security_group_ingress_rule.st_server_ingress_st_tm_jmx_tcp_9999_self"] });
  expect(resources(report, "prod-gcp")).toEqual({
    ...noChange,
    added: ["google_compute_firewall.st_prod_in_allow_st_server_from_st_server_st_tm_jmx", "google_compute_firewall.st_prod_in_deny_st_server_from_st_server"],
    // The denies below keep their priorities (docs/priorities.md): the new firewalls take free ones.
    changed: ["google_compute_firewall.st_prod_in_allow_st_server_from_st_server: allow, description"],
  });
  expect(risks(report)).toEqual([]);
});

test("GIVEN an address added to admin-host in prod THEN the administration port opens to it there only, called out as a risk", async () => {
  const report = await review((f) => f.replace("environments/prod.yaml", "admin-host: [10.30.0.10/32, 10.30.0.11/32]", "admin-host: [10.30.0.10/32, 10.30.0.11/32, 10.30.0.12/32]"), "prod");
  // Every tier the Administration host administers opens to it.
  const lines = [
    "`tcp 1521, 2484` from 10.30.0.12/32 (set admin-host) to role `st-db`: now **allowed** (rule `st-db-admin`); was denied (default)",
    "`tcp 3389` from 10.30.0.12/32 (set admin-host) to role `st-db`: now **allowed** (rule `st-db-admin-rdp`); was denied (default)",
    "`tcp 22` from 10.30.0.12/32 (set admin-host) to role `st-edge`: now **allowed** (rule `st-edge-admin-ssh`); was denied (default)",
    "`tcp 444` from 10.30.0.12/32 (set admin-host) to role `st-edge`: now **allowed** (rule `st-edge-admin-tool`); was denied (default)",
    "`tcp 33060` from 10.30.0.12/32 (set admin-host) to role `st-edge`: now **allowed** (rule `st-edge-admin-db`); was denied (default)",
    "`tcp 444` from 10.30.0.12/32 (set admin-host) to role `st-server`: now **allowed** (rule `st-admin-tool-https`); was denied (rule `st-deny-all-tcp`)",
    "`tcp 22` from 10.30.0.12/32 (set admin-host) to role `st-storage`: now **allowed** (rule `st-storage-admin-ssh`); was denied (default)",
  ];
  require("fs").writeFileSync(
    "/tmp/access.json",
    JSON.stringify({ access: access(report), aws: resources(report, "prod-aws"), gcp: resources(report, "prod-gcp"), azure: resources(report, "prod-azure") }, null, 1),
  );
  expect(access(report)).toEqual({ prod: { aws: lines, azure: lines, gcp: lines } });
  expect(resources(report, "prod-aws")).toEqual({
    ...noChange,
    added: [
      "aws_vpc_security_group_ingress_rule.st_db_ingress_st_db_admin_rdp_tcp_3389_10_30_0_12_32",
      "aws_vpc_security_group_ingress_rule.st_db_ingress_st_db_admin_tcp_1521_10_30_0_12_32",
      "aws_vpc_security_group_ingress_rule.st_db_ingress_st_db_admin_tcp_2484_10_30_0_12_32",
      "aws_vpc_security_group_ingress_rule.st_edge_ingress_st_edge_admin_db_tcp_33060_10_30_0_12_32",
      "aws_vpc_security_group_ingress_rule.st_edge_ingress_st_edge_admin_ssh_tcp_22_10_30_0_12_32",
      "aws_vpc_security_group_ingress_rule.st_edge_ingress_st_edge_admin_tool_tcp_444_10_30_0_12_32",
      "aws_vpc_security_group_ingress_rule.st_server_ingress_st_admin_tool_https_tcp_444_10_30_0_12_32",
      "aws_vpc_security_group_ingress_rule.st_storage_ingress_st_storage_admin_ssh_tcp_22_10_30_0_12_32",
    ],
  });
  expect(resources(report, "prod-gcp")).toEqual({
    ...noChange,
    changed: [
      "google_compute_firewall.st_prod_in_allow_st_db_from_admin_host: source_ranges",
      "google_compute_firewall.st_prod_in_allow_st_edge_from_admin_host: source_ranges",
      "google_compute_firewall.st_prod_in_allow_st_server_from_admin_host: source_ranges",
      "google_compute_firewall.st_prod_in_allow_st_storage_from_admin_host: source_ranges",
    ],
  });
  // One risk per administration port and tier the new address reaches.
  expect(risks(report)).toEqual(Array(5).fill("prod admin-port-reachable aws+azure+gcp"));
  expect(report.risks.map((r) => r.message)).toEqual([
    "administration port 22 newly reachable: `tcp 22` from 10.30.0.12/32 (set admin-host) to role `st-edge` (rule `st-edge-admin-ssh`)",
    "administration port 22 newly reachable: `tcp 22` from 10.30.0.12/32 (set admin-host) to role `st-storage` (rule `st-storage-admin-ssh`)",
    "administration port 3389 newly reachable: `tcp 3389` from 10.30.0.12/32 (set admin-host) to role `st-db` (rule `st-db-admin-rdp`)",
    "administration port 444 newly reachable: `tcp 444` from 10.30.0.12/32 (set admin-host) to role `st-edge` (rule `st-edge-admin-tool`)",
    "administration port 444 newly reachable: `tcp 444` from 10.30.0.12/32 (set admin-host) to role `st-server` (rule `st-admin-tool-https`)",
  ]);
});

test("GIVEN a role description edited THEN no access changes and no group is replaced: only the AWS group's catalog-role-description tag changes in place", async () => {
  const report = await review((f) => f.replace(CATALOG, "description: SecureTransport Server nodes of one cluster", "description: SecureTransport Server nodes of the cluster"));
  expect(access(report)).toEqual({});
  expect(risks(report)).toEqual([]);
  for (const env of ["dev", "prod", "staging"]) {
    expect(resources(report, `${env}-aws`)).toEqual({ ...noChange, changed: ["aws_security_group.st_server: tags"] });
    expect(resources(report, `${env}-azure`)).toEqual(noChange);
    expect(resources(report, `${env}-gcp`)).toEqual(noChange);
  }
  expect(report.accessChanged).toBe(false);
});

test("GIVEN the VPC id changed in staging THEN its security group and rules are replaced; nothing else moves", async () => {
  const report = await review((f) => f.replace("environments/staging.yaml", "vpcId: vpc-0b2c3d4e5f6071829", "vpcId: vpc-0b2c3d4e5f6071830"));
  expect(access(report)).toEqual({});
  // Every tier's group, and with it every rule of staging-aws (5 groups and 110 rule entries).
  expect(risks(report)).toEqual(["st_db", "st_edge", "st_lb", "st_server", "st_storage"].map((g) => `staging security-group-replaced aws aws_security_group.${g}`));
  expect(report.risks[0].message).toContain("(vpc_id cannot change in place)");
  expect(resources(report, "staging-aws").replaced).toHaveLength(115);
  for (const stack of ["dev-aws", "dev-azure", "dev-gcp", "prod-aws", "prod-azure", "prod-gcp", "staging-azure", "staging-gcp"]) expect(resources(report, stack)).toEqual(noChange);
});

test("GIVEN the GCP network changed in prod THEN every firewall is replaced, and each deny's re-creation is a window", async () => {
  // Both of prod's GCP networks (internal, and the DMZ of the load balancer and Edges).
  const report = await review((f) => {
    f.replace("environments/prod.yaml", "network: st-prod-vpc,", "network: st-prod-vpc-2,");
    f.replace("environments/prod.yaml", "network: st-prod-dmz,", "network: st-prod-dmz-2,");
  }, "prod");
  expect(access(report)).toEqual({});
  // The Servers' deny rows, and the egress default deny of every tier whose default is deny (IPv4 and IPv6).
  expect(risks(report)).toEqual([
    ...["st_db", "st_edge", "st_lb", "st_storage"].flatMap((r) => [
      `prod deny-window gcp google_compute_firewall.st_prod_eg_default_deny_${r}`,
      `prod deny-window gcp google_compute_firewall.st_prod_eg_default_deny_${r}_v6`,
    ]),
    "prod deny-window gcp google_compute_firewall.st_prod_in_deny_st_server_from_any",
    "prod deny-window gcp google_compute_firewall.st_prod_in_deny_st_server_from_any_v6",
  ]);
  expect(resources(report, "prod-gcp").replaced).toHaveLength(36);
});

test("GIVEN admin-host widened from a host to a /16 and st-tm-jmx from its role to 10.0.0.0/8 in dev THEN both widenings and the opened administration port are risks", async () => {
  const report = await review((f) => {
    f.replace("environments/dev.yaml", "admin-host: [10.10.0.10/32]", "admin-host: [10.10.0.0/16]");
    f.replace(CATALOG, "    peer: role:st-server\n    protocol: tcp\n    ports: [9999]", "    peer: 10.0.0.0/8\n    protocol: tcp\n    ports: [9999]");
  }, "dev");
  // Every tier the Administration host reaches, one risk per administration port; one widening per rule naming admin-host, and st-tm-jmx's.
  expect(risks(report)).toEqual([...Array(5).fill("dev admin-port-reachable aws+azure+gcp"), ...Array(8).fill("dev address-widened ")]);
  expect(report.risks.map((r) => r.message)).toEqual([
    "administration port 22 newly reachable: `tcp 22` from 10.10.0.0/16 (set admin-host) to role `st-edge` (rule `st-edge-admin-ssh`)",
    "administration port 22 newly reachable: `tcp 22` from 10.10.0.0/16 (set admin-host) to role `st-storage` (rule `st-storage-admin-ssh`)",
    "administration port 3389 newly reachable: `tcp 3389` from 10.10.0.0/16 (set admin-host) to role `st-db` (rule `st-db-admin-rdp`)",
    "administration port 444 newly reachable: `tcp 444` from 10.10.0.0/16 (set admin-host) to role `st-edge` (rule `st-edge-admin-tool`)",
    "administration port 444 newly reachable: `tcp 444` from 10.10.0.0/16 (set admin-host) to role `st-server` (rule `st-admin-tool-https`)",
    "rule `st-admin-tool-https` in `dev`: address set `admin-host` widened from 1 address (10.10.0.10/32) to 65,536 (10.10.0.0/16)",
    "rule `st-db-admin-rdp` in `dev`: address set `admin-host` widened from 1 address (10.10.0.10/32) to 65,536 (10.10.0.0/16)",
    "rule `st-db-admin` in `dev`: address set `admin-host` widened from 1 address (10.10.0.10/32) to 65,536 (10.10.0.0/16)",
    "rule `st-edge-admin-db` in `dev`: address set `admin-host` widened from 1 address (10.10.0.10/32) to 65,536 (10.10.0.0/16)",
    "rule `st-edge-admin-ssh` in `dev`: address set `admin-host` widened from 1 address (10.10.0.10/32) to 65,536 (10.10.0.0/16)",
    "rule `st-edge-admin-tool` in `dev`: address set `admin-host` widened from 1 address (10.10.0.10/32) to 65,536 (10.10.0.0/16)",
    "rule `st-storage-admin-ssh` in `dev`: address set `admin-host` widened from 1 address (10.10.0.10/32) to 65,536 (10.10.0.0/16)",
    "rule `st-tm-jmx` in `dev`: peer widened from the members of role `st-server` to 16,777,216 addresses (10.0.0.0/8)",
  ]);
  const lines = [
    "`tcp 3389` from 10.10.0.0/16 (set admin-host) to role `st-db`: now **allowed** (rule `st-db-admin-rdp`); was denied (default)",
    "`tcp 5432` from 10.10.0.0/16 (set admin-host) to role `st-db`: now **allowed** (rule `st-db-admin`); was denied (default)",
    "`tcp 22` from 10.10.0.0/16 (set admin-host) to role `st-edge`: now **allowed** (rule `st-edge-admin-ssh`); was denied (default)",
    "`tcp 444` from 10.10.0.0/16 (set admin-host) to role `st-edge`: now **allowed** (rule `st-edge-admin-tool`); was denied (default)",
    "`tcp 33060` from 10.10.0.0/16 (set admin-host) to role `st-edge`: now **allowed** (rule `st-edge-admin-db`); was denied (default)",
    "`tcp 444` from 10.10.0.0/16 (set admin-host) to role `st-server`: now **allowed** (rule `st-admin-tool-https`); was denied (rule `st-deny-all-tcp`)",
    "`tcp 9999` from 10.0.0.0/8 to role `st-server`: now **allowed** (rule `st-tm-jmx`); was denied (rule `st-deny-all-tcp`)",
    // Servers inside 10.0.0.0/8 keep 9999 (the line above); those elsewhere lose it.
    "`tcp 9999` from role `st-server` (members in other IPv4 addresses) to role `st-server`: now **denied** (rule `st-deny-all-tcp`); was allowed (rule `st-tm-jmx`)",
    "`tcp 22` from 10.10.0.0/16 (set admin-host) to role `st-storage`: now **allowed** (rule `st-storage-admin-ssh`); was denied (default)",
  ];
  expect(access(report)).toEqual({ dev: { aws: lines, azure: lines, gcp: lines } });
});

test("GIVEN an earlier cdktf.out as the base THEN its rules are named from its coverage report", async () => {
  const earlier = readSynthesisSide(process.env.FW_TEST_SYNTH_OUTDIR!, "cdktf.out");
  const report = diffSides(earlier, portMoved);
  expect(access(report).staging).toEqual({
    aws: [
      "`tcp 9998` from role `st-server` to role `st-server`: now **allowed** (rule `st-tm-jmx`); was denied (default)",
      "`tcp 9999` from role `st-server` to role `st-server`: now **denied** (rule `st-deny-all-tcp`); was allowed (rule `st-tm-jmx`)",
    ],
    azure: [
      "`tcp 9998` from role `st-server` to role `st-server`: now **allowed** (rule `st-tm-jmx`); was denied (rule `st-deny-all-tcp`)",
      "`tcp 9999` from role `st-server` to role `st-server`: now **denied** (rule `st-deny-all-tcp`); was allowed (rule `st-tm-jmx`)",
    ],
    gcp: [
      "`tcp 9998` from role `st-server` to role `st-server`: now **allowed** (rule `st-tm-jmx`); was denied (rule `st-deny-all-tcp`)",
      "`tcp 9999` from role `st-server` to role `st-server`: now **denied** (rule `st-deny-all-tcp`); was allowed (rule `st-tm-jmx`)",
    ],
  });
  expect(report.notes).toEqual(expect.arrayContaining([expect.stringContaining("address widening is judged from catalogs")]));
});

test("GIVEN every resource type our stacks contain THEN its cloud's registry row has change rules for it (no 'replacement unknown' for our own resources)", () => {
  const missing: string[] = [];
  for (const cloud of cloudDefinitions()) {
    const types = new Set(base.stacks.filter((s) => s.cloud === cloud.id).flatMap((s) => Object.keys(s.json.resource ?? {})));
    expect(types.size).toBeGreaterThan(0);
    for (const type of types) if (!cloud.changeRules || !(type in cloud.changeRules.replacedWhen)) missing.push(`${cloud.id}: ${type}`);
  }
  expect(missing).toEqual([]);
});

test("GIVEN an environment removed and one added THEN the new stacks are created whole; the removed ones are left unmanaged, not destroyed", async () => {
  const report = await review((f) => {
    f.write("environments/qa.yaml", f.read("environments/dev.yaml").replace("name: dev", "name: qa"));
    rmSync(path.join(f.root, "environments/dev.yaml"));
  });
  expect(report.environments.map((e) => [e.name, e.status, e.clouds.map((c) => c.status)])).toEqual([
    ["dev", "removed", ["removed", "removed", "removed"]],
    ["prod", "compared", ["compared", "compared", "compared"]],
    ["qa", "added", ["added", "added", "added"]],
    ["staging", "compared", ["compared", "compared", "compared"]],
  ]);
  expect(resources(report, "dev-aws")).toEqual(noChange);
  expect(report.environments[0].clouds[0].unmanaged).toHaveLength(108);
  expect(resources(report, "qa-aws").added).toContain("aws_security_group.st_server");
  expect(report.accessChanged).toBe(true);
  expect(report.risks).toEqual([]);
  const md = renderMarkdown(report);
  expect(md).toContain("- `dev`: environment removed (`dev-aws`, `dev-azure`, `dev-gcp`)");
  expect(md).toContain("- `dev-aws`: stack removed: Terraform no longer manages its 108 resources");
});

describe("GIVEN plans given with --plan", () => {
  const outdir = () => process.env.FW_TEST_SYNTH_OUTDIR!;
  const writePlan = (plan: unknown) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-review-plan-"));
    scratch.push(dir);
    const file = path.join(dir, "plan.json");
    writeFileSync(file, typeof plan === "string" ? plan : JSON.stringify(plan));
    return file;
  };

  /** Ingress rule addresses of prod-aws, as its plan names them. */
  const ingress = () =>
    [...resourcesOf(readSynthesisSide(outdir(), "cdktf.out").stacks.find((s) => s.name === "prod-aws")!.json).keys()].filter((a) => a.startsWith("aws_vpc_security_group_ingress_rule.")).sort();

  test("THEN a plan's actions decide what happens to that stack's resources", () => {
    const side = readSynthesisSide(outdir(), "cdktf.out");
    const [a, b, c, d] = ingress();
    const plan = writePlan({
      format_version: "1.2",
      resource_changes: [
        { address: "aws_security_group.st_server", mode: "managed", change: { actions: ["delete", "create"], replace_paths: [["vpc_id"]] } },
        { address: a, mode: "managed", change: { actions: ["create"] } },
        { address: b, mode: "managed", change: { actions: ["delete"] } },
        { address: c, mode: "managed", change: { actions: ["update"], before: { description: "x", to_port: 1 }, after: { description: "y", to_port: 1 } } },
        { address: d, mode: "managed", change: { actions: ["no-op"] } },
        { address: "data.aws_vpc.main", mode: "data", change: { actions: ["read"] } },
      ],
    });
    const report = diffSides(side, side, { plans: new Map([["prod-aws", plan]]) });
    const prod = report.environments.find((e) => e.name === "prod")!.clouds.find((c) => c.cloud === "aws")!;
    expect(prod.resources).toEqual({
      stack: "prod-aws",
      cloud: "aws",
      source: "plan",
      added: [a],
      destroyed: [b],
      changed: [{ address: c, attributes: ["description"] }],
      replaced: [{ address: "aws_security_group.st_server", reasons: ["Terraform replaces it (vpc_id)"] }],
    });
    expect(report.risks.map((r) => `${r.environment} ${r.kind} ${r.resource}`)).toEqual(["prod security-group-replaced aws_security_group.st_server"]);
    expect(report.accessChanged).toBe(false);
  });

  test.each([
    ["not JSON", "{", "DIFF_PLAN_UNREADABLE"],
    ["not a plan", { resources: [] }, "DIFF_PLAN_NOT_A_PLAN"],
    ["unknown actions", { format_version: "1.2", resource_changes: [{ address: "aws_security_group.st_server", change: { actions: ["forget"] } }] }, "DIFF_PLAN_UNKNOWN_ACTION"],
    ["a null resource change", { format_version: "1.2", resource_changes: [null] }, "DIFF_PLAN_NOT_A_PLAN"],
    ["actions that are a word, not a list", { format_version: "1.2", resource_changes: [{ address: "aws_security_group.st_server", change: { actions: "create" } }] }, "DIFF_PLAN_NOT_A_PLAN"],
    ["a change without actions (read as no change before)", { format_version: "1.2", resource_changes: [{ address: "aws_security_group.st_server", change: {} }] }, "DIFF_PLAN_NOT_A_PLAN"],
    ["an address that is no text", { format_version: "1.2", resource_changes: [{ address: 7, change: { actions: ["create"] } }] }, "DIFF_PLAN_NOT_A_PLAN"],
    [
      "replace paths that are no lists",
      { format_version: "1.2", resource_changes: [{ address: "aws_security_group.st_server", change: { actions: ["delete", "create"], replace_paths: ["vpc_id"] } }] },
      "DIFF_PLAN_NOT_A_PLAN",
    ],
  ])("WHEN it is %s THEN it is refused", (_name, content, code) => {
    const side = readSynthesisSide(outdir(), "cdktf.out");
    expect(thrown(() => diffSides(side, side, { plans: new Map([["prod-aws", writePlan(content)]]) }))).toEqual({ error: "ConfigError", codes: [code] });
  });

  test("WHEN a plan names a stack neither side has THEN it is refused", () => {
    const side = readSynthesisSide(outdir(), "cdktf.out");
    expect(thrown(() => diffSides(side, side, { plans: new Map([["prod-oci", "p.json"]]) }))).toEqual({ error: "ConfigError", codes: ["DIFF_PLAN_UNKNOWN_STACK"] });
  });
});
