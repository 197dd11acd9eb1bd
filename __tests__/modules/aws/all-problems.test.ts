/** AWS refuses once with every problem of a catalog and environment (as Azure does), so one run names every rule to fix. */
import { SynthesisError } from "../../../policy";
import { thrownOf } from "../../support/thrown";
import { allow, synthAws, testPolicy } from "./fixtures";

/** The SynthesisError `run` throws. */
const refusal = (run: () => unknown): SynthesisError => thrownOf(SynthesisError, run);

test("GIVEN a quota out of range, a description AWS rejects and SCTP ports THEN one SynthesisError holds all three, in order", () => {
  const bound = testPolicy([allow("bad-text", { description: "HTTPS – office" }), allow("sctp", { protocol: "sctp", ports: [3868] })]);
  const e = refusal(() => synthAws(bound, { rulesPerGroupQuota: 0 }));
  expect(e.codes).toEqual(["AWS_QUOTA_INVALID", "AWS_TEXT_BAD_CHARACTERS", "AWS_SCTP_PORTS"]);
  expect(e.code).toBe("AWS_QUOTA_INVALID");
});

test("GIVEN SCTP ports in ingress and in egress of one role THEN both directions are reported, not only the first", () => {
  const bound = testPolicy([allow("sctp-in", { protocol: "sctp", ports: [3868] }), allow("sctp-out", { protocol: "sctp", ports: [3869], direction: "egress" })]);
  expect(refusal(() => synthAws(bound)).codes).toEqual(["AWS_SCTP_PORTS", "AWS_SCTP_PORTS"]);
});

test("GIVEN one problem THEN the refusal holds that one problem", () => {
  const e = refusal(() => synthAws(testPolicy([allow("sctp", { protocol: "sctp", ports: [3868] })])));
  expect(e.codes).toEqual(["AWS_SCTP_PORTS"]);
  expect(e.problems).toHaveLength(1);
});
