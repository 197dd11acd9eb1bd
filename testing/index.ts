/**
 * Jest matchers for a team's own tests of a stack that holds a FirewallCatalog
 * (`import { firewallMatchers } from "firewall-catalog-cdktf/testing"`):
 *
 *   expect.extend(firewallMatchers);
 *   const json = Testing.synth(stack);
 *   expect(json).toAllowFlow({ from: "10.1.2.3", to: "web", protocol: "tcp", port: 443 });
 *   expect(json).not.toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 22, cloud: "aws" });
 *
 * The effective-access engine reads the synthesized JSON of every cloud it
 * holds (or the one named), as verify does. `toAllowFlow` passes when the
 * whole of the flow is allowed (every address of `from`); `.not.toAllowFlow`
 * passes only when none of it is. Roles are found as our constructs name them
 * (AWS's catalog-role tag, `<namePrefix>-<environment>-<role>` names and tags).
 */
import type { CloudDefinition, EffectiveView } from "../modules/cloud";
import { CLOUD_IDS, CloudId, CLOUDS, isCloudId } from "../modules/clouds";
import { cloudsOf } from "../modules/engine/clouds-of";
import { cutsOf, decidedBy, describeQuestion, Endpoint, parseProtocol, questionFlowsIn, ReachQuestion } from "../modules/engine/reach";
import { BoundPolicy, cidrFamily, ConfigError, parseCidr } from "../policy";

/** The flow a test asks about. */
export interface FlowExpectation {
  /** `any`, an address, a CIDR, or `role:<id>` (a role of a catalog in the stack). */
  readonly from: string;
  /** A role id of a catalog in the stack. */
  readonly to: string;
  /** tcp, udp, sctp, icmp, icmpv6, or an IP protocol number. */
  readonly protocol: string | number;
  /** The destination port, for tcp, udp and sctp. */
  readonly port?: number;
  /** Judge one cloud only. @default every cloud the stack holds */
  readonly cloud?: CloudId;
}

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** What one cloud decides for the flow: whether all of it and any of it is allowed, and who decided. */
interface CloudVerdict {
  readonly cloud: CloudId;
  readonly all: boolean;
  readonly any: boolean;
  /** The first decision that stops the flow, and the first that lets it through. */
  readonly denied?: string;
  readonly allowed?: string;
}

function parseJson(received: unknown): any {
  if (typeof received === "string") {
    try {
      return JSON.parse(received);
    } catch {
      throw new ConfigError([{ code: "LIB_MATCHER_INPUT", message: "toAllowFlow expects the output of Testing.synth(stack) (a JSON string) or the parsed object; this string is not JSON" }]);
    }
  }
  if (received && typeof received === "object") return received;
  throw new ConfigError([{ code: "LIB_MATCHER_INPUT", message: `toAllowFlow expects the output of Testing.synth(stack), got ${typeof received}` }]);
}

/** The `<namePrefix>-<environment>-` our constructs put before `role` in a name or tag of the configuration. */
function conventionOf(json: any, role: string): { namePrefix?: string; environment?: string } {
  const names: string[] = [];
  for (const byName of Object.values<any>(json.resource ?? {})) {
    for (const body of Object.values<any>(byName ?? {})) {
      if (typeof body?.name === "string") names.push(body.name);
      for (const t of [...[body?.target_tags ?? []].flat(), ...[body?.source_tags ?? []].flat()]) if (typeof t === "string") names.push(t);
    }
  }
  // The shortest such name is the role's own group or tag (rule names carry more words before the role).
  const match = names.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).find((n) => n.endsWith(`-${role}`) && n.length > role.length + 1);
  if (!match) return {};
  const prefix = match.slice(0, -(role.length + 1));
  const cut = prefix.lastIndexOf("-");
  // Only the joined `<namePrefix>-<environment>` matters to the readers.
  return cut > 0 ? { namePrefix: prefix.slice(0, cut), environment: prefix.slice(cut + 1) } : { namePrefix: prefix, environment: "" };
}

function endpoint(text: string, which: "from" | "to", roles: readonly string[]): Endpoint {
  if (text === "any") return { kind: "cidrs", cidrs: ["0.0.0.0/0", "::/0"], text };
  const role = text.startsWith("role:") ? text.slice(5) : which === "to" ? text : undefined;
  if (role !== undefined) {
    if (!roles.includes(role))
      throw new ConfigError([
        { code: "LIB_MATCHER_UNKNOWN_ROLE", subject: `${which}: ${JSON.stringify(text)}`, message: `no cloud of the stack has role "${role}"`, hint: `Roles found: ${roles.join(", ") || "none"}.` },
      ]);
    return { kind: "role", role };
  }
  const literal = text.includes("/") ? text : `${text}/${text.includes(":") ? 128 : 32}`;
  const parsed = parseCidr(literal);
  if ("error" in parsed)
    throw new ConfigError([{ code: "LIB_MATCHER_BAD_FLOW", subject: `${which}: ${JSON.stringify(text)}`, message: `is neither any, role:<id>, an address nor a CIDR (${parsed.error})` }]);
  return { kind: "cidrs", cidrs: [parsed.cidr], text };
}

function judge(json: any, flow: FlowExpectation): { question: ReachQuestion; verdicts: CloudVerdict[] } {
  if (!flow || typeof flow !== "object" || typeof flow.from !== "string" || typeof flow.to !== "string" || flow.protocol === undefined) {
    throw new ConfigError([
      { code: "LIB_MATCHER_BAD_FLOW", message: "toAllowFlow takes { from, to, protocol, port?, cloud? }", hint: 'Such as { from: "10.0.0.1", to: "web", protocol: "tcp", port: 443 }.' },
    ]);
  }
  const present = cloudsOf(json);
  if (flow.cloud !== undefined && (!isCloudId(flow.cloud) || !present.includes(flow.cloud))) {
    throw new ConfigError([
      {
        code: "LIB_MATCHER_NO_CLOUD",
        subject: `cloud: ${JSON.stringify(flow.cloud)}`,
        message: `the stack holds no resources of it (it holds ${present.join(", ") || "none"})`,
        hint: `Use one of ${CLOUD_IDS.join(", ")} that the stack renders.`,
      },
    ]);
  }
  const clouds = flow.cloud ? [flow.cloud] : present;
  if (clouds.length === 0) throw new ConfigError([{ code: "LIB_MATCHER_NO_CLOUD", message: "the stack holds no firewall resources of any cloud" }]);
  const context = conventionOf(json, flow.to);
  const views: { cloud: CloudId; view: EffectiveView }[] = clouds.map((cloud) => ({
    cloud,
    view: (CLOUDS[cloud] as unknown as CloudDefinition<unknown>).readEffective(json, undefined, { ...context, source: "the synthesized stack" }),
  }));
  const roles = [...new Set(views.flatMap((v) => v.view.roles()))].sort();
  const protocol = parseProtocol(String(flow.protocol));
  const question: ReachQuestion = { from: endpoint(flow.from, "from", roles), to: endpoint(flow.to, "to", roles), protocol, port: flow.port };
  if (question.to.kind !== "role") throw new ConfigError([{ code: "LIB_MATCHER_BAD_FLOW", subject: `to: ${JSON.stringify(flow.to)}`, message: "is not a role" }]);
  // IPv6 is asked about when the configuration or the question names it (`any` is then both families).
  const cuts = cutsOf(
    { rules: [] } as unknown as BoundPolicy,
    views.map((v) => v.view),
  );
  const ipv6 = cuts.some((c) => cidrFamily(c) === 6) || (question.from.kind === "cidrs" && question.from.text !== "any" && question.from.cidrs.some((c) => cidrFamily(c) === 6));
  const from: Endpoint = question.from.kind === "cidrs" && question.from.text === "any" && !ipv6 ? { ...question.from, cidrs: ["0.0.0.0/0"] } : question.from;
  const asked: ReachQuestion = { ...question, from };
  const bound = { rules: [], ipv6, managedRoles: roles.map((id) => ({ id })), roleBindings: {}, addressSets: {}, policy: { roles: roles.map((id) => ({ id })) } } as unknown as BoundPolicy;
  const directions = questionFlowsIn(
    bound,
    asked,
    views.map((v) => v.view),
  );
  const verdicts = views.map(({ cloud, view }) => {
    let all = true;
    // The IP families some of whose traffic every direction so far lets through: a packet is of one family, so a
    // sender that lets only IPv4 out and a receiver that admits only IPv6 let nothing through.
    let through: Set<number> | undefined;
    let denied: string | undefined;
    let allowed: string | undefined;
    for (const { flows } of directions) {
      const families = new Set<number>();
      for (const f of flows) {
        const d = view.decide(f);
        if (d.action === "allow" && !d.uncertain) {
          families.add(f.peer.family);
          allowed ??= decidedBy(view, f, d);
        } else {
          all = false;
          denied ??= `${decidedBy(view, f, d)}${d.uncertain ? ` (uncertain: ${d.uncertain})` : ""}${f.peer.kind === "address" ? ` for ${f.peer.address}` : ""}`;
          // An uncertain allow may let the flow through: `.not` must not pass on it.
          if (d.action === "allow") families.add(f.peer.family);
        }
      }
      through = new Set([...families].filter((family) => !through || through.has(family)));
    }
    return { cloud, all, any: (through?.size ?? 0) > 0, denied, allowed };
  });
  return { question: asked, verdicts };
}

function toAllowFlow(this: { isNot?: boolean } | void, received: unknown, flow: FlowExpectation): MatcherResult {
  const isNot = Boolean((this as { isNot?: boolean } | undefined)?.isNot);
  const { question, verdicts } = judge(parseJson(received), flow);
  const what = describeQuestion(question);
  if (!isNot) {
    const failing = verdicts.filter((v) => !v.all);
    return {
      pass: failing.length === 0,
      message: () =>
        failing.length === 0
          ? `expected ${what} not to be allowed, but ${verdicts.map((v) => `${CLOUDS[v.cloud].displayName} allows it (${v.allowed})`).join("; ")}`
          : `expected ${what} to be allowed, but ${failing.map((v) => `${CLOUDS[v.cloud].displayName} denies it: ${v.denied}`).join("; ")}`,
    };
  }
  // `.not`: jest fails the assertion when pass is true, so pass means "some of it is allowed somewhere".
  const leaking = verdicts.filter((v) => v.any);
  return {
    pass: leaking.length > 0,
    message: () =>
      leaking.length > 0
        ? `expected ${what} not to be allowed, but ${leaking.map((v) => `${CLOUDS[v.cloud].displayName} allows it: ${v.allowed ?? v.denied}`).join("; ")}`
        : `expected ${what} to be allowed, but ${verdicts.map((v) => `${CLOUDS[v.cloud].displayName} denies it: ${v.denied}`).join("; ")}`,
  };
}

/** The matchers for `expect.extend(firewallMatchers)`. */
export const firewallMatchers = { toAllowFlow };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The whole flow is allowed on every cloud of the stack (or `cloud`); with `.not`, none of it is. */
      toAllowFlow(flow: FlowExpectation): R;
    }
  }
}
