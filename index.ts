/**
 * The library's public surface: what a platform team imports into its own
 * CDKTF app (`import { FirewallCatalog, definePolicy } from "firewall-catalog-cdktf"`).
 * Everything else is internal and may change.
 */

// The catalog-level construct, with the lint and the coverage check as validations.
export { FirewallCatalog } from "./modules/firewall-catalog";
export type { CatalogBindings, FirewallCatalogClouds, FirewallCatalogProps } from "./modules/firewall-catalog";

// Per-cloud constructs, usable alone with a bound policy (bindPolicy).
export { AwsSecurityGroups } from "./modules/aws";
export type { AwsSecurityGroupsProps } from "./modules/aws";
export type { AwsFirewallOptions } from "./modules/aws/cloud";
export { GcpFirewall } from "./modules/gcp";
export type { GcpFirewallProps } from "./modules/gcp";
export type { GcpFirewallOptions } from "./modules/gcp/cloud";

// The cloud contract and registry.
export { CLOUD_IDS } from "./modules/clouds";
export type { CloudId } from "./modules/clouds";
export type { CloudFirewall } from "./modules/cloud";
export type { EgressDefaultRealisation, RuleRealisation } from "./modules/realisation";

// Catalogs: from YAML or in code, bound to an environment.
export { bindPolicy, definePolicy, loadCatalogFile, parseCatalog, ConfigError, SynthesisError } from "./policy";
export type { BoundPolicy, CatalogDocument, EnvironmentBindings, Policy, Problem, Role, Rule } from "./policy";

// The security lint, for apps that want the findings themselves.
export { formatFindings, LINT_PACK, lintPolicy } from "./policy/lint";
export type { Finding, LintCheck, LintResult } from "./policy/lint";

// Typed builders for catalogs in code (the same Policy as the YAML form).
export { CatalogBuilder, Peer, Port } from "./policy/builders";
export type { EgressRuleProps, IngressRuleProps, RuleOptions } from "./policy/builders";
