/**
 * A small catalog of three tiers (an Edge for the DMZ, an application and a
 * database) for the tests of several networks per cloud: the unit tests
 * (__tests__/modules/networks.test.ts) and the e2e suite (e2e/networks.e2e.test.ts).
 */
export const TIERS_CATALOG = `name: tiers
description: Three tiers in two networks
roles:
  - id: edge
    description: Edge tier in the DMZ
    egressDefault: deny
  - id: app
    description: Application servers
    egressDefault: deny
  - id: db
    description: Database
    egressDefault: deny
addressSets:
  - id: partners
    description: Partners' addresses
rules:
  - id: edge-from-partners
    target: edge
    direction: ingress
    action: allow
    peer: set:partners
    protocol: tcp
    ports: [443]
    description: Partners reach the Edge
  - id: app-from-edge
    target: app
    direction: ingress
    action: allow
    peer: role:edge
    protocol: tcp
    ports: [8443]
    description: Edge to the application
  - id: db-from-app
    target: db
    direction: ingress
    action: allow
    peer: role:app
    protocol: tcp
    ports: [5432]
    description: Application to the database
`;
