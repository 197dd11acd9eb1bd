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

const NEVER_SOCKS_FROM_SERVERS: Invariant = {
  id: "no-socks-from-servers",
  description: "the Servers never open SOCKS on the Edges",
  kind: "never",
  from: { kind: "role", role: "st-server" },
  to: "st-edge",
  protocol: "tcp",
  ports: [{ from: 1080, to: 1080 }],
};

test("GIVEN a never invariant between two roles THEN it is broken only when both the sender's egress and the receiver's ingress let the traffic through", async () => {
  const { outdir } = await synthesizeExamples();
  const dev = loadBoundEnvironments({ only: ["dev"] })[0];
  const bound = withInvariant(dev.bound, NEVER_SOCKS_FROM_SERVERS);
  const judge = (edit: (resources: Record<string, Record<string, unknown>>) => void) => {
    const json = readJson(jsonPath(outdir, "dev-aws"));
    edit(json.resource);
    return checkInvariants(bound, CLOUDS.aws.readEffective(json, dev.environment.aws));
  };
  // As rendered: st-socks opens the Edges' ingress and the Servers' egress default lets it out.
  const [broken] = judge(() => undefined);
  expect(broken.invariant.id).toBe("no-socks-from-servers");
  expect(broken.rules).toEqual(["st-socks-in", "the default"]);
  // The Servers' egress default gone: the Edges still admit 1080, but nothing leaves the Servers for it.
  expect(judge((r) => delete r.aws_vpc_security_group_egress_rule.st_server_egress_default_all_ipv4)).toEqual([]);
  // The Edges' ingress rule gone: the Servers may still send, but nothing admits it.
  expect(judge((r) => delete r.aws_vpc_security_group_ingress_rule.st_edge_ingress_st_socks_in_tcp_1080_sg_st_server)).toEqual([]);
});

test("GIVEN a never invariant between two roles with IPv6 on THEN traffic the sender lets out over one family and the receiver admits over the other only is not reported: no flow gets through", async () => {
  const { outdir } = await synthesizeExamples();
  const prod = loadBoundEnvironments({ only: ["prod"] })[0];
  expect(prod.bound.ipv6).toBe(true);
  const bound = withInvariant(prod.bound, NEVER_SOCKS_FROM_SERVERS);
  const json = readJson(jsonPath(outdir, "prod-aws"));
  const egress = json.resource.aws_vpc_security_group_egress_rule;
  const ingress = json.resource.aws_vpc_security_group_ingress_rule;
  // The Servers send over IPv4 only; the Edges admit 1080 over IPv6 only (any address, so every Server's).
  delete egress.st_server_egress_default_all_ipv6;
  const socks = ingress.st_edge_ingress_st_socks_in_tcp_1080_sg_st_server;
  delete ingress.st_edge_ingress_st_socks_in_tcp_1080_sg_st_server;
  ingress.socks_over_ipv6 = { security_group_id: socks.security_group_id, cidr_ipv6: "::/0", ip_protocol: "tcp", from_port: 1080, to_port: 1080 };
  expect(checkInvariants(bound, CLOUDS.aws.readEffective(json, prod.environment.aws))).toEqual([]);
  // The Servers' IPv6 egress back: IPv6 traffic gets through, and only that is reported.
  egress.st_server_egress_default_all_ipv6 = { security_group_id: socks.security_group_id.replace("st_edge", "st_server"), cidr_ipv6: "::/0", ip_protocol: "-1" };
  const [broken] = checkInvariants(bound, CLOUDS.aws.readEffective(json, prod.environment.aws));
  expect(broken.invariant.id).toBe("no-socks-from-servers");
  expect(broken.resources).toEqual(["aws_vpc_security_group_egress_rule.st_server_egress_default_all_ipv6", "aws_vpc_security_group_ingress_rule.socks_over_ipv6"]);
});
