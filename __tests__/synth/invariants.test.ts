/** Catalog invariants: parsed with the rules' syntax, judged on every cloud's rendering at synthesis, listed in the coverage report. */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { cidrContains, cidrsOverlap, ConfigError, internetCidrs, NOT_INTERNET_V4, parseCatalog, SynthesisError } from "../../policy";
import { synthesizeAll } from "../../synth/synthesize";

const CATALOG = readFileSync("catalog/securetransport.yaml", "utf8");

/** The example catalog and environments in a scratch folder, with `invariants` replacing the catalog's own. */
function workspace(invariants: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-invariants-"));
  cpSync("catalog", path.join(dir, "catalog"), { recursive: true });
  cpSync("environments", path.join(dir, "environments"), { recursive: true });
  const text = CATALOG.replace(/\ninvariants:\n[\s\S]*$/, "\n") + `\ninvariants:\n${invariants}`;
  writeFileSync(path.join(dir, "catalog", "securetransport.yaml"), text);
  return { catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "cdktf.out") };
}

const ADMIN_TOOL_FROM_ANY = `  - id: admin-tool-not-from-anywhere
    description: The Administration Tool is never open to every address
    never: { from: any, to: st-server, protocol: tcp, ports: [444] }
`;

describe("GIVEN catalog invariants", () => {
  test("GIVEN the issue's example (never tcp 444 from any to st-server) WHEN synthesizing THEN it is refused on every cloud, naming the invariant and st-admin-tool-https, and nothing is written", async () => {
    const ws = workspace(ADMIN_TOOL_FROM_ANY);
    let error: unknown;
    await synthesizeAll({ ...ws, only: ["prod"] }).catch((e) => (error = e));
    expect(error).toBeInstanceOf(SynthesisError);
    expect((error as SynthesisError).code).toBe("CATALOG_INVARIANT_BROKEN");
    const lines = (error as Error).message.split("\n").slice(1);
    expect(lines).toHaveLength(3);
    for (const [line, cloud] of lines.map((l, i) => [l, ["AWS", "Azure", "GCP"][i]])) {
      expect(line).toMatch(new RegExp(`invariant "admin-tool-not-from-anywhere" .* is broken on ${cloud} \\(stack prod-\\w+\\) by rule st-admin-tool-https`));
      expect(line).toMatch(/securetransport\.yaml:\d+:\d+: /);
    }
    expect(existsSync(ws.outdir)).toBe(false);
  });

  test("GIVEN invariants that hold (never and always) THEN synthesis succeeds and the coverage report lists them", async () => {
    const ws = workspace(`  - id: no-ssh-from-addresses
    description: SSH only from the cluster itself
    never: { from: any, to: st-server, protocol: tcp, ports: [22] }
  - id: admin-host-reaches-admin-tool
    description: The administration host reaches the Administration Tool
    always: { from: set:admin-host, to: st-server, protocol: tcp, ports: [444] }
  - id: cluster-pings
    description: Servers ping each other
    always: { from: role:st-server, to: st-server, protocol: icmp }
`);
    await synthesizeAll({ ...ws, only: ["dev"] });
    const report = JSON.parse(readFileSync(path.join(ws.outdir, "reports", "dev.json"), "utf8"));
    expect(report.invariants.map((i: { id: string; kind: string; holds: boolean }) => [i.id, i.kind, i.holds])).toEqual([
      ["no-ssh-from-addresses", "never", true],
      ["admin-host-reaches-admin-tool", "always", true],
      ["cluster-pings", "always", true],
    ]);
    const md = readFileSync(path.join(ws.outdir, "reports", "dev.md"), "utf8");
    expect(md).toMatch(/## Invariants\n\n.*\n\n- `no-ssh-from-addresses`: never tcp 22 from any to st-server\./);
  });

  test("GIVEN an always invariant the catalog does not keep THEN it is refused, naming the denying rule", async () => {
    const ws = workspace(`  - id: anyone-on-https
    description: Everyone reaches 444
    always: { from: any, to: st-server, protocol: tcp, ports: [443-444] }
`);
    const error = await synthesizeAll({ ...ws, only: ["dev"] }).catch((e) => e);
    expect(error).toBeInstanceOf(SynthesisError);
    expect(error.code).toBe("CATALOG_INVARIANT_BROKEN");
    expect(error.message).toMatch(/by rules? [^:]*st-deny-all-tcp/);
  });

  test.each([
    ["an unknown role as to", "    never: { from: any, to: nobody, protocol: tcp, ports: [22] }", "CATALOG_INVARIANT_INVALID"],
    ["an unknown set", "    never: { from: set:nowhere, to: st-server, protocol: tcp, ports: [22] }", "CATALOG_INVARIANT_INVALID"],
    ["a bad CIDR", "    never: { from: 10.0.0.0/33, to: st-server, protocol: tcp, ports: [22] }", "CATALOG_INVARIANT_INVALID"],
    ["ports on icmp", "    never: { from: any, to: st-server, protocol: icmp, ports: [22] }", "CATALOG_INVARIANT_INVALID"],
    ["a port out of range", "    never: { from: any, to: st-server, protocol: tcp, ports: [70000] }", "CATALOG_INVARIANT_INVALID"],
  ])("GIVEN an invariant with %s THEN the catalog is refused with a located problem", (_name, flow, code) => {
    const text = CATALOG.replace(/\ninvariants:\n[\s\S]*$/, "\n") + `\ninvariants:\n  - id: broken\n    description: a broken invariant\n${flow}\n`;
    let error: unknown;
    try {
      parseCatalog(text, "catalog/test.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).codes).toContain(code);
    expect((error as ConfigError).problems[0].location?.file).toBe("catalog/test.yaml");
  });

  test("GIVEN an invariant on a port protocol without ports THEN it is about every port (a rule must list its ports)", () => {
    const text = CATALOG.replace(/\ninvariants:\n[\s\S]*$/, "\n") + "\ninvariants:\n  - id: no-tcp-from-partners\n    description: d\n    never: { from: set:partners, to: st-db, protocol: tcp }\n";
    const [inv] = parseCatalog(text, "catalog/test.yaml").invariants!;
    expect(inv.ports).toEqual([{ from: 0, to: 65535 }]);
    const rule = CATALOG.replace("    ports: [22]\n", "\n");
    expect(rule).not.toBe(CATALOG);
    expect(() => parseCatalog(rule, "catalog/test.yaml")).toThrow(expect.objectContaining({ codes: expect.arrayContaining(["CATALOG_PORTS_MISSING"]) }));
  });

  test.each([
    ["both never and always", "    never: { from: any, to: st-server, protocol: tcp, ports: [22] }\n    always: { from: any, to: st-server, protocol: tcp, ports: [22] }"],
    ["neither never nor always", "    sometimes: { from: any, to: st-server, protocol: tcp, ports: [22] }"],
    ["no to", "    never: { from: any, protocol: tcp, ports: [22] }"],
  ])("GIVEN an invariant with %s THEN the schema refuses it", (_name, body) => {
    const text = CATALOG.replace(/\ninvariants:\n[\s\S]*$/, "\n") + `\ninvariants:\n  - id: broken\n    description: a broken invariant\n${body}\n`;
    expect(() => parseCatalog(text, "catalog/test.yaml")).toThrow(ConfigError);
  });
});

describe("GIVEN an invariant the environment cannot judge", () => {
  /** An invariant to ext-tool and one from set:ghost (withOutsiders declares both). */
  const OUTSIDER_INVARIANTS = `  - id: nothing-into-ext
    description: Nothing reaches the other team's tool over SSH
    never: { from: any, to: ext-tool, protocol: tcp, ports: [22] }
  - id: ghost-never-ssh
    description: The ghost set never reaches SSH
    never: { from: set:ghost, to: st-server, protocol: tcp, ports: [22] }
`;

  /** A role the rules only name as a peer, and an address set no environment binds, each with an invariant. */
  const withOutsiders = (ws: ReturnType<typeof workspace>, environment: (text: string) => string) => {
    const file = path.join(ws.catalogDir, "securetransport.yaml");
    const text = readFileSync(file, "utf8")
      .replace("\nroles:\n", "\nroles:\n  - id: ext-tool\n    description: A tool another team manages\n    egressDefault: deny\n")
      .replace("\naddressSets:\n", "\naddressSets:\n  - id: ghost\n    description: A set no environment binds\n");
    writeFileSync(file, text);
    const env = path.join(ws.environmentsDir, "dev.yaml");
    writeFileSync(env, environment(readFileSync(env, "utf8")));
  };

  test("GIVEN its receiving role bound to addresses, or its sender an unbound address set THEN synthesis refuses, located at the invariant, naming the environment", async () => {
    const ws = workspace(OUTSIDER_INVARIANTS);
    withOutsiders(ws, (text) => `${text}roles:\n  ext-tool:\n    addresses: [10.99.0.0/24]\n`);
    const error = await synthesizeAll({ ...ws, only: ["dev"] }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).codes).toEqual(["ENV_INVARIANT_TARGET_BOUND_TO_ADDRESSES", "ENV_ADDRESS_SET_UNBOUND"]);
    for (const [problem, id] of (error as ConfigError).problems.map((p, i) => [p, ["nothing-into-ext", "ghost-never-ssh"][i]] as const)) {
      expect(problem.location?.file).toMatch(/securetransport\.yaml$/);
      expect(problem.subject).toBe(`environment "dev", invariant "${id}"`);
    }
    expect(existsSync(ws.outdir)).toBe(false);
  });

  test("GIVEN the role managed and the set bound THEN the same invariants are judged, and hold", async () => {
    const ws = workspace(OUTSIDER_INVARIANTS);
    withOutsiders(ws, (text) => text.replace("\naddressSets:\n", "\naddressSets:\n  ghost: [192.0.2.0/24]\n"));
    await expect(synthesizeAll({ ...ws, only: ["dev"] })).resolves.toBeDefined();
  });
});

describe("GIVEN invariants from the Internet (every public address)", () => {
  const INTERNET_INTO_DB = `  - id: internet-never-into-database
    description: No Internet address reaches the external database
    never: { from: internet, to: st-db, protocol: all }
`;
  const dbAdminFrom = (peer: string) => (ws: ReturnType<typeof workspace>) => {
    const file = path.join(ws.catalogDir, "securetransport.yaml");
    const text = readFileSync(file, "utf8");
    const rule = "  - id: st-db-admin\n    target: st-db\n    direction: ingress\n    action: allow\n    peer: set:admin-host\n";
    expect(text).toContain(rule);
    writeFileSync(file, text.replace(rule, rule.replace("set:admin-host", peer)));
  };

  test("GIVEN the database's admin rule opened to 0.0.0.0/0 THEN synthesis refuses it on every cloud, naming st-db-admin", async () => {
    const ws = workspace(INTERNET_INTO_DB);
    dbAdminFrom("0.0.0.0/0")(ws);
    let error: unknown;
    await synthesizeAll({ ...ws, only: ["dev"] }).catch((e) => (error = e));
    expect(error).toBeInstanceOf(SynthesisError);
    expect((error as SynthesisError).code).toBe("CATALOG_INVARIANT_BROKEN");
    const lines = (error as Error).message.split("\n").slice(1);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/invariant "internet-never-into-database" \(never all from internet to st-db\) is broken on \w+ \(stack dev-\w+\) by rule st-db-admin/);
  });

  test.each([
    ["a private network (10.0.0.0/8)", "10.0.0.0/8"],
    ["the shared CGNAT range (100.64.0.0/10)", "100.64.0.0/10"],
  ])("GIVEN the database's admin rule opened to %s THEN the invariant holds: those are not the Internet", async (_name, cidr) => {
    const ws = workspace(INTERNET_INTO_DB);
    dbAdminFrom(cidr)(ws);
    await synthesizeAll({ ...ws, only: ["dev"] });
    const report = JSON.parse(readFileSync(path.join(ws.outdir, "reports", "dev.json"), "utf8"));
    expect(report.invariants).toEqual([expect.objectContaining({ id: "internet-never-into-database", holds: true })]);
  });

  test.each([
    ["a public range (8.8.8.0/24)", "8.8.8.0/24", "CATALOG_INVARIANT_BROKEN"],
    ["a documentation range (TEST-NET-3, 203.0.113.0/24: not globally reachable)", "203.0.113.0/24", "written"],
  ])("GIVEN the database's admin rule opened to %s THEN synthesis says %s", async (_name, cidr, outcome) => {
    const ws = workspace(INTERNET_INTO_DB);
    dbAdminFrom(cidr)(ws);
    expect(
      await synthesizeAll({ ...ws, only: ["dev"] }).then(
        () => "written",
        (e: SynthesisError) => e.code,
      ),
    ).toBe(outcome);
  });

  test("GIVEN the Internet's IPv4 ranges THEN with the ranges that are not the Internet they partition the address space, and IPv6 adds global unicast without its documentation range", () => {
    const v4 = internetCidrs(false);
    const all = [...v4, ...NOT_INTERNET_V4];
    for (const a of all) for (const b of all) if (a !== b) expect({ a, b, overlap: cidrsOverlap(a, b) }).toEqual({ a, b, overlap: false });
    const size = (c: string) => 2n ** BigInt(32 - Number(c.split("/")[1]));
    expect(all.reduce((n, c) => n + size(c), 0n)).toBe(2n ** 32n);
    const v6 = internetCidrs(true).filter((c) => c.includes(":"));
    expect(internetCidrs(true)).toEqual([...v4, ...v6]);
    for (const c of v6) expect({ c, inside: cidrContains("2000::/3", c), documentation: cidrsOverlap(c, "2001:db8::/32") }).toEqual({ c, inside: true, documentation: false });
    expect(v6.reduce((n, c) => n + 2n ** BigInt(128 - Number(c.split("/")[1])), 0n) + 2n ** 96n).toBe(2n ** 125n);
  });
});
