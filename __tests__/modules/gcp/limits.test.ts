import { synth, inOnly } from "./fixtures";
import { boundOf, rule } from "../../support/policies";

describe("GCP per-rule limits are kept by splitting", () => {
  test("GIVEN 600 source ranges THEN 3 numbered resources with the same priority and ports", () => {
    const cidrs = Array.from({ length: 600 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    const { fw, module } = synth(boundOf([rule("many", { peer: "set:office" })], { addressSets: { office: cidrs } }));
    const parts = Object.values(inOnly(fw)) as any[];
    expect(parts.map((p) => p.name).sort()).toEqual(["st-test-in-allow-web-from-office-1", "st-test-in-allow-web-from-office-2", "st-test-in-allow-web-from-office-3"]);
    expect(parts.map((p) => p.source_ranges.length).sort()).toEqual([256, 256, 88]);
    expect(new Set(parts.map((p) => p.priority)).size).toBe(1);
    expect(parts.flatMap((p) => p.source_ranges).sort()).toEqual([...cidrs].sort());
    expect(module.realisations[0].resources).toHaveLength(3);
  });

  test("GIVEN more than 256 port entries THEN they are split across resources", () => {
    const ports = Array.from({ length: 300 }, (_, i) => 1000 + i * 2);
    const { fw } = synth(boundOf([rule("ports", { ports })]));
    const parts = Object.values(inOnly(fw)) as any[];
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.allow.reduce((n: number, b: any) => n + b.ports.length, 0)).sort()).toEqual([256, 44]);
  });
});
