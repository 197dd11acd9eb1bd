/** Small catalogs for module tests, built in code with the same checks as YAML. */
import { bindPolicy, BoundPolicy, CatalogDocument, definePolicy, loadCatalogFile } from "../../policy";

export type RuleInput = CatalogDocument["rules"][number];

export function rule(id: string, fields: Partial<RuleInput>): RuleInput {
  return { id, target: "web", direction: "ingress", action: "allow", peer: "any", protocol: "tcp", ports: [443], description: `rule ${id}`, ...fields };
}

export function boundOf(rules: RuleInput[], opts: { ipv6?: boolean; egressDefault?: "allow" | "deny"; addressSets?: Record<string, string[]> } = {}): BoundPolicy {
  const sets = opts.addressSets ?? { office: ["10.1.0.0/16"] };
  const policy = definePolicy({
    name: "test",
    description: "test catalog",
    roles: [
      { id: "web", description: "web servers", egressDefault: opts.egressDefault ?? "deny" },
      { id: "db", description: "database servers", egressDefault: "deny" },
    ],
    addressSets: Object.keys(sets).map((id) => ({ id, description: id })),
    rules,
  });
  return bindPolicy(policy, { environment: "test", addressSets: sets, ipv6: opts.ipv6 ?? false });
}

export function secureTransport(opts: { ipv6?: boolean; admin?: string[] } = {}): BoundPolicy {
  return bindPolicy(loadCatalogFile("catalog/securetransport.yaml"), {
    environment: "dev",
    addressSets: { "admin-host": opts.admin ?? ["10.20.0.10/32"] },
    ipv6: opts.ipv6 ?? false,
  });
}
