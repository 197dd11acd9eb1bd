/**
 * Named services through the whole synthesis: two environments bind the FTP
 * passive range differently, and every stack, report and invariant check sees
 * that environment's plain ports.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { SynthesisError } from "../../policy";
import { synthesizeAll } from "../../synth/synthesize";

const CATALOG = `name: mft
description: managed file transfer
roles:
  - id: ftp
    description: FTP servers
    egressDefault: deny
addressSets:
  - id: partners
    description: partner networks
services:
  - id: ftp-passive
    description: FTP passive data ports
    protocol: tcp
rules:
  - id: ftp-in
    target: ftp
    direction: ingress
    action: allow
    peer: set:partners
    protocol: tcp
    ports: [21, service:ftp-passive]
    description: FTP control and passive data from the partners
`;

const environment = (name: string, passive: string) => `name: ${name}
catalog: mft
namePrefix: mft
addressSets:
  partners: [198.51.100.0/24]
services:
  ftp-passive: [${passive}]
aws:
  region: eu-west-1
  vpcId: vpc-0123456789abcdef0
  backend:
    s3: { bucket: mft-state-${name}, region: eu-west-1 }
gcp:
  project: mft-project-1
  region: europe-west1
  network: mft-vpc
  backend:
    gcs: { bucket: mft-state-${name} }
azure:
  subscriptionId: 00000000-0000-4000-8000-000000000000
  resourceGroup: rg-fw
  location: westeurope
  backend:
    azurerm: { storageAccount: mftstate${name}, container: tfstate }
`;

function workspace(invariants = "") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-services-"));
  const catalogDir = path.join(dir, "catalog");
  const environmentsDir = path.join(dir, "environments");
  mkdirSync(catalogDir);
  mkdirSync(environmentsDir);
  writeFileSync(path.join(catalogDir, "mft.yaml"), CATALOG + invariants);
  writeFileSync(path.join(environmentsDir, "qa.yaml"), environment("qa", "30000-30100"));
  writeFileSync(path.join(environmentsDir, "prod.yaml"), environment("prod", "40000-40999"));
  return { dir, catalogDir, environmentsDir, outdir: path.join(dir, "cdktf.out") };
}

const stackJson = (outdir: string, stack: string) => JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));

describe("GIVEN two environments that bind the passive range differently", () => {
  const ws = workspace();
  afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

  test("WHEN synthesizing THEN each environment's stacks open its own range on every cloud, and its report says where the ports came from", async () => {
    await synthesizeAll(ws);
    for (const [env, range] of [
      ["qa", "30000-30100"],
      ["prod", "40000-40999"],
    ]) {
      const aws = Object.values<{ from_port: number; to_port: number }>(stackJson(ws.outdir, `${env}-aws`).resource.aws_vpc_security_group_ingress_rule).map((r) => `${r.from_port}-${r.to_port}`);
      expect(aws.sort()).toEqual(["21-21", range]);
      const gcp = Object.values<{ allow?: { ports?: string[] }[] }>(stackJson(ws.outdir, `${env}-gcp`).resource.google_compute_firewall).flatMap((f) => (f.allow ?? []).flatMap((a) => a.ports ?? []));
      expect(gcp.sort()).toEqual(["21", range]);
      const azure = Object.values<{ destination_port_ranges?: string[] }>(stackJson(ws.outdir, `${env}-azure`).resource.azurerm_network_security_rule).flatMap((r) => r.destination_port_ranges ?? []);
      expect(azure.sort()).toEqual(["21", range]);
      const report = JSON.parse(readFileSync(path.join(ws.outdir, "reports", `${env}.json`), "utf8"));
      expect(report.rules[0].services).toEqual([{ id: "ftp-passive", ports: range }]);
    }
  });
});

test("GIVEN an invariant that one environment's binding breaks THEN synthesis refuses it with the invariant's code, naming that environment's stacks; the other environment synthesizes", async () => {
  const ws = workspace(`invariants:
  - id: nothing-above-35000
    description: The partners never reach ports above 35000
    never: { from: set:partners, to: ftp, protocol: tcp, ports: [35000-65535] }
`);
  try {
    const error = await synthesizeAll(ws).catch((e) => e);
    expect(error).toBeInstanceOf(SynthesisError);
    expect((error as SynthesisError).code).toBe("CATALOG_INVARIANT_BROKEN");
    // prod alone is refused as well: its binding (not qa's) breaks the invariant.
    expect(
      await synthesizeAll({ ...ws, only: ["prod"] }).then(
        () => undefined,
        (e) => (e as SynthesisError).code,
      ),
    ).toBe("CATALOG_INVARIANT_BROKEN");
    // qa's range (30000-30100) keeps the invariant: qa alone synthesizes.
    await synthesizeAll({ ...ws, only: ["qa"] });
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
});
