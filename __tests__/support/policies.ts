/** Small catalogs for module tests, built in code with the same checks as YAML. */
import { bindPolicy, BoundPolicy, CatalogDocument, definePolicy, loadCatalogFile } from "../../policy";

export type RuleInput = CatalogDocument["rules"][number];

export function rule(id: string, fields: Partial<RuleInput>): RuleInput {
  return { id, target: "web", direction: "ingress", action: "allow", peer: "any", protocol: "tcp", ports: [443], description: `rule ${id}`, ...fields };
}

export interface TestPolicyOptions {
  /** @default false */
  readonly ipv6?: boolean;
  /** Egress default of role web. @default "deny" */
  readonly egressDefault?: "allow" | "deny";
  /** @default { office: ["10.1.0.0/16"] } */
  readonly addressSets?: Record<string, string[]>;
  /** Roles the environment binds to addresses instead of managing. @default none */
  readonly roleAddresses?: Record<string, string[]>;
}

/** Roles web and db (both managed unless bound to addresses), address sets as given, environment "test". */
export function boundOf(rules: RuleInput[], opts: TestPolicyOptions = {}): BoundPolicy {
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
  const roles = Object.fromEntries(Object.entries(opts.roleAddresses ?? {}).map(([role, cidrs]) => [role, { kind: "addresses" as const, cidrs }]));
  return bindPolicy(policy, { environment: "test", addressSets: sets, roles, ipv6: opts.ipv6 ?? false });
}

/** The real SecureTransport catalog, bound like an example environment. */
export function secureTransport(opts: { ipv6?: boolean; admin?: string[] } = {}): BoundPolicy {
  return bindPolicy(loadCatalogFile("catalog/securetransport.yaml"), {
    environment: "dev",
    addressSets: { "admin-host": opts.admin ?? ["10.20.0.10/32"] },
    ipv6: opts.ipv6 ?? false,
  });
}
