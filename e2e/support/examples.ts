/**
 * The example environments bound to the emulator: a temporary copy of
 * environments/ with each AWS vpcId (or, where an environment places roles in
 * several VPCs, each aws.networks.<name>.vpcId) replaced by a VPC the suite
 * created (moto cannot create a VPC with a given id), and synthesis of that
 * copy through the compiled main command, as `npm run synth` runs it.
 */
import { execFile } from "child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parseDocument } from "yaml";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface ExampleEnvironment {
  readonly name: string;
  readonly region: string;
  /** S3 state bucket, when the stack keeps its state in S3. */
  readonly bucket?: string;
  readonly bucketRegion?: string;
  /** The VPCs aws.networks declares, in file order, where the environment places roles in several; absent for one aws.vpcId. */
  readonly networks?: readonly ExampleNetwork[];
}

export interface ExampleNetwork {
  readonly name: string;
  readonly cidrs: readonly string[];
  readonly peeredWith: readonly string[];
}

/** The emulator's VPC for an environment: one id (aws.vpcId), or one per network of aws.networks. */
export type EmulatorVpcs = string | Readonly<Record<string, string>>;

/** The example environments with an AWS part, as their files say. */
export function exampleAwsEnvironments(dir = path.join(ROOT, "environments")): ExampleEnvironment[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => parseDocument(readFileSync(path.join(dir, f), "utf8")).toJS())
    .filter((e) => e.aws)
    .map((e) => ({
      name: e.name,
      region: e.aws.region,
      bucket: e.aws.backend.s3?.bucket,
      bucketRegion: e.aws.backend.s3?.region,
      ...(e.aws.networks ? { networks: Object.entries<any>(e.aws.networks).map(([name, n]) => ({ name, cidrs: n.cidrs ?? [], peeredWith: n.peeredWith ?? [] })) } : {}),
    }));
}

/**
 * Copies the environments folder (`src`, environments/ by default) into `dest`
 * with each environment's emulator VPCs put in: aws.vpcId, or the vpcId of each
 * network of aws.networks; comments and order kept.
 */
export function bindEnvironments(
  dest: string,
  vpcOf: Readonly<Record<string, EmulatorVpcs>>,
  edit?: (name: string, doc: ReturnType<typeof parseDocument>) => void,
  src = path.join(ROOT, "environments"),
): string {
  mkdirSync(dest, { recursive: true });
  cpSync(path.join(src, "schema"), path.join(dest, "schema"), { recursive: true });
  for (const f of readdirSync(src).filter((n) => n.endsWith(".yaml"))) {
    const doc = parseDocument(readFileSync(path.join(src, f), "utf8"));
    const name = String(doc.get("name"));
    const vpcs = vpcOf[name];
    if (typeof vpcs === "string") doc.setIn(["aws", "vpcId"], vpcs);
    else if (vpcs) {
      for (const [network, id] of Object.entries(vpcs)) {
        if (!doc.hasIn(["aws", "networks", network])) throw new Error(`environment ${name} declares no aws network "${network}"`);
        doc.setIn(["aws", "networks", network, "vpcId"], id);
      }
    }
    edit?.(name, doc);
    writeFileSync(path.join(dest, f), doc.toString());
  }
  return dest;
}

/** Runs the compiled main command (build it first) on the given catalog and environment folders. */
export function synthesize(opts: { outdir: string; environmentsDir: string; catalogDir?: string; only?: string[] }): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: opts.outdir,
    FIREWALL_ENVIRONMENTS_DIR: opts.environmentsDir,
    FIREWALL_CATALOG_DIR: opts.catalogDir ?? path.join(ROOT, "catalog"),
    FIREWALL_ENVIRONMENTS: (opts.only ?? []).join(","),
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, "dist", "main.js")], { cwd: ROOT, env }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`synthesis failed: ${stderr || error.message}`));
      else resolve();
    });
  });
}
