/** Azure's row in the cloud registry (modules/clouds.ts). */
import { CloudDefinition } from "../cloud";
import { azureDecide, azurePorts, loadAzureView } from "./effective";
import { AZURE_ENVIRONMENT_SCHEMA, AzureEnvironment } from "./environment";
import { AzureFirewallStack } from "./stack";

export const azureCloud: CloudDefinition<AzureEnvironment> = {
  id: "azure",
  displayName: "Azure",
  environmentSchema: AZURE_ENVIRONMENT_SCHEMA,
  createStack: (scope, name, input) => new AzureFirewallStack(scope, name, input),
  roleHandleOutput: "application_security_group_ids",
  readEffective(json) {
    const view = loadAzureView(json);
    return { decide: (flow) => azureDecide(view, flow), ports: () => azurePorts(view) };
  },
  // Every catalog rule, deny included, is a security rule of its own; Azure's
  // default rules and our override of them decide only what no rule matches.
  decidesByOwnResources: true,
  defaultDecisionText: "Azure's default rules or our override of them",
};
