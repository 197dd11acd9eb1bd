/** Azure's row in the cloud registry (modules/clouds.ts). */
import { Construct } from "constructs";
import { CloudDefinition, localStateLocation } from "../cloud";
import { azureCuts, azureDecide, azurePorts, azureProtocols, loadAzureView } from "./effective";
import { AZURE_CHANGE_RULES } from "./changes";
import { azureApplyPlan, possibleCollisions } from "./apply-order";
import { RULE_TYPE } from "./network-security-groups";
import { AZURE_ENVIRONMENT_SCHEMA, azureStateKey, AzureEnvironment } from "./environment";
import { AzureNetworkSecurityGroups, AzureNetworkSecurityGroupsProps } from "./network-security-groups";
import { AzureFirewallStack } from "./stack";
import { ASG_IDS_OUTPUT } from "./vocabulary";

/** What FirewallCatalog's `clouds.azure` takes: the security groups' props besides the policy and the name prefix. */
export type AzureFirewallOptions = Omit<AzureNetworkSecurityGroupsProps, "policy" | "namePrefix">;

export const azureCloud: CloudDefinition<AzureEnvironment, AzureFirewallOptions> = {
  id: "azure",
  displayName: "Azure",
  environmentSchema: AZURE_ENVIRONMENT_SCHEMA,
  createFirewall: (scope, id, { bound, namePrefix, options }) => new AzureNetworkSecurityGroups(scope as Construct, id, { ...options, policy: bound, namePrefix }),
  createStack: (scope, name, input) => new AzureFirewallStack(scope, name, input),
  roleHandleOutput: ASG_IDS_OUTPUT,
  changeRules: AZURE_CHANGE_RULES,
  priorityRules: {
    ruleOf: (type, body) => (type === RULE_TYPE && typeof body.priority === "number" ? { scope: `${body.network_security_group_name} ${body.direction}`, priority: body.priority, action: body.access === "Deny" ? "deny" : "allow" } : undefined),
    collisions: (before, after) =>
      possibleCollisions(azureApplyPlan(before, after)).map((c) => `\`${c.address}\` may take priority ${c.priority} (${c.scope.replace(/^\$\{azurerm_network_security_group\.(\w+)\.name\}/, "$1")}) while \`${c.holder}\` still holds it: Azure refuses that (SecurityRuleConflict) and the apply stops half-way`),
  },
  readEffective(json) {
    const view = loadAzureView(json);
    return { decide: (flow) => azureDecide(view, flow), ports: () => azurePorts(view), cuts: () => azureCuts(view), protocols: () => azureProtocols(view) };
  },
  // Every catalog rule, deny included, is a security rule of its own; Azure's
  // default rules and our override of them decide only what no rule matches.
  decidesByOwnResources: true,
  defaultDecisionText: "Azure's default rules or our override of them",
  stateLocation(section, stack) {
    if (!("azurerm" in section.backend)) return localStateLocation(section.backend);
    const { storageAccount, container, key } = section.backend.azurerm;
    const blob = azureStateKey(key, stack);
    return {
      description: `Azure storage account "${storageAccount}" container "${container}" key "${blob}"`,
      setting: ["backend", "azurerm", key === undefined ? "storageAccount" : "key"],
      remoteObject: `azurerm://${storageAccount}/${container}/${blob}`,
    };
  },
};
