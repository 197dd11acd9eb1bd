/** Azure's row in the cloud registry (modules/clouds.ts). */
import { CloudDefinition, FirewallOptions, constructsOnUse, remoteOrLocalStateLocation } from "../cloud";
import { AZURE_RESOURCE_PREFIXES, azureEffective, loadAzureView } from "./effective";
import { AZURE_CHANGE_RULES } from "./changes";
import { AZURE_SECTION, azureStateKey, AzureEnvironment } from "./environment";
import { sectionNetworkOf } from "../networks";
import { azureApplyPlan, possibleCollisions } from "./apply-order";
import type { AzureNetworkSecurityGroupsProps } from "./network-security-groups";
import { ASG_IDS_OUTPUT, ASG_TYPE, azurePlatformPeers, NSG_TYPE, RULE_TYPE } from "./vocabulary";

/** What FirewallCatalog's `clouds.azure` takes: the security groups' props besides the policy and the name prefix. */
export type AzureFirewallOptions = FirewallOptions<AzureNetworkSecurityGroupsProps>;

export const azureCloud: CloudDefinition<AzureEnvironment, AzureFirewallOptions> = {
  ...AZURE_SECTION,
  ...constructsOnUse(() => require("./constructs") as typeof import("./constructs")),
  roleHandleOutput: ASG_IDS_OUTPUT,
  changeRules: AZURE_CHANGE_RULES,
  namedResources: [
    { type: NSG_TYPE, what: "Azure network security group", scopes: [{ input: "resourceGroupNameInput", label: "resource group" }], ignoreCase: true },
    { type: ASG_TYPE, what: "Azure application security group", scopes: [{ input: "resourceGroupNameInput", label: "resource group" }], ignoreCase: true },
    {
      type: RULE_TYPE,
      what: "Azure security rule",
      scopes: [
        { input: "networkSecurityGroupNameInput", label: "NSG" },
        { input: "resourceGroupNameInput", label: "resource group" },
      ],
      ignoreCase: true,
    },
  ],
  priorityRules: {
    ruleOf: (type, body) =>
      type === RULE_TYPE && typeof body.priority === "number"
        ? { scope: `${body.network_security_group_name} ${body.direction}`, priority: body.priority, action: body.access === "Deny" ? "deny" : "allow" }
        : undefined,
    collisions: (before, after) =>
      possibleCollisions(azureApplyPlan(before, after)).map(
        (c) =>
          `\`${c.address}\` may take priority ${c.priority} (${c.scope.replace(/^\$\{azurerm_network_security_group\.(\w+)\.name\}/, "$1")}) while \`${c.holder}\` still holds it: Azure refuses that (SecurityRuleConflict) and the apply stops half-way`,
      ),
  },
  readEffective: (config, section, context) => azureEffective(loadAzureView(config, { ...context, networkOf: section?.networks ? (role) => sectionNetworkOf(section, "vnet", role) : undefined })),
  resourcePrefixes: AZURE_RESOURCE_PREFIXES,
  // Every catalog rule, deny included, is a security rule of its own; Azure's
  // default rules and our override of them decide only what no rule matches.
  decidesByOwnResources: true,
  platformPeers: azurePlatformPeers,
  defaultDecisionText: "Azure's default rules or our override of them",
  stateLocation: remoteOrLocalStateLocation("azurerm", ({ storageAccount, container, key }, stack) => {
    const blob = azureStateKey(key, stack);
    return {
      description: `Azure storage account "${storageAccount}" container "${container}" key "${blob}"`,
      setting: ["backend", "azurerm", key === undefined ? "storageAccount" : "key"],
      remoteObject: `azurerm://${storageAccount}/${container}/${blob}`,
    };
  }),
};
