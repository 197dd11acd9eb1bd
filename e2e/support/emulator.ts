/**
 * The AWS emulator for the e2e suite: moto's server on 127.0.0.1 and a free
 * port, started through e2e/support/moto_launcher.py and stopped by its
 * process id. Nothing here reaches any other network.
 */
import { AcceptVpcPeeringConnectionCommand, CreateVpcCommand, CreateVpcPeeringConnectionCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { ChildProcess, spawn } from "child_process";
import { AddressInfo, createServer } from "net";
import * as path from "path";

const LAUNCHER = path.join(__dirname, "moto_launcher.py");
const START_TIMEOUT_MS = 60_000;
const INSTALL_HINT = "Install moto with its server extras for python3: pip install 'moto[server]' (or set MOTO_PYTHON to a Python that has it).";

export const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };

export interface Emulator {
  readonly endpoint: string;
  readonly pid: number;
  /** What routes Terraform, its S3 backend, the provider and the SDK to the emulator. */
  readonly env: Readonly<Record<string, string>>;
  ec2(region: string): EC2Client;
  s3(region: string): S3Client;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever happens to the test process (a failed hook, a timeout, an exit), the server goes with it;
// the launcher also exits by itself when its parent is gone.
process.once("exit", () => {
  for (const child of running)
    if (child.pid)
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
});

/** A TCP port nobody listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the emulator: by default the launcher directly, on a port the OS
 * picks; with `npmPort`, the way the docs tell a user to (`npm run emulator --
 * --port P` from the project folder), stopped by the npm process's id.
 */
export function startEmulator(options: { npmPort?: number } = {}): Promise<Emulator> {
  const python = process.env.MOTO_PYTHON || "python3";
  return new Promise((resolve, reject) => {
    const child =
      options.npmPort === undefined
        ? spawn(python, [LAUNCHER], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PYTHONUNBUFFERED: "1" } })
        : spawn("npm", ["run", "--silent", "emulator", "--", "--port", String(options.npmPort)], { cwd: path.join(__dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"], env: process.env });
    running.add(child);
    let printed = "";
    let done = false;
    const exited = new Promise<void>((r) => child.once("exit", () => (running.delete(child), r())));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, "SIGTERM");
      await exited;
    };
    const fail = (message: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`moto_server printed no port within ${START_TIMEOUT_MS / 1000} s:\n${printed.slice(-2000)}`), START_TIMEOUT_MS);
    // Drain both pipes for the server's whole life (it logs every request), or it blocks.
    const onData = (chunk: Buffer) => {
      if (done) return;
      printed += chunk.toString("utf8");
      const m = /MOTO_PORT (\d+)/.exec(printed);
      if (!m) return;
      done = true;
      clearTimeout(timer);
      const endpoint = `http://127.0.0.1:${m[1]}`;
      const env = { AWS_ENDPOINT_URL: endpoint, ...FAKE_CREDENTIALS, AWS_EC2_METADATA_DISABLED: "true" };
      const config = (region: string) => ({ region, endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
      resolve({
        endpoint,
        pid: child.pid!,
        env,
        ec2: (region) => new EC2Client(config(region)),
        s3: (region) => new S3Client({ ...config(region), forcePathStyle: true }),
        stop,
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (e) => fail(`cannot start ${python} for moto_server (${e.message}). ${INSTALL_HINT}`));
    child.once("exit", (code, signal) => {
      if (code === 3) fail(`moto_server is not installed: ${printed.trim()}. ${INSTALL_HINT}`);
      else fail(`moto_server exited (${signal ?? code}) before it listened:\n${printed.slice(-2000)}`);
    });
  });
}

export async function createVpc(emulator: Emulator, region: string, cidr: string): Promise<string> {
  const out = await emulator.ec2(region).send(new CreateVpcCommand({ CidrBlock: cidr }));
  return out.Vpc!.VpcId!;
}

/**
 * The emulator's VPCs of an environment: one (`fallbackCidr`) for one aws.vpcId,
 * or one per network of aws.networks (with the network's first IPv4 CIDR) and
 * an accepted peering for each peeredWith, as the environment declares them.
 */
export async function createVpcs(
  emulator: Emulator,
  env: { readonly region: string; readonly networks?: readonly { readonly name: string; readonly cidrs: readonly string[]; readonly peeredWith: readonly string[] }[] },
  fallbackCidr: string,
): Promise<string | Record<string, string>> {
  if (!env.networks) return createVpc(emulator, env.region, fallbackCidr);
  const ids: Record<string, string> = {};
  for (const n of env.networks) ids[n.name] = await createVpc(emulator, env.region, n.cidrs.find((c) => !c.includes(":")) ?? fallbackCidr);
  for (const n of env.networks) for (const other of n.peeredWith) await peerVpcs(emulator, env.region, ids[n.name], ids[other]);
  return ids;
}

/** A VPC peering in one region, accepted (what lets a rule reference a group of the other VPC). */
export async function peerVpcs(emulator: Emulator, region: string, vpcId: string, peerVpcId: string): Promise<string> {
  const ec2 = emulator.ec2(region);
  const out = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: peerVpcId }));
  const id = out.VpcPeeringConnection!.VpcPeeringConnectionId!;
  await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
  return id;
}

export async function createBucket(emulator: Emulator, region: string, bucket: string): Promise<void> {
  await emulator.s3(region).send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region as any } }));
}
