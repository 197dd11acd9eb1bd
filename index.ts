/**
 * The library's public surface: what a platform team imports into its own
 * CDKTF app (`import { FirewallCatalog, definePolicy } from "firewall-catalog-cdktf"`).
 * Everything else is internal and may change.
 */

// The catalog-level construct, with the lint and the coverage check as validations.
export { bindCatalog as bindPolicy, FirewallCatalog } from "./modules/firewall-catalog";
export type { CatalogBindings, FirewallCatalogClouds, FirewallCatalogProps } from "./modules/firewall-catalog";
export type { LintSkip } from "./modules/construct-checks";
export type { LogicalIdScope } from "./modules/addresses";

// Checks of a catalog in the user's own app (the firewall-catalog command runs the same on a cdktf.out).
export { reportCatalog, verifyCatalog } from "./verify/catalog";
export type { CatalogCheck } from "./verify/catalog";
export type { CheckReport, Disagreement } from "./modules/engine/check";
export type { CoverageReport } from "./synth/report/coverage";

// Per-cloud constructs, usable alone with a policy bound by bindPolicy (the same CatalogBindings as FirewallCatalog's).
export { AwsSecurityGroups } from "./modules/aws";
export type { AwsNetwork, AwsSecurityGroupsProps } from "./modules/aws";
export type { AwsFirewallOptions } from "./modules/aws/cloud";
export { GcpFirewall } from "./modules/gcp";
export type { GcpFirewallProps, GcpNetwork } from "./modules/gcp";
export type { GcpFirewallOptions } from "./modules/gcp/cloud";
export { AzureNetworkSecurityGroups } from "./modules/azure";
export type { AzureNetwork, AzureNetworkSecurityGroupsProps } from "./modules/azure";
export type { AzureFirewallOptions } from "./modules/azure/cloud";

// Several networks per cloud: each construct's networks and placement place the policy as an environment file's do.
export type { PlacedNetwork, PlacedPolicy, WidenedPeer } from "./modules/networks";

// The cloud contract and registry.
export { CLOUD_IDS } from "./modules/clouds";
export type { CloudId } from "./modules/clouds";
export type { CloudFirewall } from "./modules/cloud";
export type { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "./modules/realisation";

// Catalogs: from YAML or in code, bound to an environment.
export { definePolicy, loadCatalogFile, parseCatalog, ConfigError, SynthesisError } from "./policy";
export type { BoundPolicy, BoundServiceReference, CatalogDocument, FlowSide, Policy, Problem, Role, Rule, Service, ServiceReference } from "./policy";

// The security lint, for apps that want the findings themselves.
export { formatFindings, LINT_PACK, lintPolicy } from "./policy/lint";
export type { Finding, LintCheck, LintResult } from "./policy/lint";

// Typed builders for catalogs in code (the same Policy as the YAML form).
export { CatalogBuilder, Peer, Port } from "./policy/builders";
export type { EgressRuleProps, FlowProps, IngressRuleProps, RuleOptions } from "./policy/builders";
