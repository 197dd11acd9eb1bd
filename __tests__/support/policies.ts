/** Small catalogs for module tests, built in code with the same checks as YAML. */
import { readFileSync } from "fs";
import { parse } from "yaml";
import { bindPolicy, BoundPolicy, CatalogDocument, definePolicy, loadCatalogFile, Policy } from "../../policy";
import { GCP_NETWORKS } from "../../modules/gcp/environment";
import { NetworkSection, placePolicy } from "../../modules/networks";

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

/**
 * The address sets and services of the SecureTransport catalog, bound as in a
 * test environment (admin-host as given): what the whole deployment needs.
 */
export function secureTransportBindings(admin: readonly string[] = ["10.20.0.10/32"]): { addressSets: Record<string, string[]>; services: Record<string, (number | string)[]> } {
  return {
    addressSets: {
      "admin-host": [...admin],
      partners: ["0.0.0.0/0"],
      ldap: ["10.20.1.10/32"],
      smtp: ["10.20.1.25/32"],
      "snmp-managers": ["10.20.1.162/32"],
      siteminder: ["10.20.1.44/32"],
      icap: ["10.20.1.134/32"],
      sentinel: ["10.20.1.130/32"],
    },
    services: { "ftp-passive": ["30000-30009"], "edge-ftp-active": ["31000-31009"], "partner-ftp-data": ["40000-40099"], "partner-as2": [10080], "partner-pesit": [17617], database: [5432] },
  };
}

/** The real SecureTransport catalog, bound like an example environment. */
export function secureTransport(opts: { ipv6?: boolean; admin?: string[] } = {}): BoundPolicy {
  return bindPolicy(loadCatalogFile("catalog/securetransport.yaml"), {
    environment: "dev",
    ...secureTransportBindings(opts.admin),
    ipv6: opts.ipv6 ?? false,
  });
}

/**
 * The SecureTransport catalog as GCP renders it in an environment that
 * declares its one network with CIDRs (as the example environments do): GCP
 * egress firewalls name ranges only, so the egress rules to roles (the Edges'
 * and storage nodes' clusters, the load balancer to the Edges) name them.
 */
export function secureTransportOnGcp(opts: { ipv6?: boolean; admin?: string[] } = {}): BoundPolicy {
  const cidrs = opts.ipv6 ? ["10.20.0.0/16", "10.21.0.0/16", "fd20::/48"] : ["10.20.0.0/16", "10.21.0.0/16"];
  return placePolicy(secureTransport(opts), { networks: { main: { network: "st-vpc", cidrs } as NetworkSection }, placement: { "*": "main" } }, GCP_NETWORKS, "gcp")!.bound;
}

/** Whether a rule is one of the seed page's (the server tier): its origin cites the seed file. */
export const isSeedRule = (r: { readonly origin?: string }): boolean => /^seed 000_8bfe899a909e566d\.txt/.test(r.origin ?? "");

/**
 * The seed's server tier of the SecureTransport catalog: its st-server role,
 * the admin-host set, the seed page's rules (in their order) and the invariants
 * about the Servers alone, as the catalog was before the other tiers. For
 * tests of how a cloud renders the seed's table; the whole deployment is
 * tested through secureTransport().
 */
export function secureTransportSeedTier(opts: { ipv6?: boolean; admin?: string[] } = {}): BoundPolicy {
  return bindPolicy(secureTransportSeedTierPolicy(), { environment: "dev", addressSets: { "admin-host": opts.admin ?? ["10.20.0.10/32"] }, ipv6: opts.ipv6 ?? false });
}

/** The seed's server tier of the SecureTransport catalog, unbound (see secureTransportSeedTier). */
export function secureTransportSeedTierPolicy(): Policy {
  const doc = parse(readFileSync("catalog/securetransport.yaml", "utf8")) as CatalogDocument;
  const seed: CatalogDocument = {
    ...doc,
    roles: (doc.roles ?? []).filter((r) => r.id === "st-server"),
    addressSets: (doc.addressSets ?? []).filter((a) => a.id === "admin-host"),
    services: [],
    rules: doc.rules.filter(isSeedRule),
    invariants: (doc.invariants ?? []).filter((i) => (i.never ?? i.always)!.to === "st-server" && !/role:(?!st-server)/.test((i.never ?? i.always)!.from)),
  };
  return definePolicy(seed);
}
