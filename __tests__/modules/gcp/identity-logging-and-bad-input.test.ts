import { synth, inOnly } from "./fixtures";
import { boundOf, rule, secureTransportOnGcp } from "../../support/policies";
import { thrown } from "../../support/thrown";

describe("identity, logging, bad input", () => {
  test("GIVEN identity serviceAccount THEN service accounts replace tags for targets and role sources", () => {
    const { fw } = synth(boundOf([rule("db-to-web", { peer: "role:db" })]), {
      identity: "serviceAccount",
      serviceAccounts: { web: "web@p.iam.gserviceaccount.com", db: "db@p.iam.gserviceaccount.com" },
    });
    const f = Object.values(inOnly(fw))[0] as any;
    expect(f).toEqual(expect.objectContaining({ target_service_accounts: ["web@p.iam.gserviceaccount.com"], source_service_accounts: ["db@p.iam.gserviceaccount.com"] }));
    expect(f).not.toHaveProperty("target_tags");
    expect(f).not.toHaveProperty("source_tags");
  });

  test("GIVEN a missing service account THEN an error naming the role", () => {
    expect(thrown(() => synth(boundOf([rule("a", {})]), { identity: "serviceAccount", serviceAccounts: { web: "w@p.iam.gserviceaccount.com" } }))).toEqual({
      error: "SynthesisError",
      codes: ["GCP_SERVICE_ACCOUNT_MISSING"],
    });
  });

  test("GIVEN logging THEN log_config is set, never the deprecated enable_logging", () => {
    const { fw } = synth(secureTransportOnGcp(), { logging: "INCLUDE_ALL_METADATA" });
    for (const f of Object.values(fw) as any[]) {
      expect(f.log_config).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
      expect(f).not.toHaveProperty("enable_logging");
    }
    for (const f of Object.values(synth(secureTransportOnGcp()).fw) as any[]) expect(f).not.toHaveProperty("log_config");
  });

  test("GIVEN icmp and icmpv6 from any THEN each keeps to its family's ranges; without IPv6, icmpv6 is reported as inapplicable", () => {
    const rules = [rule("ping", { protocol: "icmp", ports: undefined }), rule("ping6", { protocol: "icmpv6", ports: undefined })];
    const dual = Object.values(inOnly(synth(boundOf(rules, { ipv6: true })).fw)) as any[];
    expect(dual.map((f) => [f.allow, f.source_ranges])).toEqual(
      expect.arrayContaining([
        [[{ protocol: "icmp" }], ["0.0.0.0/0"]],
        [[{ protocol: "58" }], ["::/0"]],
      ]),
    );
    expect(dual).toHaveLength(2);
    const v4 = synth(boundOf(rules));
    expect((Object.values(inOnly(v4.fw)) as any[]).map((f) => f.allow)).toEqual([[{ protocol: "icmp" }]]);
    expect(v4.module.realisations.find((r) => r.ruleId === "ping6")).toEqual(expect.objectContaining({ how: "inapplicable", resources: [] }));
  });

  test("GIVEN an egress rule to a role THEN an error: GCP egress cannot name destination tags", () => {
    expect(thrown(() => synth(boundOf([rule("to-db", { direction: "egress", peer: "role:db" })])))).toEqual({ error: "SynthesisError", codes: ["GCP_EGRESS_TO_ROLE"] });
  });
});
