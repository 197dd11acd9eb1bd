import { bindPolicy, parseCatalog } from "../../../policy";
import { secureTransport } from "../../support/policies";
import { synth } from "./fixtures";

describe("rendering errors name file:line:column of the rule", () => {
  test("GIVEN priorities that run out THEN the error is located at the first rule left without one, naming the settings to change", () => {
    // The SecureTransport catalog (read from YAML) needs 3 priorities; from 65530 in steps of 10 the second is already past 65534.
    expect(() => synth(secureTransport(), { priorityBase: 65530, priorityStep: 10 })).toThrow(
      new Error(
        'catalog/securetransport.yaml:106:5: environment "dev", rule "st-admin-tool-https": 3 firewall priorities from 65530 in steps of 10 pass 65534 (rule "st-admin-tool-https" would get 65540). Lower gcp.priorityBase or gcp.priorityStep in the environment file.',
      ),
    );
  });

  test("GIVEN only the egress default deny left over THEN the last rule is named with both priorities", () => {
    expect(() => synth(secureTransport(), { priorityBase: 65000, priorityStep: 200 })).toThrow(
      /^catalog\/securetransport\.yaml:\d+:5: environment "dev", rule "st-deny-all-tcp": 3 firewall priorities from 65000 in steps of 200 pass 65534 \(rule "st-deny-all-tcp" would get 65400, and the egress default deny after it 65600\)/,
    );
  });

  test("GIVEN an egress rule to a role THEN the error is located at the rule", () => {
    const bound = bindPolicy(parseCatalog("name: t\ndescription: t\nroles:\n  - { id: web, description: w, egressDefault: deny }\n  - { id: db, description: d, egressDefault: deny }\nrules:\n  - { id: to-db, target: web, direction: egress, action: allow, peer: role:db, protocol: tcp, ports: [5432], description: db }\n", "catalog/t.yaml"), { environment: "test", addressSets: {}, ipv6: false });
    expect(() => synth(bound)).toThrow(/^catalog\/t\.yaml:7:5: environment "test", rule "to-db": GCP egress rules can only name destination ranges/);
  });

  test("GIVEN a role without a service account THEN the error is located at the role", () => {
    const bound = bindPolicy(parseCatalog("name: t\ndescription: t\nroles:\n  - { id: web, description: w, egressDefault: deny }\n  - { id: db, description: d, egressDefault: deny }\nrules:\n  - { id: https, target: web, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [443], description: https }\n", "catalog/t.yaml"), { environment: "test", addressSets: {}, ipv6: false });
    expect(() => synth(bound, { identity: "serviceAccount", serviceAccounts: { web: "w@p.iam.gserviceaccount.com" } })).toThrow(
      new Error('catalog/t.yaml:5:5: environment "test": identity is serviceAccount but no service account is given for role(s) db. Add them under gcp.serviceAccounts.'),
    );
  });
});
