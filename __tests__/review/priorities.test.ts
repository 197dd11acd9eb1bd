import { CLOUDS } from "../../modules/clouds";
import { CloudDefinition } from "../../modules/cloud";
import { reviewPriorities } from "../../review/priorities";
import { renderMarkdown } from "../../review/markdown";
import { diffSides } from "../../review/diff";
import { boundOf, rule, RuleInput } from "../support/policies";
import { synthAzure } from "../modules/azure/support";

const azure = CLOUDS.azure as unknown as CloudDefinition<unknown>;
const gcp = CLOUDS.gcp as unknown as CloudDefinition<unknown>;
const r = (id: string, i: number): RuleInput => (i % 2 ? rule(id, { action: "deny", ports: ["1000-1100"] }) : rule(id, { ports: [1000 + i] }));
const catalog = (ids: string[]) => boundOf(ids.map((id) => r(id, Number(id.slice(1)))));
const SIX = ["r1", "r2", "r3", "r4", "r5", "r6"];
const fw = (priority: number, action: "allow" | "deny") => ({ name: "x", network: "n", direction: "INGRESS", priority, [action]: [{ protocol: "tcp" }] });

describe("GIVEN two configurations of an Azure stack", () => {
  test("WHEN an insert at the top keeps every priority (the allocation) THEN no priority change and no risk", () => {
    const old = synthAzure(catalog(SIX));
    const next = synthAzure(catalog(["r0", ...SIX]), { priorities: old.module.priorityAllocation });
    expect(reviewPriorities(azure, old.json, next.json)).toEqual({ changes: [], reorders: [], collisions: [] });
  });

  test("WHEN an insert at the top renumbers every rule below it (position numbering) THEN the changes are counted and listed, and collisions and reorders are risks", () => {
    const old = synthAzure(catalog(SIX), { priorityStep: 1 });
    const next = synthAzure(catalog(["r0", ...SIX]), { priorityStep: 1 });
    const review = reviewPriorities(azure, old.json, next.json);
    expect(review.changes).toHaveLength(6);
    expect(review.changes[0]).toEqual(expect.objectContaining({ from: expect.any(Number), to: expect.any(Number) }));
    expect(review.collisions.length).toBeGreaterThan(0);
    expect(review.reorders.length).toBeGreaterThan(0);
  });
});

describe("GIVEN two configurations of a GCP stack", () => {
  test("WHEN an allow and a deny are renumbered past each other THEN it is a reorder risk; a renumbering that keeps every pair's order in every moment is not", () => {
    const base = { resource: { google_compute_firewall: { a: fw(1000, "allow"), d: fw(2000, "deny") } } };
    const crossing = { resource: { google_compute_firewall: { a: fw(2500, "allow"), d: fw(3000, "deny") } } };
    const apart = { resource: { google_compute_firewall: { a: fw(500, "allow"), d: fw(2000, "deny") } } };
    expect(reviewPriorities(gcp, base, crossing).reorders).toHaveLength(1);
    expect(reviewPriorities(gcp, base, apart)).toEqual({ changes: [{ address: "google_compute_firewall.a", from: 1000, to: 500 }], reorders: [], collisions: [] });
  });

  test("WHEN the review is rendered THEN the priority changes are a count and a list, and the reorder a risk", () => {
    const side = (json: unknown, label: string) => ({ label, stacks: [{ name: "dev-gcp", cloud: "gcp" as const, environment: "dev", json }], environments: new Map([["dev", { name: "dev" }]]) });
    const base = { resource: { google_compute_firewall: { a: fw(1000, "allow"), d: fw(2000, "deny") } } };
    const head = { resource: { google_compute_firewall: { a: fw(2500, "allow"), d: fw(3000, "deny") } } };
    const report = diffSides(side(base, "HEAD"), side(head, "working tree"));
    expect(report.risks.map((x) => x.kind)).toContain("priority-reorder");
    const md = renderMarkdown(report);
    expect(md).toContain("priority changes: 2");
    expect(md).toContain("`google_compute_firewall.a`: 1000 → 2500");
  });
});
