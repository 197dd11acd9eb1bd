/** GCP's row in the cloud registry (modules/clouds.ts). */
import { CloudDefinition, FirewallOptions, constructsOnUse, remoteOrLocalStateLocation } from "../cloud";
import { GCP_CHANGE_RULES } from "./changes";
import { GCP_RESOURCE_PREFIXES, gcpEffective, loadGcpView } from "./effective";
import { GCP_SECTION, GcpEnvironment, gcsStatePrefix } from "./environment";
import { sectionNetworkOf } from "../networks";
import type { GcpFirewallProps } from "./index";
import { FIREWALL_TYPE, gcpPlatformPeers, NETWORK_TAGS_OUTPUT } from "./vocabulary";

/** What FirewallCatalog's `clouds.gcp` takes: the firewall's props besides the policy and the name prefix. */
export type GcpFirewallOptions = FirewallOptions<GcpFirewallProps>;

export const gcpCloud: CloudDefinition<GcpEnvironment, GcpFirewallOptions> = {
  ...GCP_SECTION,
  ...constructsOnUse(() => require("./constructs") as typeof import("./constructs")),
  roleHandleOutput: NETWORK_TAGS_OUTPUT,
  readEffective: (config, section, context) =>
    gcpEffective(
      loadGcpView(config, {
        ...context,
        network: section?.network,
        networkOf: section?.networks ? (role) => sectionNetworkOf(section, "network", role) : undefined,
        serviceAccounts: section?.serviceAccounts,
      }),
    ),
  resourcePrefixes: GCP_RESOURCE_PREFIXES,
  // Every catalog rule is a firewall resource; GCP's implied rules only decide what no rule matches.
  decidesByOwnResources: true,
  defaultDecisionText: "implied rule",
  platformPeers: gcpPlatformPeers,
  changeRules: GCP_CHANGE_RULES,
  namedResources: [{ type: FIREWALL_TYPE, what: "GCP firewall", scopes: [{ input: "projectInput", label: "project", unset: "(the provider's)" }] }],
  priorityRules: {
    // GCP allows one priority on several firewalls (deny wins a tie): no call is refused.
    ruleOf: (type, body) =>
      type === FIREWALL_TYPE && typeof body.priority === "number" ? { scope: String(body.direction), priority: body.priority, action: body.deny ? "deny" : "allow" } : undefined,
  },
  stateLocation: remoteOrLocalStateLocation("gcs", ({ bucket, prefixRoot }, stack) => {
    const prefix = gcsStatePrefix(prefixRoot, stack);
    // The gcs backend drops leading slashes and keeps the default workspace's state at <prefix>/default.tfstate.
    const object = `${prefix.replace(/^\/+/, "").replace(/\/*$/, "/")}default.tfstate`;
    return { description: `GCS bucket "${bucket}" prefix "${prefix}"`, setting: ["backend", "gcs", prefixRoot === undefined ? "bucket" : "prefixRoot"], remoteObject: `gs://${bucket}/${object}` };
  }),
};
