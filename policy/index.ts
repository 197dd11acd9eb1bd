/** The cloud-neutral policy stage: load a catalog, bind it to an environment, ask what it decides. */
export * from "./model";
export * from "./errors";
export { loadCatalogFile, parseCatalog, definePolicy } from "./catalog";
export type { CatalogDocument } from "./catalog";
export { bindPolicy } from "./bind";
export { decide, ruleMatches, peerEntryMatches } from "./semantics";
export { hasPorts, icmpName, NAMED_PROTOCOLS, PORT_PROTOCOLS, protocolDisplayName, protocolFamily, protocolName, protocolNumber, PROTOCOL_NUMBERS } from "./protocols";
export type { ProtocolName } from "./protocols";
export type { Flow, FlowPeer, Decision } from "./semantics";
export * from "./ports";
export * from "./cidr";
export { isJsonObject } from "./json";
