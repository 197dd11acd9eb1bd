import { formatFindings, LINT_PACK, lintPolicy } from "../../policy/lint";
import { boundOf, rule, secureTransport } from "../support/policies";
import { bindPolicy, definePolicy, parseCatalog } from "../../policy";

const checksOf = (r: ReturnType<typeof lintPolicy>) => ({
  errors: r.errors.map((f) => `${f.check} ${f.subject}`),
  warnings: r.warnings.map((f) => `${f.check} ${f.subject}`),
  waived: r.waived.map((f) => `${f.check} ${f.subject}`),
});

describe("the SecureTransport catalog", () => {
  test.each([false, true])(
    "GIVEN the SecureTransport catalog with ipv6=%s THEN no errors, no warnings; the servers' allow-all egress and the Edges' egress to partners are waived with the catalog's reasons",
    (ipv6) => {
      const result = lintPolicy(secureTransport({ ipv6 }));
      const edgeToPartners = ["st-edge-out-http", "st-edge-out-as2", "st-edge-out-pesit", "st-edge-out-ftp-sftp"];
      expect(checksOf(result)).toEqual({
        errors: [],
        warnings: [],
        waived: [...edgeToPartners.map((id) => `egress-open-to-world rule "${id}"`), 'egress-open-to-world role "st-server"'],
      });
      const reasonOf = (subject: string) => result.waived.find((f) => f.subject === subject)!.reason;
      expect(reasonOf('role "st-server"')).toMatch(/Servers must reach Edges, database, mail/);
      for (const id of edgeToPartners) expect(reasonOf(`rule "${id}"`)).toMatch(/Partners are anywhere on the Internet/);
    },
  );
});

describe("each check", () => {
  test("GIVEN SSH, RDP or a catalog admin port from any THEN admin-port-open-to-any is an error; from a known set it is fine", () => {
    const r = lintPolicy(
      boundOf([rule("ssh", { peer: "any", ports: ["20-25"] }), rule("rdp-office", { peer: "set:office", ports: [3389] }), rule("wide", { peer: "0.0.0.0/1", protocol: "all", ports: undefined })]),
    );
    expect(r.errors.map((f) => f.message)).toEqual([
      "opens administration port(s) 22 to 0.0.0.0/0. Restrict the peer to an address set of administration hosts",
      "opens administration port(s) 22, 3389 to 0.0.0.0/1. Restrict the peer to an address set of administration hosts",
    ]);
    const bound = bindPolicy(
      definePolicy({
        name: "t",
        description: "t",
        adminPorts: [8443],
        roles: [{ id: "web", description: "w", egressDefault: "deny" }],
        addressSets: [{ id: "office", description: "o" }],
        rules: [rule("console", { peer: "set:office", ports: [8443] })],
      }),
      { environment: "open", addressSets: { office: ["0.0.0.0/0"] }, ipv6: false },
    );
    expect(checksOf(lintPolicy(bound)).errors).toEqual(['admin-port-open-to-any rule "console"']);
  });

  test("GIVEN all protocols or all ports THEN all-protocols-or-all-ports warns on allows only", () => {
    const r = lintPolicy(
      boundOf([rule("deny-all", { action: "deny", ports: "all" }), rule("all-tcp", { peer: "set:office", ports: "all" }), rule("all", { peer: "set:office", protocol: "all", ports: undefined })]),
    );
    expect(r.warnings.filter((f) => f.check === "all-protocols-or-all-ports").map((f) => f.ruleId)).toEqual(["all-tcp", "all"]);
  });

  test("GIVEN rules covered by earlier ones THEN shadowed-rule tells shadowed (other action) from redundant (same action), and leaves partial overlaps alone", () => {
    const r = lintPolicy(
      boundOf([
        rule("deny-ssh", { action: "deny", ports: [22] }),
        rule("ssh-office", { peer: "set:office", ports: [22] }),
        rule("web", { peer: "set:office", ports: ["80-90"] }),
        rule("web-again", { peer: "set:office", ports: [85] }),
        rule("web-more", { peer: "set:office", ports: ["85-95"] }),
        rule("from-db", { peer: "role:db", ports: [5432] }),
        rule("deny-tcp", { action: "deny", ports: "all" }),
        rule("db-again", { peer: "role:db", ports: [5432] }),
      ]),
    );
    const shadow = r.warnings.filter((f) => f.check === "shadowed-rule");
    expect(shadow.map((f) => [f.ruleId, f.message.split(":")[0]])).toEqual([
      ["ssh-office", "is shadowed"],
      ["web-again", "is redundant"],
      ["db-again", "is redundant"],
    ]);
    expect(shadow[0].message).toMatch(/"deny-ssh" with the opposite action/);
  });

  test("GIVEN an all-protocol rule THEN shadowed-rule sees it cover later rules of every protocol, but only for its own target and direction", () => {
    const r = lintPolicy(
      boundOf([
        rule("udp-first", { protocol: "udp", ports: [53] }),
        rule("deny-everything", { action: "deny", protocol: "all", ports: undefined }),
        rule("dns-udp", { protocol: "udp", ports: [53] }),
        rule("ping", { protocol: "icmp", ports: undefined }),
        rule("db-https", { target: "db" }),
        rule("web-egress", { direction: "egress" }),
      ]),
    );
    const shadow = r.warnings.filter((f) => f.check === "shadowed-rule");
    // dns-udp is decided by udp-first (same action) before the deny: redundant, naming the rule that did it.
    expect(shadow.map((f) => [f.ruleId, f.message.split(":")[0]])).toEqual([
      ["dns-udp", "is redundant"],
      ["ping", "is shadowed"],
    ]);
    expect(shadow[0].message).toMatch(/earlier rule\(s\) "udp-first" already allow/);
    expect(shadow[1].message).toMatch(/"deny-everything" with the opposite action/);
  });

  test("GIVEN placeholder descriptions and open egress THEN missing-or-default-description and egress-open-to-world fire", () => {
    const r = lintPolicy(boundOf([rule("x", { description: "TODO", peer: "set:office" }), rule("out", { direction: "egress", peer: "any", ports: [443] })], { egressDefault: "allow" }));
    expect(checksOf(r).warnings).toEqual(['missing-or-default-description rule "x"', 'egress-open-to-world rule "out"', 'egress-open-to-world role "web"']);
  });
});

describe("waivers", () => {
  test("GIVEN a waiver THEN the finding moves to waived with its reason; a stale waiver is itself a warning", () => {
    const r = lintPolicy(
      boundOf([
        rule("all-tcp", { peer: "set:office", ports: "all", waivers: [{ check: "all-protocols-or-all-ports", reason: "legacy app uses random ports" }] }),
        rule("fine", { peer: "set:office", protocol: "udp", ports: [53], waivers: [{ check: "shadowed-rule", reason: "kept for the auditors" }] }),
      ]),
    );
    expect(r.waived.map((f) => [f.ruleId, f.reason])).toEqual([["all-tcp", "legacy app uses random ports"]]);
    expect(r.warnings.map((f) => [f.check, f.ruleId])).toEqual([["unused-waiver", "fine"]]);
    expect(formatFindings(r, "dev")).toEqual([
      'warning [unused-waiver] environment "dev", rule "fine": waives "shadowed-rule", which does not fire here. Remove the waiver.',
      'waived [all-protocols-or-all-ports] environment "dev", rule "all-tcp": legacy app uses random ports',
    ]);
  });

  test("GIVEN the pack THEN it lists each check once with an explanation", () => {
    expect(new Set(LINT_PACK.map((c) => c.id)).size).toBe(LINT_PACK.length);
    for (const c of LINT_PACK) expect(c.explanation.length).toBeGreaterThan(40);
  });
});

describe("findings are located at the rule or role, as every other error", () => {
  test("GIVEN findings THEN formatFindings starts each line with file:line:column of the rule (and of the role for role findings)", () => {
    const policy = parseCatalog(
      "name: t\ndescription: t\nroles:\n  - { id: web, description: w, egressDefault: allow }\naddressSets:\n  - { id: office, description: o }\nrules:\n  - { id: ssh, target: web, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [22], description: SSH from anywhere }\n",
      "catalog/t.yaml",
    );
    const lines = formatFindings(lintPolicy(bindPolicy(policy, { environment: "dev", addressSets: { office: ["10.0.0.0/8"] }, ipv6: false })), "dev");
    expect(lines).toEqual([
      'catalog/t.yaml:8:5: error [admin-port-open-to-any] environment "dev", rule "ssh": opens administration port(s) 22 to 0.0.0.0/0. Restrict the peer to an address set of administration hosts.',
      'catalog/t.yaml:4:5: warning [egress-open-to-world] environment "dev", role "web": egress default is allow: every destination no rule denies is allowed. Prefer egressDefault: deny with egress rules.',
    ]);
  });
});
