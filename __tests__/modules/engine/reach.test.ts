/** A question about one role is cut where that role's rules (the catalog's and each view's) match its traffic, not at every network of the catalog. */
import type { EffectiveView } from "../../../modules/cloud";
import { questionFlows, targetCuts } from "../../../modules/engine/reach";
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
