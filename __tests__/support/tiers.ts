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

/**
 * The three tiers with a load balancer group (`lb`, designated as the platform's
 * load balancer) whose health checks reach the application tier: the rule's
 * peer is `platform:load-balancer`, on AWS the group of `lb`, which the tests
 * place in the DMZ, away from the application.
 */
export const TIERS_LB_CATALOG = `${TIERS_CATALOG.replace("name: tiers", "name: tiers-lb").replace(
  "  - id: edge\n",
  "  - id: lb\n    description: Load balancer group\n    egressDefault: deny\n    platform: load-balancer\n  - id: edge\n",
)}  - id: app-from-lb
    target: app
    direction: ingress
    action: allow
    peer: platform:load-balancer
    protocol: tcp
    ports: [8080]
    description: Health checks of the load balancer
`;
