import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { CLOUD_IDS } from "../../modules/clouds";
import { bindPolicy, ConfigError, formatProblem, parseCatalog } from "../../policy";
import { bindingsOf, loadBoundEnvironments, loadEnvironmentFile, loadEnvironments, parseEnvironment } from "../../stacks/environment";
import { environmentSchema, environmentSchemaText } from "../../stacks/environment-schema";
import { thrown } from "../support/thrown";
import { secureTransportSeedTierPolicy } from "../support/policies";

const GOOD = `name: qa
catalog: securetransport
namePrefix: st
addressSets:
  admin-host: [10.0.0.1/32]
aws:
  region: eu-west-1
  vpcId: vpc-0123456789abcdef0
  backend:
    s3: { bucket: my-state, region: eu-west-1 }
gcp:
  project: my-project-1
  region: europe-west1
  network: my-vpc
  backend:
    gcs: { bucket: my-state }
azure:
  subscriptionId: 00000000-0000-4000-8000-000000000000
  resourceGroup: rg-fw
  location: westeurope
  backend:
    azurerm: { storageAccount: mystate, container: tfstate }
`;

describe("example environments", () => {
  test("GIVEN the example environments THEN dev, staging and prod ship with every cloud", () => {
    const envs = loadEnvironments("environments");
    expect(envs.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
    for (const e of envs) for (const id of CLOUD_IDS) expect(e[id]).toBeDefined();
    // The Administration host differs per environment.
    expect(new Set(envs.map((e) => JSON.stringify(e.addressSets["admin-host"]))).size).toBe(3);
  });

  test("GIVEN environment names THEN only those are kept; an unknown name is an error listing the known ones", () => {
    expect(loadEnvironments("environments", ["prod"]).map((e) => e.name)).toEqual(["prod"]);
    expect(thrown(() => loadEnvironments("environments", ["qa"]))).toEqual({ error: "ConfigError", codes: ["ENV_UNKNOWN_ENVIRONMENT"] });
  });

  test("GIVEN an environment THEN its bindings carry the address sets and the IPv6 switch", () => {
    const prod = loadEnvironments("environments", ["prod"])[0];
    expect(bindingsOf(prod)).toEqual(expect.objectContaining({ environment: "prod", ipv6: true, file: "environments/prod.yaml" }));
  });
});

describe("configuration errors name the environment and the field", () => {
  const cases: [string, string, RegExp][] = [
    ["malformed VPC id", GOOD.replace("vpc-0123456789abcdef0", "vpc-XYZ"), /qa\.yaml:8:10: environment "qa": aws\.vpcId: "vpc-XYZ" is not valid\. VPC id: vpc- followed by 8 or 17/],
    ["malformed project id", GOOD.replace("my-project-1", "My_Project"), /qa\.yaml:12:12: environment "qa": gcp\.project: "My_Project" is not valid\. GCP project id/],
    ["unknown field", GOOD.replace("namePrefix: st", "namePrefix: st\nregion: x"), /environment "qa": unknown field "region"\. Remove it or use one of: name, catalog/],
    [
      "missing backend",
      GOOD.replace("  backend:\n    s3: { bucket: my-state, region: eu-west-1 }\n", ""),
      /qa\.yaml:7:3: environment "qa": aws: missing required field "backend"\. Add "backend": where the state lives: s3 \(one key per stack\) or local \(a relative path\)\./,
    ],
    [
      "absolute local state path",
      GOOD.replace("s3: { bucket: my-state, region: eu-west-1 }", "local: { path: /var/state.tfstate }"),
      /^environments\/qa\.yaml:10:20: environment "qa": aws\.backend\.local\.path: "\/var\/state\.tfstate" is not valid\. Relative path of the state file \(never absolute\)\.$/,
    ],
    ["name differs from file", GOOD.replace("name: qa", "name: other"), /environment "other": name "other" differs from the file name qa\.yaml/],
    ["no cloud", GOOD.split("aws:")[0], new RegExp(`environment "qa": names no cloud\\. Add a section for one or more of the clouds: ${CLOUD_IDS.join(", ")}\\.`)],
    [
      "reserved AWS tag key",
      GOOD.replace("vpcId: vpc-0123456789abcdef0", "vpcId: vpc-0123456789abcdef0\n  tags: { aws:owner: me }"),
      /qa\.yaml:9:11: environment "qa": aws\.tags: invalid key "aws:owner"\. AWS tag key: 1-128 characters, not starting with aws:/,
    ],
    [
      "AWS tag value too long",
      GOOD.replace("vpcId: vpc-0123456789abcdef0", `vpcId: vpc-0123456789abcdef0\n  tags: { owner: ${"x".repeat(257)} }`),
      /qa\.yaml:9:18: environment "qa": aws\.tags\.owner: "x{57}\.\.\." is 257 characters long; at most 256 are allowed\. AWS tag value: at most 256 characters\./,
    ],
    [
      "GCP label key GCP rejects",
      GOOD.replace("network: my-vpc", "network: my-vpc\n  labels: { Cost-Centre: x }"),
      /qa\.yaml:15:13: environment "qa": gcp\.labels: invalid key "Cost-Centre"\. GCP label key: a lower-case letter/,
    ],
    [
      "GCP label value GCP rejects",
      GOOD.replace("network: my-vpc", "network: my-vpc\n  labels: { owner: Platform Security }"),
      /qa\.yaml:15:20: environment "qa": gcp\.labels\.owner: "Platform Security" is not valid\. GCP label value/,
    ],
  ];
  test.each(cases)("GIVEN %s THEN a located error", (_name, text, expected) => {
    expect(() => parseEnvironment(text, "environments/qa.yaml")).toThrow(ConfigError);
    expect(() => parseEnvironment(text, "environments/qa.yaml")).toThrow(expected);
  });
});

describe("every environment mistake is located and says what to write", () => {
  const errorOf = (text: string): ConfigError => {
    try {
      parseEnvironment(text, "environments/qa.yaml");
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error("expected the environment to be rejected");
  };
  const aws = (from: string, to: string) => GOOD.replace(from, to);
  const cases: [string, string, string][] = [
    [
      "an empty file",
      "",
      "environments/qa.yaml:1:1: the file is empty: it holds no environment, only comments, blank lines or null. An environment file holds a mapping with the fields name, catalog, namePrefix, addressSets (see its JSON Schema).",
    ],
    [
      "a list",
      "- name: qa\n",
      "environments/qa.yaml:1:1: the file holds a list of 1 entry, not a mapping. An environment file holds a mapping with the fields name, catalog, namePrefix, addressSets (see its JSON Schema).",
    ],
    [
      "a quota above what AWS allows",
      aws("vpcId: vpc-0123456789abcdef0", "vpcId: vpc-0123456789abcdef0\n  rulesPerGroupQuota: 2000"),
      'environments/qa.yaml:9:23: environment "qa": aws.rulesPerGroupQuota: 2000 is outside 1-1000. The account\'s AWS quota "Inbound or outbound rules per security group" (Service Quotas, VPC): rule entries per group, direction and address family. Raise it in AWS first; AWS allows up to 1000, with this quota times "Security groups per network interface" at most 1000.',
    ],
    [
      "a quota of 0",
      aws("vpcId: vpc-0123456789abcdef0", "vpcId: vpc-0123456789abcdef0\n  rulesPerGroupQuota: 0"),
      'environments/qa.yaml:9:23: environment "qa": aws.rulesPerGroupQuota: 0 is outside 1-1000.',
    ],
    [
      "a quota as text",
      aws("vpcId: vpc-0123456789abcdef0", "vpcId: vpc-0123456789abcdef0\n  rulesPerGroupQuota: lots"),
      'environments/qa.yaml:9:23: environment "qa": aws.rulesPerGroupQuota: expected a whole number, found "lots".',
    ],
    [
      "an address set as a string",
      aws("admin-host: [10.0.0.1/32]", "admin-host: 10.0.0.1/32"),
      'environments/qa.yaml:5:15: environment "qa": addressSets.admin-host: expected a list, found "10.0.0.1/32".',
    ],
    ["a number as an address", aws("admin-host: [10.0.0.1/32]", "admin-host: [10]"), 'environments/qa.yaml:5:16: environment "qa": addressSets.admin-host: expected text, found 10.'],
    [
      "a role bound to no addresses",
      aws("addressSets:", "roles:\n  st-server: { addresses: [] }\naddressSets:"),
      'environments/qa.yaml:5:27: environment "qa": roles.st-server.addresses: the list is empty; at least 1 is needed.',
    ],
    [
      "an S3 backend without region",
      aws("s3: { bucket: my-state, region: eu-west-1 }", "s3: { bucket: my-state }"),
      'environments/qa.yaml:10:9: environment "qa": aws.backend.s3: missing required field "region". Add "region": region of the bucket.',
    ],
    [
      "an S3 bucket with capitals",
      aws("s3: { bucket: my-state, region: eu-west-1 }", "s3: { bucket: My-State, region: eu-west-1 }"),
      'environments/qa.yaml:10:19: environment "qa": aws.backend.s3.bucket: "My-State" is not valid. S3 bucket name.',
    ],
    [
      "an empty backend",
      aws("s3: { bucket: my-state, region: eu-west-1 }", "{}"),
      'environments/qa.yaml:10:5: environment "qa": aws.backend: a mapping is not an s3 or a local backend. Where the state lives: s3 (one key per stack) or local (a relative path).',
    ],
    [
      "a GCS backend for AWS",
      aws("s3: { bucket: my-state, region: eu-west-1 }", "gcs: { bucket: my-state }"),
      'environments/qa.yaml:10:5: environment "qa": aws.backend: a mapping is not an s3 or a local backend. Where the state lives: s3 (one key per stack) or local (a relative path).',
    ],
    [
      "a priority base out of range",
      aws("network: my-vpc", "network: my-vpc\n  priorityBase: 70000"),
      'environments/qa.yaml:15:17: environment "qa": gcp.priorityBase: 70000 is outside 0-65000. Lowest priority of the catalog\'s rules; the first rule gets base + step, and priorities are kept in environments/priorities/<env>.yaml (docs/priorities.md).',
    ],
    [
      "a logging typo",
      aws("network: my-vpc", "network: my-vpc\n  logging: true"),
      'environments/qa.yaml:15:12: environment "qa": gcp.logging: true is not one of false, "INCLUDE_ALL_METADATA", "EXCLUDE_ALL_METADATA". Firewall rule logging (log_config metadata), or false.',
    ],
    [
      "ipv6 as a word",
      aws("namePrefix: st", "namePrefix: st\nipv6: on"),
      'environments/qa.yaml:4:7: environment "qa": ipv6: expected true or false, found "on". When true, the peer any also means ::/0.',
    ],
    [
      "41 AWS tags",
      aws("vpcId: vpc-0123456789abcdef0", `vpcId: vpc-0123456789abcdef0\n  tags: { ${Array.from({ length: 41 }, (_, i) => `t${i}: v`).join(", ")} }`),
      'environments/qa.yaml:9:9: environment "qa": aws.tags: has 41 entries; at most 40 are allowed. Default tags on every resource (provider default_tags); with the module\'s own tags an AWS resource holds at most 50.',
    ],
    [
      "no address sets",
      aws("addressSets:\n  admin-host: [10.0.0.1/32]\n", ""),
      'environments/qa.yaml:1:1: environment "qa": missing required field "addressSets". Add "addressSets": CIDRs (or single addresses) for each address set the catalog uses.',
    ],
    [
      "a catalog path instead of a name",
      aws("catalog: securetransport", "catalog: catalog/securetransport.yaml"),
      'environments/qa.yaml:2:10: environment "qa": catalog: "catalog/securetransport.yaml" is not valid. Catalog name: the file catalog/<catalog>.yaml.',
    ],
    [
      "an identity typo",
      aws("network: my-vpc", "network: my-vpc\n  identity: tags"),
      'environments/qa.yaml:15:13: environment "qa": gcp.identity: "tags" is not one of "tag", "serviceAccount". How roles are identified: network tags or service accounts.',
    ],
    [
      "a misspelt addresses",
      aws("addressSets:", "roles:\n  st-server: { adresses: [10.0.0.0/8] }\naddressSets:"),
      'environments/qa.yaml:5:16: environment "qa": roles.st-server: unknown field "adresses". Remove it or use one of: addresses.',
    ],
    [
      "a provider version as a number",
      aws("vpcId: vpc-0123456789abcdef0", "vpcId: vpc-0123456789abcdef0\n  providerVersion: 5.1"),
      'environments/qa.yaml:9:20: environment "qa": aws.providerVersion: expected text, found 5.1. Version constraint of hashicorp/aws.',
    ],
    [
      "a region without its dash",
      aws("region: eu-west-1\n  vpcId", "region: eu-west1\n  vpcId"),
      'environments/qa.yaml:7:11: environment "qa": aws.region: "eu-west1" is not valid. AWS region, such as eu-west-1.',
    ],
    [
      "a duplicate key",
      aws("namePrefix: st", "namePrefix: st\nnamePrefix: xx"),
      'environments/qa.yaml:4:1: YAML error: key "namePrefix" appears twice in one mapping. Keep one of them: a repeated key would silently replace the first.',
    ],
    [
      "an alias to no anchor",
      aws("namePrefix: st", "namePrefix: *prefix"),
      "environments/qa.yaml:3:13: YAML error: alias *prefix refers to no anchor. Define &prefix before this alias, or write the value out.",
    ],
    ["a custom tag", aws("namePrefix: st", "namePrefix: !env st"), "environments/qa.yaml:3:13: YAML error: unknown tag !env. Remove the tag: write plain text, numbers, lists and mappings."],
  ];
  test.each(cases)("GIVEN %s THEN a located error", (_name, text, expected) => {
    const lines = errorOf(text).problems.map((p) => formatProblem(p));
    expect(lines.find((l) => l.startsWith(expected)) ?? lines.join("\n")).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });
});

describe("binding errors point at the entry of the environment file, once per mistake", () => {
  // The seed's server tier: GOOD binds its one address set (the whole deployment needs more, tested with the examples).
  const catalog = secureTransportSeedTierPolicy();
  const bindText = (text: string) => () => bindPolicy(catalog, bindingsOf(parseEnvironment(text, "environments/qa.yaml")));
  const problemsOf = (text: string): string[] => {
    try {
      bindText(text)();
    } catch (e) {
      if (e instanceof ConfigError) return e.problems.map((p) => formatProblem(p));
      throw e;
    }
    throw new Error("expected binding to fail");
  };

  test("GIVEN a bad CIDR in an address set THEN one error, at the list entry", () => {
    expect(problemsOf(GOOD.replace("admin-host: [10.0.0.1/32]", "admin-host:\n    - 10.0.0.1/32\n    - 10.0.0.300/32"))).toEqual([
      'environments/qa.yaml:7:7: environment "qa": address set "admin-host": "10.0.0.300/32" is not an IPv4 or IPv6 address or CIDR. Fix the address in environments/qa.yaml.',
    ]);
  });

  test("GIVEN the only CIDR of a set wrong THEN still one error, not a second one about an empty list", () => {
    expect(problemsOf(GOOD.replace("admin-host: [10.0.0.1/32]", "admin-host: [10.0.0.1/33]"))).toEqual([
      'environments/qa.yaml:5:16: environment "qa": address set "admin-host": "10.0.0.1/33" is not an IPv4 or IPv6 address or CIDR. Fix the address in environments/qa.yaml.',
    ]);
  });

  test("GIVEN host bits in a role's addresses THEN the error is at the entry", () => {
    expect(problemsOf(GOOD.replace("addressSets:", "roles:\n  st-server: { addresses: [10.1.2.3/16] }\naddressSets:"))).toContain(
      'environments/qa.yaml:5:28: environment "qa": role "st-server": CIDR "10.1.2.3/16" has host bits set. Write the network address 10.1.0.0/16 in environments/qa.yaml.',
    );
  });

  test("GIVEN an unknown address set or role THEN the error is at its key", () => {
    const problems = problemsOf(
      GOOD.replace("admin-host: [10.0.0.1/32]", "admin-host: [10.0.0.1/32]\n  adminhost: [10.0.0.2/32]").replace("addressSets:", "roles:\n  st-servers: { addresses: [10.0.0.0/8] }\naddressSets:"),
    );
    expect(problems).toEqual([
      'environments/qa.yaml:8:3: environment "qa": binds unknown address set "adminhost". Remove it in environments/qa.yaml, or declare it in catalog securetransport.',
      'environments/qa.yaml:5:3: environment "qa": binds unknown role "st-servers". Remove it in environments/qa.yaml, or declare it in catalog securetransport.',
    ]);
  });
});

describe("the environment schema", () => {
  test("GIVEN the schema composed from the cloud folders THEN the file editors read is the same, byte for byte (else run npm run schema:update)", () => {
    expect(readFileSync("environments/schema/environment.schema.json", "utf8")).toBe(environmentSchemaText());
  });

  test('GIVEN the catalog and environment schemas THEN every choice (oneOf, anyOf) has a title, which its refusal names instead of "not valid here"', () => {
    const untitled = (node: unknown, at: string): string[] =>
      node !== null && typeof node === "object"
        ? [...(("oneOf" in node || "anyOf" in node) && !("title" in node) ? [at] : []), ...Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => untitled(v, `${at}/${k}`))]
        : [];
    const catalogSchema = JSON.parse(readFileSync(path.join(__dirname, "../../catalog/schema/catalog.schema.json"), "utf8"));
    expect([...untitled(catalogSchema, "catalog"), ...untitled(environmentSchema(), "environment")]).toEqual([]);
  });

  test("GIVEN every cloud in the registry THEN its section is in the schema, checked there (an unknown field in it is an error)", () => {
    const schema = environmentSchema() as { properties: Record<string, unknown>; definitions: Record<string, unknown> };
    for (const id of CLOUD_IDS) {
      expect(schema.properties[id]).toEqual({ $ref: `#/definitions/${id}` });
      const text = `${GOOD}${id}:\n  surprise: 1\n`.replace(new RegExp(`^${id}:\\n(  .*\\n)+`, "m"), "");
      const e = thrown(() => parseEnvironment(text, "environments/qa.yaml"));
      expect(e.error).toBe("ConfigError");
      expect(e.codes).toContain("SCHEMA_UNKNOWN_FIELD");
    }
  });
});

describe("environment files that are not clean UTF-8 YAML", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "env-file-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (bytes: Buffer | string) => {
    const file = path.join(dir, "qa.yaml");
    writeFileSync(file, bytes);
    return file;
  };

  test("GIVEN a byte-order mark THEN the file is read", () => {
    expect(loadEnvironmentFile(write(`\uFEFF${GOOD}`)).name).toBe("qa");
  });

  test("GIVEN a Latin-1 byte THEN it is located, not read as U+FFFD", () => {
    const [before, after] = GOOD.split("my-vpc");
    // "é" in UTF-8 first, then a Latin-1 "é" (one byte 0xe9) in the label value
    const file = write(Buffer.concat([Buffer.from(`${before}my-vpc\n  labels: { team: \u00e9quipe-caf`), Buffer.from([0xe9]), Buffer.from(` }${after}`)]));
    expect(() => loadEnvironmentFile(file)).toThrow(
      new Error(`${file.split(path.sep).join("/")}:15:29: the file is not UTF-8 text: byte 0xe9 here is not valid UTF-8. Save the file as UTF-8 (it may be Latin-1, UTF-16 or a binary file).`),
    );
  });

  test("GIVEN a billion-laughs file THEN it is refused at the first alias", () => {
    const levels = ["a: &a [l, l, l, l, l, l, l, l, l]", ..."bcde".split("").map((c, i) => `${c}: &${c} [${Array(9).fill(`*${"abcd"[i]}`).join(", ")}]`)];
    const bomb = GOOD.replace("addressSets:", `${levels.join("\n")}\naddressSets:`);
    expect(thrown(() => parseEnvironment(bomb, "environments/qa.yaml"))).toEqual({ error: "ConfigError", codes: ["YAML_ALIAS_BOMB"] });
  });
});

describe("services bound per environment", () => {
  /** A catalog of our own (the example catalog declares no service): an FTP passive range without default, a database port with one. */
  const CATALOG = `name: mft
description: managed file transfer
roles:
  - id: ftp
    description: FTP servers
    egressDefault: deny
services:
  - id: ftp-passive
    description: FTP passive data ports
    protocol: tcp
  - id: db
    description: database port
    default: [5432]
rules:
  - id: ftp-in
    target: ftp
    direction: ingress
    action: allow
    peer: any
    protocol: tcp
    ports: [21, service:ftp-passive]
    description: FTP control and passive data
  - id: db-out
    target: ftp
    direction: egress
    action: allow
    peer: 10.20.0.0/16
    protocol: tcp
    ports: [service:db]
    description: the FTP servers keep their state in the database
`;
  const ENV = GOOD.replace("catalog: securetransport", "catalog: mft").replace("addressSets:\n  admin-host: [10.0.0.1/32]\n", "addressSets: {}\nservices:\n  ftp-passive: [30000-30100]\n");
  const FILE = "environments/qa.yaml";
  const policy = parseCatalog(CATALOG, "catalog/mft.yaml");
  const bind = (text: string) => bindPolicy(policy, bindingsOf(parseEnvironment(text, FILE)));
  const errorOf = (work: () => unknown): ConfigError => {
    try {
      work();
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error("expected a ConfigError");
  };
  /** The 1-based line of the first line of `text` that starts with `prefix`. */
  const lineOf = (text: string, prefix: string) => text.split("\n").findIndex((l) => l.startsWith(prefix)) + 1;

  test("GIVEN an environment that binds the passive range THEN its rules carry it and the default database port", () => {
    const env = parseEnvironment(ENV, FILE);
    expect(bindingsOf(env).services).toEqual({ "ftp-passive": ["30000-30100"] });
    const bound = bind(ENV);
    expect(bound.rules.map((r) => [r.id, r.ports])).toEqual([
      [
        "ftp-in",
        [
          { from: 21, to: 21 },
          { from: 30000, to: 30100 },
        ],
      ],
      ["db-out", [{ from: 5432, to: 5432 }]],
    ]);
  });

  test("GIVEN an environment that binds the database port too THEN its binding replaces the default", () => {
    const bound = bind(ENV.replace("  ftp-passive: [30000-30100]\n", "  ftp-passive: [30000-30100]\n  db: [6432, 6433]\n"));
    expect(bound.rules.find((r) => r.id === "db-out")!.ports).toEqual([{ from: 6432, to: 6433 }]);
  });

  test("GIVEN an environment without services THEN the range is missing: ENV_SERVICE_UNBOUND in that file, naming the service and the rule", () => {
    const text = ENV.replace("services:\n  ftp-passive: [30000-30100]\n", "");
    const e = errorOf(() => bind(text));
    expect(e.codes).toEqual(["ENV_SERVICE_UNBOUND"]);
    expect(e.problems[0].location?.file).toBe(FILE);
  });

  test("GIVEN a binding of an undeclared service THEN ENV_SERVICE_UNKNOWN at its key", () => {
    const text = ENV.replace("  ftp-passive: [30000-30100]\n", "  ftp-passive: [30000-30100]\n  pesit: [5001]\n");
    const e = errorOf(() => bind(text));
    expect(e.codes).toEqual(["ENV_SERVICE_UNKNOWN"]);
    expect(e.problems[0].location).toEqual({ file: FILE, line: lineOf(text, "  pesit:"), column: 3 });
  });

  test.each([
    ["a port above 65535", "[30000, 70000]", 2],
    ["a reversed range", "[30100-30000]", 1],
  ])("GIVEN %s as a service's ports THEN ENV_SERVICE_PORTS_INVALID at the entry", (_name, ports, entry) => {
    const text = ENV.replace("ftp-passive: [30000-30100]", `ftp-passive: ${ports}`);
    const e = errorOf(() => bind(text));
    expect(e.codes).toEqual(["ENV_SERVICE_PORTS_INVALID"]);
    expect(e.problems[0].location?.line).toBe(lineOf(text, "  ftp-passive:"));
    expect(e.problems[0].location?.column).toBe(`  ftp-passive: [${entry === 1 ? "" : "30000, "}`.length + 1);
  });

  test.each([
    ["a bare number", "30000"],
    ["an empty list", "[]"],
    ["a word", "[passive]"],
    ["a list of lists", "[[30000]]"],
    ["a map", "{ from: 30000, to: 30100 }"],
  ])("GIVEN %s as a service's ports THEN the schema refuses the file, at the value", (_name, value) => {
    const text = ENV.replace("ftp-passive: [30000-30100]", `ftp-passive: ${value}`);
    const e = errorOf(() => parseEnvironment(text, FILE));
    expect(e.problems.length).toBeGreaterThan(0);
    expect(e.problems.every((p) => p.location?.file === FILE && p.location.line === lineOf(text, "  ftp-passive:"))).toBe(true);
  });

  test("GIVEN catalog and environment folders THEN loadBoundEnvironments binds the services, and a missing binding names the environment file", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "env-services-"));
    try {
      const catalogDir = path.join(root, "catalog");
      const environmentsDir = path.join(root, "environments");
      for (const d of [catalogDir, environmentsDir]) mkdirSync(d);
      writeFileSync(path.join(catalogDir, "mft.yaml"), CATALOG);
      writeFileSync(path.join(environmentsDir, "qa.yaml"), ENV);
      const [{ bound }] = loadBoundEnvironments({ catalogDir, environmentsDir });
      expect(bound.services).toEqual({ "ftp-passive": [{ from: 30000, to: 30100 }], db: [{ from: 5432, to: 5432 }] });

      writeFileSync(path.join(environmentsDir, "qa.yaml"), ENV.replace("  ftp-passive: [30000-30100]\n", "  db: [5432]\n"));
      const e = errorOf(() => loadBoundEnvironments({ catalogDir, environmentsDir }));
      expect(e.codes).toEqual(["ENV_SERVICE_UNBOUND"]);
      expect(e.problems[0].location?.file).toBe(path.join(environmentsDir, "qa.yaml").split(path.sep).join("/"));
      expect(e.problems[0].location?.line).toBe(lineOf(ENV, "services:"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
