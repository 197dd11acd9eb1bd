/**
 * GCP's Terraform vocabulary in one place: the resource type and the output the
 * stack publishes. Plain strings, so a reader (effective, changes, review,
 * verify) never loads a provider binding to learn a name;
 * __tests__/modules/vocabulary.test.ts holds the type equal to its
 * binding's tfResourceType.
 */

export const FIREWALL_TYPE = "google_compute_firewall";

/** The stack output mapping role id → network tag. */
export const NETWORK_TAGS_OUTPUT = "network_tags";

/** The stack output mapping role id → VPC network, where the environment places roles in several networks. */
export const NETWORKS_OUTPUT = "networks";
