import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { awsDecide, loadAwsView } from "../../modules/aws/effective";
import { CLOUD_IDS, CloudId } from "../../modules/clouds";
import { gcpDecide, loadGcpView } from "../../modules/gcp/effective";
import { BoundPolicy, ConfigError, Flow, loadCatalogFile } from "../../policy";
import { loadBoundEnvironments } from "../../stacks/environment";
import { jsonPath } from "../../synth/synthesize";
import { synthesizeAll } from "../../synth/synthesize";
import { decide as catalogDecide } from "../../policy";
import { checkEnvironment } from "../../modules/engine/check";
import { addressCells } from "../../modules/engine/flows";
import { boundOf, rule } from "../support/policies";
import { readJson, synthesizeExamples } from "../support/synthesized";

const ENVIRONMENTS = loadBoundEnvironments();
const boundFor = (env: string): BoundPolicy => ENVIRONMENTS.find((e) => e.environment.name === env)!.bound;
/** The environment file's section of a cloud: where it places roles in several networks (prod on AWS and GCP), each cloud is held to the catalog as placed. */
const sectionOf = (env: string, cloud: CloudId) => ENVIRONMENTS.find((e) => e.environment.name === env)!.environment[cloud];

let outdir: string;
beforeAll(async () => {
  outdir = (await synthesizeExamples()).outdir;
});

describe("every example environment: catalog ≡ AWS ≡ Azure ≡ GCP", () => {
  test.each(ENVIRONMENTS.map((e) => e.environment.name))("GIVEN %s THEN catalog, AWS, Azure and GCP agree on every flow", (env) => {
    const stacks = CLOUD_IDS.map((cloud) => ({ cloud, json: readJson(jsonPath(outdir, `${env}-${cloud}`)), section: sectionOf(env, cloud) }));
    const report = checkEnvironment({ bound: boundFor(env), stacks });
    expect(report.flowsChecked).toBeGreaterThan(500);
    expect(report.disagreements.map((d) => d.explanation)).toEqual([]);
  });
});

describe("cloud semantics on small hand-written configurations", () => {
  const server = { kind: "role", role: "web", family: 4 } as const;
  const flow = (f: Partial<Flow>): Flow => ({ direction: "ingress", target: "web", peer: server, protocol: 6, port: 22, ...f });
  const gcp = (rules: Record<string, any>) => loadGcpView({ output: { network_tags: { value: { web: "t-web", db: "t-db" } } }, resource: { google_compute_firewall: rules } });

  test("GIVEN GCP rules THEN the lowest priority number wins; at equal priority deny wins; otherwise the implied rules decide", () => {
    const allow = { direction: "INGRESS", priority: 1000, target_tags: ["t-web"], source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["22"] }] };
    const deny = { ...allow, deny: [{ protocol: "tcp" }], allow: undefined };
    expect(gcpDecide(gcp({ a: allow, d: { ...deny, priority: 1001 } }), flow({})).action).toBe("allow");
    expect(gcpDecide(gcp({ a: allow, d: { ...deny, priority: 999 } }), flow({})).action).toBe("deny");
    expect(gcpDecide(gcp({ a: allow, d: deny }), flow({})).resources).toEqual(["google_compute_firewall.d"]);
    expect(gcpDecide(gcp({}), flow({})).action).toBe("deny");
    expect(gcpDecide(gcp({}), flow({ direction: "egress" })).action).toBe("allow");
  });

  test("GIVEN GCP sources and targets THEN tags match role members only; ranges match addresses; targets by tag", () => {
    const fromDb = { direction: "INGRESS", priority: 1000, target_tags: ["t-web"], source_tags: ["t-db"], allow: [{ protocol: "all" }] };
    const v = gcp({ r: fromDb });
    expect(gcpDecide(v, flow({ peer: { kind: "role", role: "db", family: 4 } })).action).toBe("allow");
    expect(gcpDecide(v, flow({ peer: { kind: "address", address: "10.0.0.1", family: 4 } })).action).toBe("deny");
    expect(gcpDecide(v, flow({ target: "db", peer: { kind: "role", role: "db", family: 4 } })).action).toBe("deny");
  });

  test("GIVEN AWS rules THEN the union of allows decides; group references match members; a CIDR holds a member at an address inside it (only /0 one of unknown address); icmp -1 is every type; -1 is every protocol", () => {
    const view = loadAwsView({
      output: { security_group_ids: { value: { web: "${aws_security_group.web.id}", db: "${aws_security_group.db.id}" } } },
      resource: {
        aws_security_group: { web: { name: "web" }, db: { name: "db" } },
        aws_vpc_security_group_ingress_rule: {
          ssh: { security_group_id: "${aws_security_group.web.id}", referenced_security_group_id: "${aws_security_group.db.id}", ip_protocol: "tcp", from_port: 22, to_port: 22 },
          ping: { security_group_id: "${aws_security_group.web.id}", cidr_ipv4: "10.0.0.0/8", ip_protocol: "icmp", from_port: -1, to_port: -1 },
        },
        aws_vpc_security_group_egress_rule: { all: { security_group_id: "${aws_security_group.web.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" } },
      },
    });
    expect(awsDecide(view, flow({ peer: { kind: "role", role: "db", family: 4 } }))).toEqual({ action: "allow", resources: ["aws_vpc_security_group_ingress_rule.ssh"] });
    expect(awsDecide(view, flow({ peer: { kind: "role", role: "web", family: 4 } })).action).toBe("deny");
    expect(awsDecide(view, flow({ peer: { kind: "address", address: "10.1.1.1", family: 4 }, protocol: 1, port: undefined })).action).toBe("allow");
    expect(awsDecide(view, flow({ peer: { kind: "role", role: "db", family: 4 }, protocol: 1, port: undefined })).action).toBe("deny");
    expect(awsDecide(view, flow({ direction: "egress", peer: { kind: "role", role: "db", family: 4 }, protocol: 47, port: undefined })).action).toBe("allow");
    expect(awsDecide(view, flow({ direction: "egress", peer: { kind: "role", role: "db", family: 6 }, protocol: 47, port: undefined })).action).toBe("deny");
    // A member at a concrete address: the 10.0.0.0/8 rule holds it inside, not outside.
    const dbAt = (address: string) => ({ kind: "role", role: "db", family: 4, address, lastAddress: address, cell: 0 }) as const;
    expect(awsDecide(view, flow({ peer: dbAt("10.1.1.1"), protocol: 1, port: undefined }))).toEqual({ action: "allow", resources: ["aws_vpc_security_group_ingress_rule.ping"] });
    expect(awsDecide(view, flow({ peer: dbAt("11.0.0.0"), protocol: 1, port: undefined })).action).toBe("deny");
    expect(awsDecide(view, flow({ peer: dbAt("11.0.0.0") })).action).toBe("allow");
  });

  test("GIVEN GCP sources THEN a source range holds a member at an address inside it; a tag holds it at any address", () => {
    const ranges = { direction: "INGRESS", priority: 1000, target_tags: ["t-web"], source_ranges: ["10.0.0.0/8"], allow: [{ protocol: "tcp", ports: ["22"] }] };
    const dbAt = (address: string) => ({ kind: "role", role: "db", family: 4, address, lastAddress: address, cell: 0 }) as const;
    expect(gcpDecide(gcp({ r: ranges }), flow({ peer: dbAt("10.255.255.255") })).action).toBe("allow");
    expect(gcpDecide(gcp({ r: ranges }), flow({ peer: dbAt("11.0.0.0") })).action).toBe("deny");
    expect(gcpDecide(gcp({ r: { ...ranges, source_tags: ["t-db"] } }), flow({ peer: dbAt("11.0.0.0") })).action).toBe("allow");
  });

  test("GIVEN catalog entries THEN a role entry matches members at any address, a CIDR entry members at an address inside it", () => {
    const bound = boundOf(
      [
        rule("no-meta", { direction: "egress", action: "deny", peer: "169.254.169.254/32", protocol: "all", ports: undefined }),
        rule("to-db", { direction: "egress", peer: "role:db", protocol: "tcp", ports: [5432] }),
      ],
      { egressDefault: "allow" },
    );
    const at = (address: string, port = 5432): Flow => ({
      direction: "egress",
      target: "web",
      peer: { kind: "role", role: "db", family: 4, address, lastAddress: address, cell: 0 } as Flow["peer"],
      protocol: 6,
      port,
    });
    expect(catalogDecide(bound, at("169.254.169.254")).rule?.id).toBe("no-meta");
    expect(catalogDecide(bound, at("169.254.169.255")).rule?.id).toBe("to-db");
    expect(catalogDecide(bound, at("169.254.169.255", 80))).toEqual({ action: "allow" });
    // Without an address only what holds every address matches (policy/semantics.ts).
    expect(catalogDecide(bound, { ...at("0.0.0.0"), peer: { kind: "role", role: "db", family: 4 } }).rule?.id).toBe("to-db");
  });

  test("GIVEN CIDRs THEN every boundary of a family cuts the address space into cells, each named by its first and last address", () => {
    expect(addressCells(["10.0.0.0/8", "10.1.0.0/16", "2001:db8::/32"], 4)).toEqual([
      { first: "0.0.0.0", last: "9.255.255.255" },
      { first: "10.0.0.0", last: "10.0.255.255" },
      { first: "10.1.0.0", last: "10.1.255.255" },
      { first: "10.2.0.0", last: "10.255.255.255" },
      { first: "11.0.0.0", last: "255.255.255.255" },
    ]);
    expect(addressCells(["0.0.0.0/0"], 4)).toEqual([{ first: "0.0.0.0", last: "255.255.255.255" }]);
    expect(addressCells(["2001:db8::/32"], 6).map((c) => c.first)).toEqual(["::", "2001:db8::", "2001:db9::"]);
  });
});

// The metadata deny and a deny carved out of an allow-from-any, added to a copy of the SecureTransport
// catalog: AWS carves its allows into CIDR pieces around them, GCP puts deny rules above its allows.
const CARVED_RULES = `rules:
  - { id: st-no-metadata, target: st-server, direction: egress, action: deny, peer: 169.254.169.254/32, protocol: all, description: Block the instance metadata address }
  - { id: st-no-https-from-blocked, target: st-server, direction: ingress, action: deny, peer: 203.0.113.0/24, protocol: tcp, ports: [8443], description: Block a hostile network from public HTTPS }
  - { id: st-https-public, target: st-server, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [8443], description: Public HTTPS }
`;
let carved: { outdir: string; bound: (env: string) => BoundPolicy };
beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-carved-"));
  const catalogDir = path.join(dir, "catalog");
  cpSync("catalog", catalogDir, { recursive: true });
  const file = path.join(catalogDir, "securetransport.yaml");
  // Public HTTPS from any opens the Servers to the Internet and the Edges, which the DMZ invariants refuse (as they
  // should): this copy drops those two.
  const text = readFileSync(file, "utf8").replace(/^rules:\n/m, CARVED_RULES);
  const withoutDmzInvariant = text.replace(/^  - id: (edge|internet)-never-into-servers\n(    .*\n)+/gm, "");
  expect(withoutDmzInvariant).not.toBe(text);
  writeFileSync(file, withoutDmzInvariant);
  await synthesizeAll({ outdir: path.join(dir, "out"), catalogDir, environmentsDir: "environments", priorities: "keep" });
  const environments = loadBoundEnvironments({ catalogDir });
  carved = { outdir: path.join(dir, "out"), bound: (env) => environments.find((e) => e.environment.name === env)!.bound };
}, 30_000);

describe("a deny carved out of an allow: role members at every address they could have", () => {
  test.each(ENVIRONMENTS.map((e) => e.environment.name))("GIVEN %s THEN AWS's CIDR pieces and GCP's deny above its allow both agree with the catalog", (env) => {
    const aws = readJson(jsonPath(carved.outdir, `${env}-aws`));
    // The rendering really is carved: the allow-all egress is many CIDR pieces, none holding 169.254.169.254.
    const egress = Object.values<any>(aws.resource.aws_vpc_security_group_egress_rule)
      .map((r) => r.cidr_ipv4)
      .filter(Boolean);
    expect(egress.length).toBeGreaterThan(20);
    const report = checkEnvironment({
      bound: carved.bound(env),
      stacks: [
        { cloud: "aws", json: aws, section: sectionOf(env, "aws") },
        { cloud: "gcp", json: readJson(jsonPath(carved.outdir, `${env}-gcp`)), section: sectionOf(env, "gcp") },
      ],
    });
    expect(report.disagreements.map((d) => d.explanation)).toEqual([]);
  });
});

describe("the checker catches every single mutation of the synthesized rules", () => {
  // Each mutation changes one thing in one resource; each must produce a disagreement.
  type Mutation = { name: string; cloud: CloudId; apply: (json: any) => void };
  const env = "prod";
  const disagreesAfter = (dir: string, bound: BoundPolicy, m: Mutation): boolean => {
    const json = readJson(jsonPath(dir, `${env}-${m.cloud}`));
    m.apply(json);
    // Only the mutated cloud is checked against the catalog: the other one is untouched.
    // A configuration the reader refuses (exit 2, "cannot tell") is caught too.
    try {
      const report = checkEnvironment({ bound, stacks: [{ cloud: m.cloud, json, section: sectionOf(env, m.cloud) }], firstOnly: true });
      return report.disagreements.length > 0 || report.findings.length > 0;
    } catch (e) {
      if (e instanceof ConfigError && e.codes.every((c) => c.startsWith("VERIFY_"))) return true;
      throw e;
    }
  };

  // An explicit egress allow of a role whose egress default is allow (the Servers' allowlist of AG rules
  // 15-20) decides nothing AWS's rendered allow-all does not: the catalog and AWS admit its traffic either
  // way, so every mutant of it is equivalent and none is asked. The allow-all's own entries are.
  const allowDefaultRoles = new Set(
    loadCatalogFile("catalog/securetransport.yaml")
      .roles.filter((r) => r.egressDefault === "allow")
      .map((r) => r.id),
  );
  const restatesAllowDefault = (body: any) => allowDefaultRoles.has(body.tags?.["catalog-role"]) && body.tags?.["catalog-rule"] !== undefined;

  test("GIVEN the mutants left out as equivalent THEN they are exactly the Servers' explicit egress allows", () => {
    const aws = readJson(jsonPath(outdir, `${env}-aws`));
    const left = Object.values<any>(aws.resource.aws_vpc_security_group_egress_rule).filter(restatesAllowDefault);
    // The source sides of the Servers' flows (st-streaming-out …) are left out, carried by the allow-all egress: nothing rendered to mutate.
    const serverEgressAllows = loadCatalogFile("catalog/securetransport.yaml").rules.filter(
      (r) => r.target === "st-server" && r.direction === "egress" && r.action === "allow" && r.flow?.side !== "source",
    );
    expect(serverEgressAllows.length).toBeGreaterThan(0);
    expect([...allowDefaultRoles]).toEqual(["st-server"]);
    expect([...new Set(left.map((b) => b.tags["catalog-rule"]))].sort()).toEqual(serverEgressAllows.map((r) => r.id).sort());
  });

  function mutations(dir: string): Mutation[] {
    const aws = readJson(jsonPath(dir, `${env}-aws`));
    const gcp = readJson(jsonPath(dir, `${env}-gcp`));
    const out: Mutation[] = [];
    for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
      for (const [id, body] of Object.entries<any>(aws.resource[type] ?? {})) {
        if (type === "aws_vpc_security_group_egress_rule" && restatesAllowDefault(body)) continue;
        const r = (j: any) => j.resource[type][id];
        out.push({ name: `AWS delete ${id}`, cloud: "aws", apply: (j) => delete j.resource[type][id] });
        if (body.from_port > 0) {
          out.push({ name: `AWS ${id} from_port +1`, cloud: "aws", apply: (j) => (r(j).from_port += 1) });
          out.push({ name: `AWS ${id} to_port -1 or +1`, cloud: "aws", apply: (j) => (r(j).to_port += r(j).to_port > r(j).from_port ? -1 : 1) });
        }
        out.push({ name: `AWS ${id} protocol changed`, cloud: "aws", apply: (j) => (r(j).ip_protocol = r(j).ip_protocol === "udp" ? "tcp" : r(j).ip_protocol === "-1" ? "tcp" : "udp") });
        if (body.referenced_security_group_id) {
          out.push({
            name: `AWS ${id} peer group → 10.9.9.0/24`,
            cloud: "aws",
            apply: (j) => {
              delete r(j).referenced_security_group_id;
              r(j).cidr_ipv4 = "10.9.9.0/24";
            },
          });
        } else {
          out.push({
            name: `AWS ${id} peer CIDR → another network`,
            cloud: "aws",
            apply: (j) => {
              if (r(j).cidr_ipv4) r(j).cidr_ipv4 = r(j).cidr_ipv4 === "0.0.0.0/0" ? "10.0.0.0/8" : "10.99.0.0/16";
              else r(j).cidr_ipv6 = "2001:db8:99::/48";
            },
          });
        }
      }
    }
    out.push({
      name: "AWS extra allow tcp 3306 from 0.0.0.0/0",
      cloud: "aws",
      apply: (j) =>
        (j.resource.aws_vpc_security_group_ingress_rule.extra = {
          security_group_id: "${aws_security_group.st_server.id}",
          cidr_ipv4: "0.0.0.0/0",
          ip_protocol: "tcp",
          from_port: 3306,
          to_port: 3306,
        }),
    });
    for (const [id, body] of Object.entries<any>(gcp.resource.google_compute_firewall)) {
      const r = (j: any) => j.resource.google_compute_firewall[id];
      const blocks = (j: any) => r(j).allow ?? r(j).deny;
      out.push({ name: `GCP delete ${id}`, cloud: "gcp", apply: (j) => delete j.resource.google_compute_firewall[id] });
      (body.allow ?? body.deny).forEach((b: any, i: number) => {
        if (b.ports) {
          b.ports.forEach((p: string, k: number) =>
            out.push({
              name: `GCP ${id} ${b.protocol} port ${p} shifted`,
              cloud: "gcp",
              apply: (j) =>
                (blocks(j)[i].ports[k] = p
                  .split("-")
                  .map((n) => String(Number(n) + 1))
                  .join("-")),
            }),
          );
        }
        out.push({ name: `GCP ${id} block ${b.protocol} protocol changed`, cloud: "gcp", apply: (j) => (blocks(j)[i].protocol = b.protocol === "tcp" ? "sctp" : "tcp") });
        out.push({ name: `GCP ${id} block ${b.protocol} removed`, cloud: "gcp", apply: (j) => blocks(j).splice(i, 1) });
      });
      if (body.source_tags)
        out.push({
          name: `GCP ${id} source tag → range`,
          cloud: "gcp",
          apply: (j) => {
            delete r(j).source_tags;
            r(j).source_ranges = ["10.9.9.0/24"];
          },
        });
      if (body.source_ranges)
        out.push({
          name: `GCP ${id} source range changed`,
          cloud: "gcp",
          apply: (j) => (r(j).source_ranges = r(j).source_ranges.map((c: string) => (c.includes(":") ? "2001:db8:99::/48" : c === "0.0.0.0/0" ? "10.0.0.0/8" : "10.99.0.0/16"))),
        });
      if (body.destination_ranges)
        out.push({
          name: `GCP ${id} destination range changed`,
          cloud: "gcp",
          apply: (j) => (r(j).destination_ranges = r(j).destination_ranges.map((c: string) => (c.includes(":") ? "2001:db8:99::/48" : "10.99.0.0/16"))),
        });
      out.push({ name: `GCP ${id} target tag changed`, cloud: "gcp", apply: (j) => (r(j).target_tags = ["someone-else"]) });
      out.push({
        name: `GCP ${id} allow ↔ deny`,
        cloud: "gcp",
        apply: (j) => {
          const f = r(j);
          if (f.allow) {
            f.deny = f.allow;
            delete f.allow;
          } else {
            f.allow = f.deny;
            delete f.deny;
          }
        },
      });
    }
    out.push({ name: "GCP deny group moved above the server allows", cloud: "gcp", apply: (j) => (j.resource.google_compute_firewall.st_prod_in_deny_st_server_from_any.priority = 1) });
    out.push({
      name: "GCP deny group tied with the server allows (deny wins a tie)",
      cloud: "gcp",
      apply: (j) => (j.resource.google_compute_firewall.st_prod_in_deny_st_server_from_any.priority = 2000),
    });
    out.push({
      name: "GCP extra allow tcp 3306 from 0.0.0.0/0",
      cloud: "gcp",
      apply: (j) =>
        (j.resource.google_compute_firewall.extra = {
          direction: "INGRESS",
          priority: 100,
          target_tags: ["st-prod-st-server"],
          source_ranges: ["0.0.0.0/0"],
          allow: [{ protocol: "tcp", ports: ["3306"] }],
        }),
    });
    out.push({
      name: "GCP extra egress deny tcp 443 (catalog allows egress)",
      cloud: "gcp",
      apply: (j) =>
        (j.resource.google_compute_firewall.extra = {
          direction: "EGRESS",
          priority: 100,
          target_tags: ["st-prod-st-server"],
          destination_ranges: ["0.0.0.0/0"],
          deny: [{ protocol: "tcp", ports: ["443"] }],
        }),
    });
    // Rules the catalog never names: a network nobody mentions, a protocol nobody mentions.
    out.push({
      name: "AWS extra allow tcp 22 from an unrelated network",
      cloud: "aws",
      apply: (j) =>
        (j.resource.aws_vpc_security_group_ingress_rule.extra = {
          security_group_id: "${aws_security_group.st_server.id}",
          cidr_ipv4: "172.16.5.0/24",
          ip_protocol: "tcp",
          from_port: 22,
          to_port: 22,
        }),
    });
    out.push({
      name: "AWS extra allow ESP (protocol 50) from the admin host",
      cloud: "aws",
      apply: (j) => (j.resource.aws_vpc_security_group_ingress_rule.extra = { security_group_id: "${aws_security_group.st_server.id}", cidr_ipv4: "10.30.0.10/32", ip_protocol: "50" }),
    });
    out.push({
      name: "GCP extra allow protocol 50 from an unrelated network",
      cloud: "gcp",
      apply: (j) =>
        (j.resource.google_compute_firewall.extra = { direction: "INGRESS", priority: 100, target_tags: ["st-prod-st-server"], source_ranges: ["172.16.5.0/24"], allow: [{ protocol: "50" }] }),
    });
    return out;
  }

  test("GIVEN every mutation of prod's AWS and GCP stacks THEN each is caught", () => {
    const all = mutations(outdir);
    const missed = all.filter((m) => !disagreesAfter(outdir, boundFor(env), m)).map((m) => m.name);
    console.log(`mutations caught: ${all.length - missed.length}/${all.length} (AWS ${all.filter((m) => m.cloud === "aws").length}, GCP ${all.filter((m) => m.cloud === "gcp").length})`);
    expect(all.length).toBeGreaterThan(80);
    expect(missed).toEqual([]);
  });

  test("GIVEN every mutation of the carved rendering (metadata deny, deny carved from an allow-from-any) THEN each is caught", () => {
    const bound = carved.bound(env);
    const egress = "aws_vpc_security_group_egress_rule";
    const ingress = "aws_vpc_security_group_ingress_rule";
    const pieceNextTo = (j: any, address: string) => Object.entries<any>(j.resource[egress]).find(([, r]) => r.cidr_ipv4 && r.cidr_ipv4.startsWith(address))![0];
    const extra: Mutation[] = [
      // Only a member at the metadata address shows these: the catalog denies it whatever role it has.
      {
        name: "AWS extra egress allow to the st-server group (reopens the metadata address for members)",
        cloud: "aws",
        apply: (j) => (j.resource[egress].extra = { security_group_id: "${aws_security_group.st_server.id}", referenced_security_group_id: "${aws_security_group.st_server.id}", ip_protocol: "-1" }),
      },
      {
        name: "AWS extra ingress 8443 from the st-server group (opens it to members in the blocked network)",
        cloud: "aws",
        apply: (j) =>
          (j.resource[ingress].extra = {
            security_group_id: "${aws_security_group.st_server.id}",
            referenced_security_group_id: "${aws_security_group.st_server.id}",
            ip_protocol: "tcp",
            from_port: 8443,
            to_port: 8443,
          }),
      },
      {
        name: "GCP extra allow 8443 from st-server tags above the blocked network's deny",
        cloud: "gcp",
        apply: (j) =>
          (j.resource.google_compute_firewall.extra = {
            direction: "INGRESS",
            priority: 1,
            target_tags: ["st-prod-st-server"],
            source_tags: ["st-prod-st-server"],
            allow: [{ protocol: "tcp", ports: ["8443"] }],
          }),
      },
      // A carved piece widened over the metadata address (169.254.169.255/32 → 169.254.169.254/31).
      { name: "AWS carved egress piece widened to hold the metadata address", cloud: "aws", apply: (j) => (j.resource[egress][pieceNextTo(j, "169.254.169.255")].cidr_ipv4 = "169.254.169.254/31") },
      {
        name: "GCP metadata deny narrowed to a neighbour",
        cloud: "gcp",
        apply: (j) => (j.resource.google_compute_firewall.st_prod_eg_deny_st_server_to_169_254_169_254_32.destination_ranges = ["169.254.169.255/32"]),
      },
      {
        name: "GCP metadata deny below the allows' priority is still first (no allow): moved under an extra allow",
        cloud: "gcp",
        apply: (j) =>
          (j.resource.google_compute_firewall.extra = { direction: "EGRESS", priority: 1, target_tags: ["st-prod-st-server"], destination_ranges: ["169.254.0.0/16"], allow: [{ protocol: "all" }] }),
      },
    ];
    // Of the many CIDR pieces, mutate those next to the holes (/24 and longer); the wide ones behave alike.
    const wide = (name: string) => /_(\d+)$/.test(name) && Number(/_(\d+)$/.exec(name)![1]) < 24 && /egress_default_all|st_https_public/.test(name);
    // The carving is the Servers' (their metadata deny and public HTTPS): the other tiers' resources are the example's,
    // whose every mutation the test above catches.
    const resourceOf = (m: Mutation) => m.name.split(" ").find((w) => w.includes("_")) ?? "";
    const ofServers = (m: Mutation) => resourceOf(m) === "" || /^st_server_|^st_prod_(in|eg)_(allow|deny|default_deny)_st_server(_|$)/.test(resourceOf(m));
    const all = [...mutations(carved.outdir).filter((m) => ofServers(m) && !wide(resourceOf(m))), ...extra];
    const missed = all.filter((m) => !disagreesAfter(carved.outdir, bound, m)).map((m) => m.name);
    console.log(`carved rendering, mutations caught: ${all.length - missed.length}/${all.length}`);
    expect(all.length).toBeGreaterThan(100);
    expect(missed).toEqual([]);
  });
});
