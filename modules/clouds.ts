/**
 * The cloud registry: one row per cloud, the only place that lists them.
 * Stacks, synthesis, reports, the verifier and the tests iterate it; adding
 * a cloud is one folder under modules/ and one row here (docs/adding-a-cloud.md).
 */
import { awsCloud } from "./aws/cloud";
import { azureCloud } from "./azure/cloud";
import { CloudDefinition } from "./cloud";
import { gcpCloud } from "./gcp/cloud";

/** Sorted by id: stacks, reports and the verifier list clouds in this order. */
export const CLOUDS = {
  aws: awsCloud,
  azure: azureCloud,
  gcp: gcpCloud,
} as const;

/** The cloud union ("aws" | "gcp" | …), written once: the registry's keys. */
export type CloudId = keyof typeof CLOUDS;

/** The environment-file section type of a cloud. */
export type CloudSection<K extends CloudId> = (typeof CLOUDS)[K] extends CloudDefinition<infer S, unknown> ? S : never;

/** What a cloud's construct takes besides the bound policy and the name prefix (FirewallCatalog's `clouds.<id>`). */
export type CloudFirewallOptions<K extends CloudId> = (typeof CLOUDS)[K] extends CloudDefinition<unknown, infer O> ? O : never;

/** Every cloud's environment section, each optional: what an environment file may configure. */
export type CloudSections = { readonly [K in CloudId]?: CloudSection<K> };

export const CLOUD_IDS: readonly CloudId[] = (Object.keys(CLOUDS) as CloudId[]).sort();

/** Every row, in id order, with the section type erased (for code that treats all clouds alike). */
export function cloudDefinitions(): readonly CloudDefinition<unknown, unknown>[] {
  return CLOUD_IDS.map((id) => CLOUDS[id] as unknown as CloudDefinition<unknown, unknown>);
}

export function isCloudId(id: string): id is CloudId {
  return Object.prototype.hasOwnProperty.call(CLOUDS, id);
}
