/**
 * Property check of priorities and merging: for many generated catalogs
 * (allows and denies interleaved, roles, sets, CIDRs of both families, every
 * protocol Azure selects), the synthesized NSG rules, read back by the Azure
 * evaluator (priority order, first match, Azure's default rules, ASG
 * membership), decide every systematic flow as the catalog does, and by a
 * rendered rule exactly when a catalog rule decides. Catalogs Azure cannot
 * express must fail with a SynthesisError, never render something else.
 */
import { azureCuts, azureDecide, azurePorts, azureProtocols, loadAzureView } from "../../../modules/azure/effective";
import { SynthesisError } from "../../../policy";
import { decide as catalogDecide } from "../../../policy";
import { describeFlow, systematicFlows } from "../../../modules/engine/flows";
import { boundOf, rule, RuleInput } from "../../support/policies";
import { PEERS, peerFits, random, TRAFFIC as COMMON_TRAFFIC } from "../../support/random-catalogs";
import { synthAzure } from "./support";

/** Every cloud's traffic, and what only Azure's protocol field adds: a number it names (ESP), and SCTP, which it cannot select. */
const TRAFFIC: Partial<RuleInput>[] = [...COMMON_TRAFFIC, { protocol: 50, ports: undefined }, { protocol: "sctp", ports: [22] }];

function generate(next: () => number): { rules: RuleInput[]; ipv6: boolean; webEgress: "allow" | "deny" } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const ipv6 = next() < 0.5;
  // A small palette per catalog, so rules meet: merges, and conflicts between them, are common.
  const peers = Array.from({ length: 2 }, () => pick(PEERS.filter((p) => ipv6 || !p.includes(":"))));
  const palette = Array.from({ length: 2 }, () => (next() < 0.05 ? TRAFFIC[TRAFFIC.length - 1] : pick(TRAFFIC.slice(0, -1))));
  const rules = Array.from({ length: 2 + Math.floor(next() * 7) }, (_, i) => {
    const traffic = pick(palette);
    const fitting = peers.filter((p) => peerFits(p, traffic.protocol!));
    return rule(`r${i}`, {
      action: next() < 0.5 ? "deny" : "allow",
      direction: next() < 0.85 ? "ingress" : "egress",
      target: next() < 0.9 ? "web" : "db",
      peer: fitting.length > 0 ? pick(fitting) : "any",
      ...traffic,
    });
  });
  return { rules, ipv6, webEgress: next() < 0.5 ? "allow" : "deny" };
}

test("GIVEN 200 generated catalogs THEN Azure's NSG rules and the catalog decide every flow alike, or synthesis refuses the catalog", () => {
  const next = random(20261125);
  let rendered = 0;
  let refused = 0;
  let merged = 0;
  let flows = 0;
  for (let i = 0; i < 200; i++) {
    const spec = generate(next);
    const bound = boundOf(spec.rules, { ipv6: spec.ipv6, egressDefault: spec.webEgress, addressSets: { office: ["10.1.2.0/25", "10.9.0.0/16"] } });
    let json: any;
    try {
      json = synthAzure(bound).json;
    } catch (e) {
      expect(e).toBeInstanceOf(SynthesisError);
      expect(String(e)).toMatch(/protocol sctp cannot be selected in an Azure security rule/);
      refused++;
      continue;
    }
    rendered++;
    const carried = Object.values<any>(json.resource.azurerm_network_security_rule).filter((r) => !r.name.startsWith("default-")).length;
    if (carried < bound.rules.length) merged++;
    const view = loadAzureView(json);
    for (const flow of systematicFlows(bound, { cuts: azureCuts(view), ports: azurePorts(view), protocols: azureProtocols(view) })) {
      flows++;
      const catalog = catalogDecide(bound, flow);
      const azure = azureDecide(view, flow);
      if (azure.action !== catalog.action || azure.uncertain || azure.byDefault !== (catalog.rule === undefined)) {
        throw new Error(
          `catalog ${JSON.stringify(spec)}: ${describeFlow(flow)}: catalog ${catalog.action} (${catalog.rule?.id ?? "default"}), Azure ${azure.action} (${azure.resources.join(", ")}${azure.uncertain ? `; ${azure.uncertain}` : ""})`,
        );
      }
    }
  }
  // Every outcome must really be exercised.
  expect(rendered).toBeGreaterThan(140);
  expect(refused).toBeGreaterThan(10);
  expect(merged).toBeGreaterThan(40);
  expect(flows).toBeGreaterThan(100000);
});
