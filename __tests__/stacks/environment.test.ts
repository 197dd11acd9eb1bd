import { readFileSync } from "fs";
import { CLOUD_IDS } from "../../modules/clouds";
import { ConfigError } from "../../policy";
import { bindingsOf, loadEnvironments, parseEnvironment } from "../../stacks/environment";
import { environmentSchema, environmentSchemaText } from "../../stacks/environment-schema";

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
`;

describe("example environments", () => {
  test("dev, staging and prod ship with both clouds", () => {
    const envs = loadEnvironments("environments");
    expect(envs.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
    for (const e of envs) {
      expect(e.aws).toBeDefined();
      expect(e.gcp).toBeDefined();
    }
    // The Administration host differs per environment.
    expect(new Set(envs.map((e) => JSON.stringify(e.addressSets["admin-host"]))).size).toBe(3);
  });

  test("selecting environments by name keeps only those; an unknown name is an error listing the known ones", () => {
    expect(loadEnvironments("environments", ["prod"]).map((e) => e.name)).toEqual(["prod"]);
    expect(() => loadEnvironments("environments", ["qa"])).toThrow(/environment "qa": unknown environment \(no environments\/qa\.yaml\)\. Use one of: dev, prod, staging/);
  });

  test("bindings carry the address sets and the IPv6 switch", () => {
    const prod = loadEnvironments("environments", ["prod"])[0];
    expect(bindingsOf(prod)).toEqual(expect.objectContaining({ environment: "prod", ipv6: true, file: "environments/prod.yaml" }));
  });
});

describe("configuration errors name the environment and the field", () => {
  const cases: [string, string, RegExp][] = [
    ["malformed VPC id", GOOD.replace("vpc-0123456789abcdef0", "vpc-XYZ"), /qa\.yaml:8:10: environment "qa": "vpcId" has an invalid value "vpc-XYZ"\. VPC id: vpc- followed by 8 or 17/],
    ["malformed project id", GOOD.replace("my-project-1", "My_Project"), /qa\.yaml:12:12: environment "qa": "project" has an invalid value "My_Project"\. GCP project id/],
    ["unknown field", GOOD.replace("namePrefix: st", "namePrefix: st\nregion: x"), /environment "qa": unknown field "region"\. Remove it or use one of: name, catalog/],
    ["missing backend", GOOD.replace("  backend:\n    s3: { bucket: my-state, region: eu-west-1 }\n", ""), /environment "qa": missing required field "backend"/],
    ["absolute local state path", GOOD.replace("s3: { bucket: my-state, region: eu-west-1 }", "local: { path: /var/state.tfstate }"), /qa\.yaml:10:5: environment "qa": "backend" must match exactly one schema in oneOf\. Where the state lives: s3 \(one key per stack\) or local \(a relative path\)/],
    ["name differs from file", GOOD.replace("name: qa", "name: other"), /environment "other": name "other" differs from the file name qa\.yaml/],
    ["no cloud", GOOD.split("aws:")[0], /environment "qa": names no cloud\. Add a section for one or more of the clouds: aws, gcp\./],
    ["reserved AWS tag key", GOOD.replace("vpcId: vpc-0123456789abcdef0", "vpcId: vpc-0123456789abcdef0\n  tags: { aws:owner: me }"), /qa\.yaml:9:11: environment "qa": "tags" has an invalid key "aws:owner"\. AWS tag key: 1-128 characters, not starting with aws:/],
    ["AWS tag value too long", GOOD.replace("vpcId: vpc-0123456789abcdef0", `vpcId: vpc-0123456789abcdef0\n  tags: { owner: ${"x".repeat(257)} }`), /qa\.yaml:9:18: environment "qa": "owner" must NOT have more than 256 characters/],
    ["GCP label key GCP rejects", GOOD.replace("network: my-vpc", "network: my-vpc\n  labels: { Cost-Centre: x }"), /qa\.yaml:15:13: environment "qa": "labels" has an invalid key "Cost-Centre"\. GCP label key: a lower-case letter/],
    ["GCP label value GCP rejects", GOOD.replace("network: my-vpc", "network: my-vpc\n  labels: { owner: Platform Security }"), /qa\.yaml:15:20: environment "qa": "owner" has an invalid value "Platform Security"\. GCP label value/],
  ];
  test.each(cases)("%s", (_name, text, expected) => {
    expect(() => parseEnvironment(text, "environments/qa.yaml")).toThrow(ConfigError);
    expect(() => parseEnvironment(text, "environments/qa.yaml")).toThrow(expected);
  });
});

describe("the environment schema", () => {
  test("GIVEN the schema composed from the cloud folders THEN the file editors read is the same, byte for byte (else run npm run schema:update)", () => {
    expect(readFileSync("environments/schema/environment.schema.json", "utf8")).toBe(environmentSchemaText());
  });

  test("every cloud in the registry has its section in the schema, checked there (an unknown field in it is an error)", () => {
    const schema = environmentSchema() as { properties: Record<string, unknown>; definitions: Record<string, unknown> };
    for (const id of CLOUD_IDS) {
      expect(schema.properties[id]).toEqual({ $ref: `#/definitions/${id}` });
      const text = `${GOOD}${id}:\n  surprise: 1\n`.replace(new RegExp(`^${id}:\\n(  .*\\n)+`, "m"), "");
      expect(() => parseEnvironment(text, "environments/qa.yaml")).toThrow(new RegExp(`environments/qa.yaml:\\d+:3: environment "qa": unknown field "surprise"`));
    }
  });
});
