import { bindPolicy, parseCatalog, SynthesisError } from "../../../policy";
import { secureTransportOnGcp } from "../../support/policies";
import { synth } from "./fixtures";
import { thrown } from "../../support/thrown";

describe("rendering errors name file:line:column of the rule", () => {
  test("GIVEN priorities that run out THEN a GCP_PRIORITY_RANGE_FULL error is located at a rule of the direction that does not fit", () => {
    // The whole SecureTransport deployment needs 14 ingress priorities on GCP; from 65521 only 13 (65521-65533) are left before the egress default deny's 65534.
    let error: unknown;
    try {
      synth(secureTransportOnGcp(), { priorityBase: 65521 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthesisError);
    expect((error as SynthesisError).code).toBe("GCP_PRIORITY_RANGE_FULL");
    expect((error as SynthesisError).location?.file).toBe("catalog/securetransport.yaml");
    expect(() => synth(secureTransportOnGcp(), { priorityBase: 65520 })).not.toThrow();
  });

  test("GIVEN an egress rule to a role THEN the error is located at the rule", () => {
    const bound = bindPolicy(
      parseCatalog(
        "name: t\ndescription: t\nroles:\n  - { id: web, description: w, egressDefault: deny }\n  - { id: db, description: d, egressDefault: deny }\nrules:\n  - { id: to-db, target: web, direction: egress, action: allow, peer: role:db, protocol: tcp, ports: [5432], description: db }\n",
        "catalog/t.yaml",
      ),
      { environment: "test", addressSets: {}, ipv6: false },
    );
    expect(thrown(() => synth(bound))).toEqual({ error: "SynthesisError", codes: ["GCP_EGRESS_TO_ROLE"] });
  });

  test("GIVEN a role without a service account THEN the error is located at the role", () => {
    const bound = bindPolicy(
      parseCatalog(
        "name: t\ndescription: t\nroles:\n  - { id: web, description: w, egressDefault: deny }\n  - { id: db, description: d, egressDefault: deny }\nrules:\n  - { id: https, target: web, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [443], description: https }\n",
        "catalog/t.yaml",
      ),
      { environment: "test", addressSets: {}, ipv6: false },
    );
    expect(() => synth(bound, { identity: "serviceAccount", serviceAccounts: { web: "w@p.iam.gserviceaccount.com" } })).toThrow(
      new Error('catalog/t.yaml:5:5: environment "test": identity is serviceAccount but no service account is given for role(s) db. Add them under gcp.serviceAccounts.'),
    );
  });
});
