/**
 * Invariants are asked at the ports where the asked roles' own rules (the
 * catalog's and the cloud's) change: a port only a cloud rule opens is asked,
 * so a tampered rendering is still caught there.
 */
import { checkInvariants } from "../../../modules/engine/invariants";
import { CLOUDS } from "../../../modules/clouds";
import { loadBoundEnvironments } from "../../../stacks/environment";
import { jsonPath } from "../../../synth/synthesize";
import { readJson, synthesizeExamples } from "../../support/synthesized";
import { BoundPolicy, Invariant } from "../../../policy";

const withInvariant = (bound: BoundPolicy, inv: Invariant): BoundPolicy => ({ ...bound, policy: { ...bound.policy, invariants: [inv] } });
const NEVER_PUBLIC_TCP: Invariant = {
  id: "no-public-tcp",
  description: "no public TCP into the database",
  kind: "never",
  from: { kind: "internet" },
  to: "st-db",
  protocol: "tcp",
  ports: [{ from: 1, to: 65535 }],
};

test("GIVEN dev's AWS stack with one extra rule opening tcp 3306 of the database to 0.0.0.0/0 THEN the internet invariant is broken at 3306, by that resource", async () => {
  const { outdir } = await synthesizeExamples();
  const dev = loadBoundEnvironments({ only: ["dev"] })[0];
  const bound = withInvariant(dev.bound, NEVER_PUBLIC_TCP);
  const json = readJson(jsonPath(outdir, "dev-aws"));
  expect(checkInvariants(bound, CLOUDS.aws.readEffective(json, dev.environment.aws))).toEqual([]);
  json.resource.aws_vpc_security_group_ingress_rule.extra = { security_group_id: "${aws_security_group.st_db.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 3306, to_port: 3306 };
  const [broken] = checkInvariants(bound, CLOUDS.aws.readEffective(json, dev.environment.aws));
  expect(broken.invariant.id).toBe("no-public-tcp");
  expect(broken.flows).toEqual([expect.stringContaining("3306")]);
  expect(broken.resources).toEqual(["aws_vpc_security_group_ingress_rule.extra"]);
});
