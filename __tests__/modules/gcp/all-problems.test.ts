/** GCP refuses once with every problem of a catalog and environment (as Azure does), so one run names every rule to fix. */
import { SynthesisError } from "../../../policy";
import { thrownOf } from "../../support/thrown";
import { boundOf, rule } from "../../support/policies";
import { synth } from "./fixtures";

/** The SynthesisError `run` throws. */
const refusal = (run: () => unknown): SynthesisError => thrownOf(SynthesisError, run);

test("GIVEN a missing service account, two egress rules to roles and a bad priority base THEN one SynthesisError holds all four, in order", () => {
  const bound = boundOf([rule("to-db", { direction: "egress", peer: "role:db" }), rule("ok", {}), rule("to-web", { target: "db", direction: "egress", peer: "role:web" })]);
  const e = refusal(() => synth(bound, { identity: "serviceAccount", serviceAccounts: { web: "w@p.iam.gserviceaccount.com" }, priorityBase: -1 }));
  expect(e.codes).toEqual(["GCP_SERVICE_ACCOUNT_MISSING", "GCP_EGRESS_TO_ROLE", "GCP_EGRESS_TO_ROLE", "GCP_PRIORITY_BASE_INVALID"]);
  expect(e.code).toBe("GCP_SERVICE_ACCOUNT_MISSING");
  expect(e.problems.map((p) => p.subject)).toEqual(['environment "test"', 'environment "test", rule "to-db"', 'environment "test", rule "to-web"', 'environment "test"']);
});

test("GIVEN an invalid priority allocation and a bad priority base THEN both are reported", () => {
  const bound = boundOf([rule("a", {})]);
  const e = refusal(() => synth(bound, { priorities: { ingress: { priorities: { x: -5 } } } as never, priorityBase: 70000 }));
  expect(e.codes).toEqual(["GCP_PRIORITIES_INVALID", "GCP_PRIORITY_BASE_INVALID"]);
});

test("GIVEN one problem THEN the refusal holds that one problem", () => {
  const e = refusal(() => synth(boundOf([rule("to-db", { direction: "egress", peer: "role:db" })])));
  expect(e.codes).toEqual(["GCP_EGRESS_TO_ROLE"]);
  expect(e.problems).toHaveLength(1);
});
