/**
 * `npm run reach -- --env E --from <ip|cidr|role|set> --to <role|ip> --protocol P [--port N] [--json]`:
 * can X reach Y, per cloud of the environment and in the catalog? Each
 * cloud's answer is the effective-access engine's reading of its synthesized
 * stack folder (`cdktf.out/stacks/<env>-<cloud>/`, refused when stale), with
 * the deciding resource (or the default that decided). Exit 0 when every
 * cloud agrees with the catalog, 1 when one does not, 2 when it cannot tell.
 */
import { CLOUD_IDS, CloudId, CLOUDS } from "../modules/clouds";
import { CloudDefinition } from "../modules/cloud";
import { catalogAnswer, CatalogAnswer, cloudAnswer, describeQuestion, needsPort, parseEndpoint, parseProtocol, questionFlowsIn, ReachAnswer, ReachQuestion } from "../modules/engine/reach";
import { BoundPolicy, ConfigError } from "../policy";
import type { EffectiveView } from "../modules/cloud";
import { boundForCloud } from "../modules/platform";
import type { PlacedPolicy } from "../modules/networks";
import { stackName } from "../stacks/app";
import { loadBoundEnvironments, LoadOptions } from "../stacks/environment";
import { refuseStaleOutput, synthesizedStacks } from "./cli";
import { stackConfig } from "./effective/folders";

export const REACH_USAGE =
  "usage: npm run reach -- --env <environment> --from <any|ip|cidr|role:<id>|set:<id>> --to <role:<id>|ip> --protocol <tcp|udp|icmp|…|number> [--port <n>] [--json] [<synthesis folder>]";

export interface ReachArgs {
  readonly env: string;
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port?: number;
  readonly outdir?: string;
}

export interface ReachReport {
  readonly clouds: Partial<Record<CloudId, ReachAnswer>>;
  readonly catalog: CatalogAnswer;
  /**
   * Per cloud whose section places roles in several networks, where the policy
   * as placed there (in the cloud's words) decides otherwise than the catalog
   * in those words (a widened peer: a role of another network named by its
   * network's CIDRs): what it decides. The cloud is held to this one, as
   * verify holds it.
   */
  readonly placed?: Partial<Record<CloudId, CatalogAnswer>>;
  /**
   * Present where a platform peer (platform:load-balancer) makes the catalog's
   * answer differ by cloud: its answer in the words of each such cloud, which
   * that cloud is held to unless `placed` gives one. @default none
   */
  readonly catalogOnCloud?: Partial<Record<CloudId, CatalogAnswer>>;
}

export function parseReachArgs(argv: readonly string[]): ReachArgs {
  const usage = (message: string) => new ConfigError([{ code: "CLI_USAGE", message, hint: REACH_USAGE }]);
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(env|from|to|protocol|port)(?:=(.*))?$/.exec(a);
    if (m) {
      const value = m[2] ?? argv[++i];
      if (value === undefined || value === "") throw usage(`--${m[1]} needs a value`);
      if (values[m[1]] !== undefined) throw usage(`--${m[1]} given twice`);
      values[m[1]] = value;
    } else if (a.startsWith("-")) throw usage(`unknown option ${a}`);
    else positional.push(a);
  }
  for (const required of ["env", "from", "to", "protocol"]) if (values[required] === undefined) throw usage(`--${required} is required`);
  if (positional.length > 1) throw usage(`one synthesis folder at most, got ${positional.join(" ")}`);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new ConfigError([{ code: "REACH_BAD_PORT", subject: `--port ${JSON.stringify(values.port)}`, message: "is not a port 1-65535" }]);
  }
  return { env: values.env, from: values.from, to: values.to, protocol: values.protocol, port, outdir: positional[0] };
}

export async function reach(args: ReachArgs, options: Omit<LoadOptions, "only"> = {}): Promise<ReachReport> {
  const environments = loadBoundEnvironments({ ...options, only: [args.env] });
  const outdir = args.outdir || "cdktf.out";
  refuseStaleOutput(outdir, environments);
  const stacks = synthesizedStacks(outdir);
  const [{ environment: env, bound, placed: inNetworks }] = environments;
  const protocol = parseProtocol(args.protocol);
  if (needsPort(protocol) && args.port === undefined) throw new ConfigError([{ code: "REACH_BAD_PORT", subject: `--protocol ${args.protocol}`, message: "takes a port", hint: "Add --port <n>." }]);
  if (!needsPort(protocol) && args.port !== undefined) throw new ConfigError([{ code: "REACH_BAD_PORT", subject: `--port ${args.port}`, message: `protocol ${args.protocol} has no ports` }]);
  const question: ReachQuestion = { from: parseEndpoint(args.from, bound, "from"), to: parseEndpoint(args.to, bound, "to"), protocol, port: args.port };
  const present = CLOUD_IDS.filter((id) => env[id] !== undefined);
  const views = [];
  for (const cloud of present) {
    const folder = stacks.folderOf(stackName(env.name, cloud));
    const definition = CLOUDS[cloud] as unknown as CloudDefinition<unknown>;
    views.push({ cloud, view: definition.readEffective(await stackConfig(folder, cloud), env[cloud], { environment: env.name, namePrefix: env.namePrefix, source: folder }) });
  }
  return answerQuestion(bound, question, views, inNetworks);
}

/**
 * The answer of every cloud's view and of the catalog: as placed in a cloud's
 * networks where that decides otherwise, and in the cloud's own words where a
 * platform peer makes the answer differ.
 */
export function answerQuestion(
  bound: BoundPolicy,
  question: ReachQuestion,
  views: readonly { cloud: CloudId; view: EffectiveView }[],
  inNetworks: Partial<Record<CloudId, PlacedPolicy>> = {},
): ReachReport {
  const directions = questionFlowsIn(
    bound,
    question,
    views.map((v) => v.view),
  );
  const clouds: Partial<Record<CloudId, ReachAnswer>> = {};
  for (const { cloud, view } of views) clouds[cloud] = cloudAnswer(view, directions);
  const catalog = catalogAnswer(bound, directions);
  const placed: Partial<Record<CloudId, CatalogAnswer>> = {};
  const catalogOnCloud: Partial<Record<CloudId, CatalogAnswer>> = {};
  for (const { cloud } of views) {
    // The catalog in the cloud's words first (a platform peer), then as placed in its networks, which is in its words too.
    const own = boundForCloud(bound, CLOUDS[cloud]);
    const inWords = own === bound ? undefined : catalogAnswer(own, directions);
    if (inWords && (inWords.decision !== catalog.decision || inWords.rule !== catalog.rule)) catalogOnCloud[cloud] = inWords;
    const p = inNetworks[cloud];
    const answer = p && catalogAnswer(p.bound, directions);
    if (answer && answer.decision !== (catalogOnCloud[cloud] ?? catalog).decision) placed[cloud] = answer;
  }
  return { clouds, catalog, ...(Object.keys(placed).length > 0 ? { placed } : {}), ...(Object.keys(catalogOnCloud).length > 0 ? { catalogOnCloud } : {}) };
}

/** What a cloud is held to: the catalog, in its words where a platform peer decides otherwise, as placed in the cloud's networks where that does. */
function expectedOf(report: ReachReport, cloud: CloudId): CatalogAnswer {
  return report.placed?.[cloud] ?? report.catalogOnCloud?.[cloud] ?? report.catalog;
}

/** Whether every cloud decides as the catalog (as placed in its networks) does, without doubt. */
export function agrees(report: ReachReport): boolean {
  return (Object.entries(report.clouds) as [CloudId, ReachAnswer | undefined][]).every(([id, c]) => c !== undefined && c.decision === expectedOf(report, id).decision && !c.uncertain);
}

export function formatReach(args: ReachArgs, report: ReachReport): string {
  const lines = [`${args.env}: ${args.protocol}${args.port !== undefined ? ` ${args.port}` : ""} from ${args.from} to ${args.to}`];
  lines.push(`  catalog: ${report.catalog.decision} (${report.catalog.by})`);
  for (const id of CLOUD_IDS) {
    const c = report.clouds[id];
    const asPlaced = report.placed?.[id];
    if (asPlaced)
      lines.push(`  catalog as placed in the ${CLOUDS[id].displayName} networks: ${asPlaced.decision} (${asPlaced.by}; a role of another network named by its network's CIDRs, a widened peer)`);
    if (c)
      lines.push(
        `  ${CLOUDS[id].displayName}: ${c.decision} (${c.by})${c.uncertain ? `; uncertain: ${c.uncertain}` : ""}${c.decision !== expectedOf(report, id).decision ? "  <- differs from the catalog: run `npm run verify`" : ""}`,
      );
    const own = report.catalogOnCloud?.[id];
    if (c && own) lines.push(`    (the catalog in ${CLOUDS[id].displayName}'s words, for platform:load-balancer: ${own.decision} (${own.by}))`);
  }
  return `${lines.join("\n")}\n`;
}

export { describeQuestion };
