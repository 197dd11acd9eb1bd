/**
 * The record a FirewallCatalog leaves in its stack's Terraform JSON (under
 * `"//"`, a comment to Terraform), so that the checks can read any app's
 * cdktf.out: the bound policy and each cloud's realisation of it.
 */
import { BoundPolicy } from "../policy";
import { EgressDefaultRealisation, IngressDefaultRealisation, RuleRealisation } from "./realisation";

/** The key under the stack's `"//"` that holds the records, one per catalog. */
export const CATALOG_RECORD_KEY = "firewall-catalog";

/** What one catalog left in its stack. */
export interface CatalogRecord {
  /** The construct's path (its resources' metadata paths start with it). */
  readonly path: string;
  /** The catalog bound to the environment, without source locations. */
  readonly bound: BoundPolicy;
  /** Per cloud rendered: what its effective view needs of the options, and how it realised each rule and default. */
  readonly clouds: Readonly<
    Record<
      string,
      {
        readonly section: Readonly<Record<string, unknown>>;
        /** The outputs the cloud's effective view reads (CloudFirewall.checkedOutputs), resolved. */
        readonly outputs: Readonly<Record<string, unknown>>;
        readonly realisations: readonly RuleRealisation[];
        readonly egressDefaults: readonly EgressDefaultRealisation[];
        readonly ingressDefaults?: readonly IngressDefaultRealisation[];
      }
    >
  >;
}
