/**
 * The review of a change: for every environment and cloud, the access that
 * changes, what Terraform will do to the resources, and the risks, first.
 */
import { cloudDefinitions } from "../modules/clouds";
import { CloudDecision } from "../modules/effective";
import { BoundPolicy, cidrFamily, cidrInterval, ConfigError, Flow } from "../policy";
import { AccessChange, diffAccess } from "./access";
import { evaluatorOf } from "./clouds";
import { diffResources, resourcesFromPlan, resourcesOf, ResourceChanges } from "./resources";
import { ReviewSide, SideStack } from "./side";
import { PriorityChange, reviewPriorities } from "./priorities";

export interface CloudDiff {
  readonly cloud: string;
  readonly displayName: string;
  readonly stack: string;
  /** compared; added or removed: the stack exists on one side only. */
  readonly status: "compared" | "added" | "removed";
  readonly access: AccessChange[];
  readonly rolesAdded: string[];
  readonly rolesRemoved: string[];
  readonly resources: ResourceChanges;
  /** For a removed stack: its resources, which Terraform no longer manages (nothing destroys them). */
  readonly unmanaged?: string[];
  /** Resources kept on both sides whose priority changes (clouds that order rules by priority). */
  readonly priorityChanges?: PriorityChange[];
}

export interface EnvironmentDiff {
  readonly name: string;
  readonly status: "compared" | "added" | "removed";
  readonly clouds: CloudDiff[];
}

export type RiskKind = "security-group-replaced" | "security-group-destroyed" | "priority-collision" | "priority-reorder" | "deny-window" | "admin-port-reachable" | "address-widened";

export interface Risk {
  readonly kind: RiskKind;
  readonly environment: string;
  /** Clouds it happens on. */
  readonly clouds: string[];
  readonly resource?: string;
  readonly message: string;
}

export interface DiffReport {
  readonly base: string;
  readonly head: string;
  readonly risks: Risk[];
  readonly environments: EnvironmentDiff[];
  readonly accessChanged: boolean;
  readonly resourcesChanged: boolean;
  /** Things the review could not judge, with the reason. */
  readonly notes: string[];
}

export interface DiffOptions {
  /** Stack name → file written by `terraform show -json`: its actions replace the configuration-based resource diff. */
  readonly plans?: ReadonlyMap<string, string>;
}

/** Widening by this factor or more (a host to a /24, a /24 to a /16) is called out. */
export const WIDENING_FACTOR = 256n;
/** Ports that are administration ports in every catalog (SSH, RDP), besides a catalog's own adminPorts. */
export const ALWAYS_ADMIN_PORTS = [22, 3389];

export function diffSides(base: ReviewSide, head: ReviewSide, options: DiffOptions = {}): DiffReport {
  const plans = new Map(options.plans ?? []);
  for (const stack of plans.keys()) {
    if (!head.stacks.some((s) => s.name === stack) && !base.stacks.some((s) => s.name === stack)) {
      throw new ConfigError([
        {
          code: "DIFF_PLAN_UNKNOWN_STACK",
          message: `--plan names stack "${stack}", which neither side has (stacks: ${[...new Set(head.stacks.map((s) => s.name))].join(", ")})`,
          hint: "Name a stack that `npx cdktf list` prints.",
        },
      ]);
    }
  }
  const risks: Risk[] = [];
  const notes: string[] = [];
  const names = [...new Set([...base.environments.keys(), ...head.environments.keys()])].sort();
  const environments: EnvironmentDiff[] = names.map((env) => {
    const baseEnv = base.environments.get(env);
    const headEnv = head.environments.get(env);
    const clouds: CloudDiff[] = [];
    // The same flow opening on several clouds is one risk.
    const adminRisks: Risk[] = [];
    for (const cloud of cloudDefinitions()) {
      const b = base.stacks.find((s) => s.environment === env && s.cloud === cloud.id);
      const h = head.stacks.find((s) => s.environment === env && s.cloud === cloud.id);
      if (!b && !h) continue;
      const stack = (h ?? b)!.name;
      const plan = plans.get(stack);
      if (!b || !h) {
        // A new stack is applied from scratch. A stack no longer synthesized is not applied at all:
        // its resources stay in place, unmanaged, until someone runs terraform destroy in it.
        const all = [...resourcesOf((h ?? b)!.json).keys()].sort();
        const resources = plan
          ? resourcesFromPlan(stack, cloud.id, plan, [(h ?? b)!.json])
          : { stack, cloud: cloud.id, source: "configuration" as const, added: h ? all : [], destroyed: [], changed: [], replaced: [] };
        clouds.push({
          cloud: cloud.id,
          displayName: cloud.displayName,
          stack,
          status: h ? "added" : "removed",
          access: [],
          rolesAdded: [],
          rolesRemoved: [],
          resources,
          ...(h ? {} : { unmanaged: all }),
        });
        continue;
      }
      // The same configuration on both sides decides every flow the same way, and Terraform does nothing.
      if (!plan && JSON.stringify(b.json) === JSON.stringify(h.json)) {
        clouds.push({
          cloud: cloud.id,
          displayName: cloud.displayName,
          stack,
          status: "compared",
          access: [],
          rolesAdded: [],
          rolesRemoved: [],
          resources: { stack, cloud: cloud.id, source: "configuration", added: [], destroyed: [], changed: [], replaced: [] },
        });
        continue;
      }
      const read = (side: ReviewSide, s: SideStack, section: unknown) => {
        try {
          return evaluatorOf(cloud, s.json, section);
        } catch (e) {
          throw new ConfigError([
            {
              code: "DIFF_STACK_UNREADABLE",
              message: `stack ${s.name} of ${side.label} cannot be read as ${cloud.displayName} Terraform (${e instanceof Error ? e.message : String(e)})`,
              hint: "Synthesize it again with `npm run synth`.",
            },
          ]);
        }
      };
      const baseEval = read(base, b, b.section ?? h.section);
      const headEval = read(head, h, h.section);
      const resources = plan ? resourcesFromPlan(stack, cloud.id, plan, [b.json, h.json]) : diffResources(stack, cloud, b.json, h.json);

      // A deny resource that goes away while what it denied stays denied by a resource this change
      // creates (or by itself, replaced): between the destroy and the create, its flows fall to the rules below.
      const created = new Set([...resources.added, ...resources.replaced.map((r) => r.address)]);
      const gone = new Set([...resources.destroyed, ...resources.replaced.map((r) => r.address)]);
      const windows = new Map<string, Set<string>>();
      const observe = (_flow: Flow, before: CloudDecision, after: CloudDecision) => {
        if (before.action !== "deny" || after.action !== "deny") return;
        for (const r of before.resources.filter((x) => gone.has(x))) {
          const by = windows.get(r) ?? new Set<string>();
          after.resources.filter((x) => created.has(x)).forEach((x) => by.add(x));
          windows.set(r, by);
        }
      };
      const access = diffAccess(
        // Each cloud is held to the catalog as placed in its networks, as verify holds it.
        { evaluator: baseEval, bound: baseEnv?.placed?.[cloud.id] ?? baseEnv?.bound, report: baseEnv?.report, cloud: cloud.id },
        { evaluator: headEval, bound: headEnv?.placed?.[cloud.id] ?? headEnv?.bound, report: headEnv?.report, cloud: cloud.id },
        gone.size > 0 ? observe : undefined,
      );
      for (const [resource, by] of [...windows.entries()].sort()) {
        const replacedItself = resources.replaced.some((r) => r.address === resource);
        if (!replacedItself && by.size === 0) continue;
        const how = replacedItself
          ? "is replaced (destroyed, then created again)"
          : `is destroyed and what it denies is denied again by ${[...by]
              .sort()
              .map((x) => `\`${x}\``)
              .join(", ")}, created in the same apply`;
        risks.push({
          kind: "deny-window",
          environment: env,
          clouds: [cloud.id],
          resource,
          message: `${cloud.displayName} deny \`${resource}\` in \`${stack}\` ${how}: until the new rule exists, what it denied falls to the rules below it (and to the implied allow for egress)`,
        });
      }
      for (const group of cloud.changeRules?.attachedGroups ?? []) {
        for (const r of resources.replaced.filter((x) => x.address.startsWith(`${group.type}.`))) {
          risks.push({
            kind: "security-group-replaced",
            environment: env,
            clouds: [cloud.id],
            resource: r.address,
            message: `${cloud.displayName} ${group.noun} \`${r.address}\` in \`${stack}\` is replaced (${r.reasons.join("; ")}): instances attached to it block its deletion, or lose their rules if detached`,
          });
        }
        for (const a of resources.destroyed.filter((x) => x.startsWith(`${group.type}.`))) {
          risks.push({
            kind: "security-group-destroyed",
            environment: env,
            clouds: [cloud.id],
            resource: a,
            message: `${cloud.displayName} ${group.noun} \`${a}\` in \`${stack}\` is destroyed: instances attached to it block its deletion`,
          });
        }
      }
      const adminPorts = new Set([...ALWAYS_ADMIN_PORTS, ...(baseEnv?.bound?.policy.adminPorts ?? []), ...(headEnv?.bound?.policy.adminPorts ?? [])]);
      for (const c of access.changes) {
        if (c.direction !== "ingress" || c.before.action !== "deny" || c.after.action !== "allow" || c.ports.length === 0) continue;
        const hit = [...adminPorts].filter((p) => c.ports.some((r) => p >= r.from && p <= r.to)).sort((x, y) => x - y);
        if (hit.length === 0) continue;
        const message = `administration port${hit.length > 1 ? "s" : ""} ${hit.join(", ")} newly reachable: \`${c.traffic}\` from ${c.peer} to role \`${c.target}\`${c.after.rule ? ` (rule \`${c.after.rule}\`)` : ""}`;
        const same = adminRisks.find((r) => r.message === message);
        if (same) same.clouds.push(cloud.id);
        else adminRisks.push({ kind: "admin-port-reachable", environment: env, clouds: [cloud.id], message });
      }
      const priorities = reviewPriorities(cloud, b.json, h.json);
      for (const message of priorities.collisions) risks.push({ kind: "priority-collision", environment: env, clouds: [cloud.id], message: `${cloud.displayName} \`${stack}\`: ${message}` });
      for (const message of priorities.reorders)
        risks.push({
          kind: "priority-reorder",
          environment: env,
          clouds: [cloud.id],
          message: `${cloud.displayName} \`${stack}\`: renumbering: ${message}, so a flow both match may be decided the other way meanwhile`,
        });
      clouds.push({
        cloud: cloud.id,
        displayName: cloud.displayName,
        stack,
        status: "compared",
        access: access.changes,
        rolesAdded: access.rolesAdded,
        rolesRemoved: access.rolesRemoved,
        resources,
        priorityChanges: priorities.changes,
      });
    }
    risks.push(...adminRisks);
    if (baseEnv?.bound && headEnv?.bound) risks.push(...widenings(env, baseEnv.bound, headEnv.bound));
    else if (baseEnv && headEnv) notes.push(`\`${env}\`: address widening is judged from catalogs, and ${baseEnv.bound ? head.label : base.label} is a synthesis without its catalog`);
    return { name: env, status: !baseEnv ? "added" : !headEnv ? "removed" : "compared", clouds };
  });
  const accessChanged = environments.some((e) => e.status !== "compared" || e.clouds.some((c) => c.status !== "compared" || c.access.length > 0 || c.rolesAdded.length + c.rolesRemoved.length > 0));
  const resourcesChanged = environments.some((e) => e.clouds.some((c) => resourceCount(c.resources) > 0));
  return { base: base.label, head: head.label, risks: sortRisks(risks), environments, accessChanged, resourcesChanged, notes };
}

export function resourceCount(r: ResourceChanges): number {
  return r.added.length + r.destroyed.length + r.changed.length + r.replaced.length;
}

/** Allow rules (same id on both sides) whose peer now holds WIDENING_FACTOR times as many addresses or more. */
function widenings(env: string, base: BoundPolicy, head: BoundPolicy): Risk[] {
  const out: Risk[] = [];
  for (const rule of head.rules) {
    const before = base.rules.find((r) => r.id === rule.id);
    if (!before || rule.action !== "allow" || before.action !== "allow") continue;
    const cidrsOf = (r: typeof rule) => r.peers.flatMap((e) => (e.kind === "cidr" ? [e.cidr] : []));
    const rolesOf = (r: typeof rule) => r.peers.flatMap((e) => (e.kind === "role" ? [e.role] : []));
    const [was, now] = [addressCount(cidrsOf(before)), addressCount(cidrsOf(rule))];
    const peer = rule.peer.kind === "addressSet" ? `address set \`${rule.peer.name}\`` : "peer";
    if (was === 0n && rolesOf(before).length > 0 && now >= WIDENING_FACTOR) {
      // From a role's few machines to a network: a widening whatever the role's size.
      out.push({
        kind: "address-widened",
        environment: env,
        clouds: [],
        message: `rule \`${rule.id}\` in \`${env}\`: ${peer} widened from the members of role${rolesOf(before).length > 1 ? "s" : ""} ${rolesOf(before)
          .map((r) => `\`${r}\``)
          .join(", ")} to ${now.toLocaleString("en-US")} addresses (${cidrsOf(rule).join(", ")})`,
      });
      continue;
    }
    if (was === 0n || now < was * WIDENING_FACTOR) continue;
    out.push({
      kind: "address-widened",
      environment: env,
      clouds: [],
      message: `rule \`${rule.id}\` in \`${env}\`: ${peer} widened from ${was.toLocaleString("en-US")} address${was === 1n ? "" : "es"} (${cidrsOf(before).join(", ")}) to ${now.toLocaleString("en-US")} (${cidrsOf(rule).join(", ")})`,
    });
  }
  return out;
}

/** Addresses held by a list of networks, overlaps counted once. */
export function addressCount(cidrs: readonly string[]): bigint {
  let total = 0n;
  for (const family of [4, 6]) {
    const spans = cidrs
      .filter((c) => cidrFamily(c) === family)
      .map(cidrInterval)
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let end = -1n;
    for (const s of spans) {
      if (s.last <= end) continue;
      total += s.last - (s.first > end ? s.first : end + 1n) + 1n;
      end = s.last;
    }
  }
  return total;
}

const RISK_ORDER: RiskKind[] = ["security-group-replaced", "security-group-destroyed", "priority-collision", "priority-reorder", "deny-window", "admin-port-reachable", "address-widened"];
function sortRisks(risks: Risk[]): Risk[] {
  return [...risks].sort(
    (a, b) =>
      a.environment.localeCompare(b.environment) || RISK_ORDER.indexOf(a.kind) - RISK_ORDER.indexOf(b.kind) || (a.resource ?? "").localeCompare(b.resource ?? "") || a.message.localeCompare(b.message),
  );
}
