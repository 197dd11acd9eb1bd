/**
 * Verify and report for catalogs in any app: from the record a FirewallCatalog
 * leaves in its stack's Terraform JSON (modules/catalog-record.ts), against
 * the resources of that construct only (by their metadata path), so the app's
 * own resources and a second catalog in the stack are not mistaken for ours.
 * Used in-process (verifyCatalog/reportCatalog on a construct) and by the
 * `firewall-catalog` command on a cdktf.out.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import type { IConstruct } from "constructs";
import { CATALOG_RECORD_KEY, CatalogRecord } from "../modules/catalog-record";
import { CLOUDS, CloudId, isCloudId } from "../modules/clouds";
import { placeForCloud } from "../modules/networks";
import { core } from "../modules/runtime";
import { BoundPolicy, ConfigError, isJsonObject, PeerEntry, SynthesisError } from "../policy";
import { lintPolicy } from "../policy/lint";
import { manifestPath } from "../synth/layout";
import { buildCoverageReport, CoverageReport } from "../synth/report/coverage";
import { checkEnvironment, CheckReport } from "../modules/engine/check";
import { configurationFiles } from "./effective/twin";

/** One catalog's check: the catalog against what its own resources decide, on every cloud it renders. */
export interface CatalogCheck {
  /** The stack it is in. */
  readonly stack: string;
  /** The construct's path. */
  readonly path: string;
  /** The flows checked and every disagreement. */
  readonly report: CheckReport;
}

/** The records of every FirewallCatalog in a stack's synthesized JSON. */
export function catalogRecords(stackJson: unknown): CatalogRecord[] {
  const comment = (stackJson as { "//"?: Record<string, unknown> } | null)?.["//"];
  const records = comment?.[CATALOG_RECORD_KEY];
  if (records === undefined) return [];
  if (records === null || typeof records !== "object") throw new SynthesisError(`the stack's "//".${CATALOG_RECORD_KEY} is not a map of catalog records`, undefined, "VERIFY_BAD_RECORD");
  return Object.keys(records)
    .sort()
    .map((k) => (records as Record<string, CatalogRecord>)[k]);
}

/** The stack JSON with only the resources whose construct path lies under `constructPath`, and the outputs the record says its clouds read. */
export function resourcesUnder(stackJson: any, constructPath: string, outputs: Readonly<Record<string, unknown>> = {}): unknown {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [type, byId] of Object.entries<Record<string, any>>(stackJson?.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) {
      const at = body?.["//"]?.metadata?.path;
      if (typeof at === "string" && at.startsWith(`${constructPath}/`)) (resource[type] ??= {})[id] = body;
    }
  }
  return { ...stackJson, resource, output: Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value }])) };
}

/** Checks one recorded catalog against its resources; fails closed on what it cannot decide. */
export function verifyRecord(stack: string, record: CatalogRecord, stackJson: unknown): CatalogCheck {
  const clouds = record && typeof record === "object" ? Object.keys(record.clouds ?? {}) : [];
  if (!record.bound || !Array.isArray(record.bound.rules) || clouds.length === 0 || !clouds.every(isCloudId)) {
    throw new SynthesisError(
      `stack ${stack}: the record of ${record?.path ?? "a catalog"} is not one this version writes (clouds: ${clouds.join(", ") || "none"}); synthesize again with this version`,
      undefined,
      "VERIFY_BAD_RECORD",
    );
  }
  const tokens = record.bound.rules.flatMap((r) => r.peers.filter((p: PeerEntry) => p.kind === "cidr" && p.token !== undefined).map(() => r.id));
  if (tokens.length > 0) {
    throw new SynthesisError(
      `stack ${stack}, ${record.path}: rule(s) ${[...new Set(tokens)].join(", ")} use addresses that are Terraform references (tokens), which no check can decide before apply; verify checks catalogs whose addresses are literal`,
      undefined,
      "VERIFY_TOKEN_ADDRESSES",
    );
  }
  const own = resourcesUnder(stackJson, record.path, Object.assign({}, ...clouds.map((c) => record.clouds[c].outputs ?? {})));
  const report = checkEnvironment({ bound: record.bound, stacks: clouds.map((cloud) => ({ cloud: cloud as CloudId, json: own, section: record.clouds[cloud].section })) });
  return { stack, path: record.path, report };
}

/** The coverage report of one recorded catalog: how each cloud realised each rule, and the lint's findings. */
export function reportRecord(stack: string, record: CatalogRecord): CoverageReport {
  const bound = record.bound as BoundPolicy;
  const clouds = Object.fromEntries(
    Object.entries(record.clouds).map(([cloud, c]) => {
      // Placed as the construct placed it, so the report lists the networks and widened peers.
      const placed = isCloudId(cloud) ? placeForCloud(CLOUDS[cloud] as unknown as Parameters<typeof placeForCloud>[0], c.section, bound) : undefined;
      return [cloud, { stack, realisations: c.realisations, egressDefaults: c.egressDefaults, ingressDefaults: c.ingressDefaults, ...(placed ? { placed } : {}) }];
    }),
  );
  return buildCoverageReport({ environment: bound.environment, bound, clouds, lint: lintPolicy(bound) });
}

/** A catalog construct (FirewallCatalog) as the checks see it. */
interface CatalogConstruct extends IConstruct {
  readonly bound: BoundPolicy;
}

function synthesizedStackOf(catalog: CatalogConstruct): { name: string; json: unknown; record: CatalogRecord } {
  const { TerraformStack } = core();
  const stack = TerraformStack.of(catalog);
  // toTerraform, not Testing.synth: Testing strips the "//" comments that hold the record and the resources' paths.
  const json = JSON.parse(JSON.stringify(stack.toTerraform()));
  const record = catalogRecords(json).find((r) => r.path === catalog.node.path);
  if (!record) throw new SynthesisError(`${catalog.node.path}: its stack holds no catalog record; pass a FirewallCatalog (per-cloud constructs used alone keep none)`, undefined, "VERIFY_NO_RECORD");
  return { name: stack.node.id, json, record };
}

/**
 * Checks a FirewallCatalog against what its stack synthesizes: every cloud it
 * renders must decide a systematic set of flows as the catalog does.
 *
 * @example
 *   const report = verifyCatalog(firewall).report;
 *   expect(report.disagreements).toEqual([]);
 */
export function verifyCatalog(catalog: CatalogConstruct): CatalogCheck {
  const { name, json, record } = synthesizedStackOf(catalog);
  return verifyRecord(name, record, json);
}

/**
 * The coverage report of a FirewallCatalog (Markdown and JSON): how each rule
 * is realised on each cloud, the egress defaults, the lint's findings.
 *
 * @example
 *   writeFileSync("firewall.md", reportCatalog(firewall).markdown);
 */
export function reportCatalog(catalog: CatalogConstruct): CoverageReport {
  const { name, record } = synthesizedStackOf(catalog);
  return reportRecord(name, record);
}

/**
 * Every stack of a cdktf.out (from its manifest) with its synthesized JSON.
 * Terraform runs in a stack's working directory and reads every *.tf and
 * *.tf.json there; only cdk.tf.json is judged here, so a manifest pointing
 * elsewhere, or a working directory holding other configuration files, is
 * refused rather than passed unread.
 */
export function synthesizedStacks(outdir: string): { name: string; json: unknown }[] {
  const manifestFile = manifestPath(outdir);
  const unreadable = (message: string, hint = "Synthesize again.") => new ConfigError([{ code: "VERIFY_NO_OUTPUT", message, hint }]);
  if (!existsSync(manifestFile)) throw unreadable(`${manifestFile} is missing`, "Run cdktf synth (or your app) first, or pass its output folder.");
  let manifest: { stacks?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch (e) {
    throw unreadable(`${manifestFile} is not JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(manifest) || !isJsonObject(manifest.stacks)) throw unreadable(`${manifestFile} holds no map of stacks, as CDKTF writes it (truncated or edited?)`);
  const stacks = manifest.stacks;
  return Object.keys(stacks)
    .sort()
    .map((name) => {
      const entry = stacks[name];
      const relative = isJsonObject(entry) && typeof entry.synthesizedStackPath === "string" ? entry.synthesizedStackPath : undefined;
      const workingDirectory = isJsonObject(entry) && typeof entry.workingDirectory === "string" ? entry.workingDirectory : undefined;
      if (relative === undefined || workingDirectory === undefined) throw unreadable(`${manifestFile}: stack ${name} has no synthesizedStackPath and workingDirectory`);
      const file = path.join(outdir, relative);
      const folder = path.join(outdir, workingDirectory);
      if (path.resolve(path.dirname(file)) !== path.resolve(folder)) {
        throw new ConfigError([
          {
            code: "VERIFY_MANIFEST_PATH",
            subject: `${manifestFile}: stack "${name}"`,
            message: `synthesizedStackPath ${JSON.stringify(relative)} is not in its workingDirectory ${JSON.stringify(workingDirectory)}, where Terraform runs: verify would judge a file Terraform does not read`,
            hint: "Synthesize again; never point the manifest at another copy.",
          },
        ]);
      }
      if (!existsSync(file)) throw unreadable(`stack ${name}: ${file} is missing`);
      const others = configurationFiles(folder).filter((f) => f !== path.basename(file));
      if (others.length > 0) {
        throw new ConfigError([
          {
            code: "VERIFY_FOLDER_NOT_ONLY_SYNTHESIS",
            subject: `stack ${name}`,
            message: `${folder} also holds ${others.join(", ")}, which Terraform reads with ${path.basename(file)}, and this check judges only the synthesized file`,
            hint: "Move those files out of the stack's folder (or into your CDKTF app, as constructs) and verify again.",
          },
        ]);
      }
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, "utf8"));
      } catch (e) {
        throw unreadable(`stack ${name}: ${file} is not JSON (${(e as Error).message})`);
      }
      return { name, json };
    });
}
