/**
 * The Markdown report's diagram must render where reviewers read it (GitHub,
 * GitLab, an IDE): every Mermaid block we write passes Mermaid's own parser,
 * run offline in a child process (Mermaid is an ES module that wants a DOM).
 */
import { spawnSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { definePolicy, bindPolicy } from "../../policy";
import { buildDiagram, mermaidSource } from "../../synth/report/diagram";
import { synthesizeExamples } from "../support/synthesized";

function parse(sources: string[]): { ok: boolean; type?: string; error?: string }[] {
  const r = spawnSync(process.execPath, [path.join(__dirname, "../support/mermaid-parse.mjs")], { input: JSON.stringify(sources), encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`mermaid-parse.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}

function reportFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? reportFiles(path.join(dir, e.name)) : e.name.endsWith(".md") && dir.endsWith("reports") ? [path.join(dir, e.name)] : [],
  );
}

/** Roles and sets named like Mermaid's keywords, both families, a numbered protocol, every edge kind. */
function hostile(): string {
  const policy = definePolicy({
    name: "hostile",
    description: "names Mermaid might trip on",
    roles: [
      { id: "end", description: "x", egressDefault: "allow", waivers: [{ check: "egress-open-to-world", reason: "the test wants an allow default" }] },
      { id: "click", description: "x", egressDefault: "deny" },
      { id: "style", description: "x", egressDefault: "deny" },
    ],
    addressSets: [
      { id: "subgraph", description: "x" },
      { id: "class-def", description: "x" },
    ],
    rules: [
      { id: "a", target: "end", direction: "ingress", action: "allow", peer: "set:subgraph", protocol: "tcp", ports: [22, "8000-8010"], description: "x" },
      { id: "b", target: "end", direction: "ingress", action: "deny", peer: "any", protocol: "udp", ports: "all", description: "x" },
      { id: "c", target: "click", direction: "ingress", action: "allow", peer: "role:end", protocol: 47, description: "x" },
      { id: "d", target: "style", direction: "egress", action: "allow", peer: "2001:db8::/32", protocol: "icmpv6", description: "x" },
      { id: "e", target: "style", direction: "ingress", action: "allow", peer: "set:class-def", protocol: "all", description: "x" },
    ],
  });
  const bound = bindPolicy(policy, { environment: "h", addressSets: { subgraph: ["10.0.0.0/8"], "class-def": ["192.0.2.0/24", "2001:db8:1::/48"] }, ipv6: true });
  return mermaidSource(buildDiagram(bound));
}

describe("GIVEN every Mermaid diagram the reports hold", () => {
  test("THEN Mermaid's own parser accepts each as a flowchart, and refuses a broken one (so the check can fail)", async () => {
    const { outdir } = await synthesizeExamples();
    const files = [...reportFiles(path.join(__dirname, "../golden")), ...reportFiles(outdir)].sort();
    const sources = files.flatMap((f) => mermaidBlocks(readFileSync(f, "utf8")));
    expect(sources.length).toBeGreaterThanOrEqual(files.length);
    const all = [...sources, hostile(), 'flowchart LR\n  a[["x" --> b'];
    const results = parse(all);
    const broken = results.slice(0, -1).flatMap((r, i) => (r.ok && r.type?.startsWith("flowchart") ? [] : [`${i}: ${r.error ?? r.type}\n${all[i]}`]));
    expect(broken).toEqual([]);
    expect(results[results.length - 1].ok).toBe(false);
  });
});
