/**
 * Azure's Terraform vocabulary in one place: the resource types, the outputs
 * the stack publishes, the protocol words an NSG rule takes and Azure's limits.
 * Plain strings, so a reader (effective, changes, review, verify) never loads
 * a provider binding to learn a name; __tests__/modules/vocabulary.test.ts
 * holds each type equal to its binding's tfResourceType.
 */
import { PROTOCOL_NUMBERS } from "../../policy";

export const NSG_TYPE = "azurerm_network_security_group";
export const ASG_TYPE = "azurerm_application_security_group";
export const RULE_TYPE = "azurerm_network_security_rule";

/** The stack outputs mapping role id → network security group id, and role id → application security group id. */
export const NSG_IDS_OUTPUT = "network_security_group_ids";
export const ASG_IDS_OUTPUT = "application_security_group_ids";
/** The stack output mapping role id → virtual network name, where the environment places roles in several VNets. */
export const VIRTUAL_NETWORKS_OUTPUT = "virtual_networks";

/**
 * An NSG rule's protocol word → IP protocol number, by number from policy's
 * table; Esp and Ah, which the catalog has no name for, by their IANA numbers.
 * `Icmp` is the ICMP of the packet's family (ICMP_NUMBERS), `*` every protocol.
 */
export const RULE_PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { Tcp: PROTOCOL_NUMBERS.tcp, Udp: PROTOCOL_NUMBERS.udp, Esp: 50, Ah: 51 };
export const ICMP_NUMBERS = { 4: PROTOCOL_NUMBERS.icmp, 6: PROTOCOL_NUMBERS.icmpv6 } as const;

export { AZURE_LIMITS } from "./azure-limits";
