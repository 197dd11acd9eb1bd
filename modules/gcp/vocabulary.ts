/**
 * GCP's Terraform vocabulary in one place: the resource type and the output the
 * stack publishes. Plain strings, so a reader (effective, changes, review,
 * verify) never loads a provider binding to learn a name;
 * __tests__/modules/vocabulary.test.ts holds the type equal to its
 * binding's tfResourceType.
 */

import type { PlatformPeers } from "../platform";

export const FIREWALL_TYPE = "google_compute_firewall";

/** The stack output mapping role id → network tag. */
export const NETWORK_TAGS_OUTPUT = "network_tags";

/** The stack output mapping role id → VPC network, where the environment places roles in several networks. */
export const NETWORKS_OUTPUT = "networks";

/**
 * Where Google's load balancers' health checks and proxies come from (the
 * ranges GCP's load-balancing documentation says firewalls must admit). IPv6
 * health-check ranges are not listed: this project has not confirmed them.
 */
export const LOAD_BALANCER_RANGES: readonly string[] = ["35.191.0.0/16", "130.211.0.0/22"];

/** The platform's services on GCP: the load balancer is its health-check and proxy ranges. */
export const gcpPlatformPeers: PlatformPeers = () => LOAD_BALANCER_RANGES.map((cidr) => ({ kind: "cidr" as const, cidr, family: 4 as const }));
