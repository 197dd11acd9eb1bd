/** One Azure stack per environment: provider, state backend, network and application security groups, outputs. */
import { Construct } from "constructs";
import { judgeInvariantsBelow } from "../construct-checks";
import { bindings, core } from "../runtime";
import { CloudStack, CloudStackInput, localStatePath, OWN_STACK_OPTIONS, requireProvider } from "../cloud";
import { AzureEnvironment, azureStateKey, DEFAULT_AZURERM_PROVIDER_VERSION } from "./environment";
import { AzureNetworkSecurityGroups } from "./network-security-groups";
import { networkIdOfRole } from "../networks";
import { ASG_IDS_OUTPUT, NSG_IDS_OUTPUT, VIRTUAL_NETWORKS_OUTPUT } from "./vocabulary";

// This module is loaded only when a stack is made (the registry requires it on use), so the core is the app's.
const { AzurermBackend, LocalBackend, TerraformOutput, TerraformStack } = core();
export type AzureFirewallStackProps = CloudStackInput<AzureEnvironment>;

export class AzureFirewallStack extends TerraformStack implements CloudStack {
  readonly firewall: AzureNetworkSecurityGroups;

  constructor(scope: Construct, name: string, props: AzureFirewallStackProps) {
    super(scope, name);
    judgeInvariantsBelow(this); // synthesis judges each cloud's JSON itself (synth/synthesize.ts)
    const azure = props.section;

    const provider = new (bindings("azure").AzurermProvider)(this, "azurerm", { features: [{}], subscriptionId: azure.subscriptionId });
    provider.overrideLogicalId("azurerm");
    requireProvider(this, "azurerm", azure.providerVersion ?? DEFAULT_AZURERM_PROVIDER_VERSION, ">= 1.5.0");

    if ("azurerm" in azure.backend) {
      const b = azure.backend.azurerm;
      new AzurermBackend(this, {
        storageAccountName: b.storageAccount,
        containerName: b.container,
        key: azureStateKey(b.key, name),
        resourceGroupName: b.resourceGroup,
        useAzureadAuth: true,
      });
    } else {
      new LocalBackend(this, { path: localStatePath(azure.backend.local.path) });
    }

    this.firewall = new AzureNetworkSecurityGroups(this, "network-security-groups", {
      ...OWN_STACK_OPTIONS,
      policy: props.bound,
      resourceGroupName: azure.resourceGroup,
      location: azure.location,
      namePrefix: props.namePrefix,
      tags: { ...(azure.tags ?? {}), catalog: props.bound.policy.name },
      priorityBase: azure.priorityBase,
      priorityStep: azure.priorityStep,
      priorities: props.priorities,
    });

    const nsgs = new TerraformOutput(this, NSG_IDS_OUTPUT, {
      value: this.firewall.networkSecurityGroupIds,
      description: "Network security group id per catalog role: associate it with the network interfaces of the role's machines.",
    });
    nsgs.overrideLogicalId(NSG_IDS_OUTPUT);
    const asgs = new TerraformOutput(this, ASG_IDS_OUTPUT, {
      value: this.firewall.applicationSecurityGroupIds,
      description: "Application security group id per catalog role: add the network interfaces of the role's machines to it.",
    });
    asgs.overrideLogicalId(ASG_IDS_OUTPUT);
    // NSGs and ASGs take no VNet: the placement says where each role's network interfaces (and so its ASG's members) belong.
    const vnetOfRole = networkIdOfRole(props.placed);
    if (vnetOfRole) {
      const vnets = new TerraformOutput(this, VIRTUAL_NETWORKS_OUTPUT, {
        value: vnetOfRole,
        description: "Virtual network per catalog role, as azure.placement places it: the role's network interfaces (its ASG's members) must be in it.",
      });
      vnets.overrideLogicalId(VIRTUAL_NETWORKS_OUTPUT);
    }
  }
}
