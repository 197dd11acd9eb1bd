/** A question about one role is cut where that role's rules (the catalog's and each view's) match its traffic, not at every network of the catalog. */
import type { EffectiveView } from "../../../modules/cloud";
import { rangeCells } from "../../../modules/engine/flows";
import { parseEndpoint, questionFlows, targetCuts } from "../../../modules/engine/reach";
import { internetCidrs } from "../../../policy";
import { rule } from "../../support/policies";
import { boundOf } from "../../support/policies";

const bound = boundOf(
  [
    rule("web-office", { target: "web", peer: "10.1.0.0/16", ports: [443] }),
    rule("web-partner", { target: "web", peer: "192.0.2.0/24", ports: [8443] }),
    rule("db-app", { target: "db", peer: "10.9.0.0/16", ports: [443] }),
    rule("web-out", { target: "web", direction: "egress", peer: "198.51.100.0/24", ports: [443] }),
  ],
  { addressSets: {} },
);
const view = (footprints: ReturnType<EffectiveView["footprints"]>): EffectiveView => ({ footprints: (role: string) => (role === "web" ? footprints : []) }) as unknown as EffectiveView;

test("GIVEN rules of several roles and ports THEN the cuts of web's tcp 443 ingress are web's rules for that traffic, with the view's", () => {
  const cuts = targetCuts(bound, [view([{ direction: "ingress", protocol: 6, ports: [{ from: 400, to: 500 }], cidrs: ["203.0.113.0/24"], roles: [] }])]);
  expect([...cuts("ingress", "web", 6, 443)].sort()).toEqual(["10.1.0.0/16", "203.0.113.0/24"]);
  expect([...cuts("ingress", "web", 6, 8443)]).toEqual(["192.0.2.0/24"]);
  expect([...cuts("ingress", "db", 6, 443)]).toEqual(["10.9.0.0/16"]);
  expect([...cuts("egress", "web", 6, 443)]).toEqual(["198.51.100.0/24"]);
  expect([...cuts("ingress", "web", 17, 443)]).toEqual([]);
});

test("GIVEN a question from anywhere to web on tcp 443 THEN its flows are the cells of web's networks only", () => {
  const flows = questionFlows(bound, { from: { kind: "cidrs", cidrs: ["0.0.0.0/0"], text: "any" }, to: { kind: "role", role: "web" }, protocol: 6, port: 443 }, targetCuts(bound, []));
  expect(flows).toHaveLength(1);
  expect(flows[0].flows.map((f) => (f.peer as { address: string }).address)).toEqual(["0.0.0.0", "10.1.0.0", "10.2.0.0"]);
});

test("GIVEN a question from the Internet to web on tcp 443 THEN its flows are the Internet's ranges cut at web's networks (adjacent CIDRs merged: one probe per piece)", () => {
  const from = parseEndpoint("internet", bound, "from");
  expect(from).toEqual({ kind: "cidrs", cidrs: internetCidrs(false), text: "internet" });
  const flows = questionFlows(bound, { from, to: { kind: "role", role: "web" }, protocol: 6, port: 443 }, targetCuts(bound, []));
  // 10.1.0.0/16 (web's office) is private: no cut falls inside the Internet, whose 103 CIDRs are 12 ranges.
  expect(flows[0].flows.map((f) => (f.peer as { address: string }).address)).toEqual([
    "1.0.0.0",
    "11.0.0.0",
    "100.128.0.0",
    "128.0.0.0",
    "169.255.0.0",
    "172.32.0.0",
    "192.0.1.0",
    "192.0.3.0",
    "192.169.0.0",
    "198.20.0.0",
    "198.51.101.0",
    "203.0.114.0",
  ]);
});

test("GIVEN CIDRs and cuts THEN rangeCells merges adjacent and overlapping CIDRs, cuts them where a cut begins or ends, and keeps separate ranges apart", () => {
  const cells = (cidrs: string[], cuts: string[]) => rangeCells(cidrs, cuts, 4).map((c) => `${c.first}-${c.last}`);
  expect(cells(["10.0.0.0/25", "10.0.0.128/25"], [])).toEqual(["10.0.0.0-10.0.0.255"]);
  expect(cells(["10.0.0.0/24", "10.0.0.0/25"], [])).toEqual(["10.0.0.0-10.0.0.255"]);
  expect(cells(["10.0.0.0/24"], ["10.0.0.64/26", "192.0.2.0/24"])).toEqual(["10.0.0.0-10.0.0.63", "10.0.0.64-10.0.0.127", "10.0.0.128-10.0.0.255"]);
  expect(cells(["10.0.0.0/24", "10.0.2.0/24"], [])).toEqual(["10.0.0.0-10.0.0.255", "10.0.2.0-10.0.2.255"]);
  expect(cells(["2001:db8::/32"], [])).toEqual([]);
});
