/** The three-tier catalogs and environment files of the several-networks suites (networks.test.ts, networks.integration.test.ts). */
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { TIERS_CATALOG, TIERS_LB_CATALOG } from "../support/tiers";

/** The same, with egress rules between the tiers (on GCP, whose egress firewalls name ranges only, each role peer is its network's CIDRs). */
export const TIERS_EGRESS_CATALOG = `${TIERS_CATALOG.replace("name: tiers", "name: tiers-egress")}  - id: edge-to-app
    target: edge
    direction: egress
    action: allow
    peer: role:app
    protocol: tcp
    ports: [8443]
    description: Edge to the application (its side)
  - id: app-to-db
    target: app
    direction: egress
    action: allow
    peer: role:db
    protocol: tcp
    ports: [5432]
    description: Application to the database (its side)
`;

export const INTERNAL_VPC = "vpc-0c3d4e5f607182930";
export const DMZ_VPC = "vpc-0d4e5f60718293a4b";

export function awsSection(peered: boolean, dmzRoles = "edge: dmz"): string {
  return `aws:
  region: eu-west-1
  networks:
    internal: { vpcId: ${INTERNAL_VPC}, cidrs: [10.30.0.0/16] }
    dmz: { vpcId: ${DMZ_VPC}, cidrs: [10.31.0.0/16]${peered ? ", peeredWith: [internal]" : ""} }
  placement: { "*": internal, ${dmzRoles} }
  backend:
    local: { path: terraform.tfstate }
`;
}

export const GCP_SECTION = `gcp:
  project: tiers-project
  region: europe-west1
  networks:
    internal: { network: tiers-vpc, cidrs: [10.30.0.0/16] }
    dmz: { network: tiers-dmz, cidrs: [10.31.0.0/16] }
  placement: { "*": internal, edge: dmz }
  backend:
    local: { path: terraform.tfstate }
`;

export const AZURE_SECTION = `azure:
  subscriptionId: 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9
  resourceGroup: rg-tiers
  location: westeurope
  networks:
    internal: { vnet: tiers-vnet, cidrs: [10.30.0.0/16] }
    dmz: { vnet: tiers-dmz-vnet, cidrs: [10.31.0.0/16] }
  placement: { "*": internal, edge: dmz }
  backend:
    local: { path: terraform.tfstate }
`;

export function environment(name: string, catalog: string, sections: string): string {
  return `name: ${name}\ncatalog: ${catalog}\nnamePrefix: tr\naddressSets:\n  partners: [198.51.100.0/24]\n${sections}`;
}

/** A workspace of the tiers catalogs and the given environment files. */
export function workspace(environments: Record<string, string>): { catalogDir: string; environmentsDir: string; outdir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-networks-"));
  const catalogDir = path.join(dir, "catalog");
  const environmentsDir = path.join(dir, "environments");
  mkdirSync(catalogDir);
  mkdirSync(environmentsDir);
  writeFileSync(path.join(catalogDir, "tiers.yaml"), TIERS_CATALOG);
  writeFileSync(path.join(catalogDir, "tiers-egress.yaml"), TIERS_EGRESS_CATALOG);
  writeFileSync(path.join(catalogDir, "tiers-lb.yaml"), TIERS_LB_CATALOG);
  for (const [name, text] of Object.entries(environments)) writeFileSync(path.join(environmentsDir, `${name}.yaml`), text);
  return { catalogDir, environmentsDir, outdir: path.join(dir, "out") };
}

/** The environments both networks suites synthesize: split and peered VPCs, egress rules, the load balancer in the DMZ. */
export const NETWORKS_ENVIRONMENTS = {
  split: environment("split", "tiers", awsSection(false) + GCP_SECTION + AZURE_SECTION),
  peered: environment("peered", "tiers", awsSection(true)),
  egress: environment("egress", "tiers-egress", awsSection(false)),
  "egress-peered": environment("egress-peered", "tiers-egress", awsSection(true)),
  "egress-gcp": environment("egress-gcp", "tiers-egress", GCP_SECTION),
  // The load balancer's group in the DMZ, the application it health-checks internal.
  "lb-split": environment("lb-split", "tiers-lb", awsSection(false, "edge: dmz, lb: dmz") + GCP_SECTION + AZURE_SECTION),
  "lb-peered": environment("lb-peered", "tiers-lb", awsSection(true, "edge: dmz, lb: dmz")),
};
