/** Catalog ≡ every cloud: each systematic flow must get the same decision from the catalog and from every cloud's synthesized stack. */
import { CloudId, CLOUD_IDS, CLOUDS } from "../../modules/clouds";
import { CloudDefinition, EffectiveView } from "../../modules/cloud";
import { CloudDecision } from "../../modules/effective";
import { BoundPolicy, decide, Decision, Flow } from "../../policy";
import { describeFlow, systematicFlows } from "./flows";

export interface Disagreement {
  readonly flow: Flow;
  readonly catalog: Decision;
  /** Each checked cloud's decision. */
  readonly clouds: Partial<Record<CloudId, CloudDecision>>;
  /** One line: the flow, each decision and who made it. */
  readonly explanation: string;
}

export interface CheckReport {
  readonly environment: string;
  readonly flowsChecked: number;
  readonly disagreements: Disagreement[];
}

/** One cloud's synthesized stack of the environment. */
export interface SynthesizedCloud {
  readonly cloud: CloudId;
  /** The stack's synthesized Terraform JSON. */
  readonly json: unknown;
  /** The cloud's section of the environment (some clouds need it to read their JSON, such as GCP's service accounts). */
  readonly section?: unknown;
}

export interface CheckInput {
  readonly bound: BoundPolicy;
  readonly stacks: readonly SynthesizedCloud[];
  /** Stop at the first disagreement (for callers that only need a yes or no). @default false */
  readonly firstOnly?: boolean;
}

export function checkEnvironment(input: CheckInput): CheckReport {
  const views = CLOUD_IDS.flatMap((id) => {
    const stack = input.stacks.find((s) => s.cloud === id);
    if (!stack) return [];
    const cloud = CLOUDS[id] as unknown as CloudDefinition<unknown>;
    return [{ id, cloud, view: cloud.readEffective(stack.json, stack.section ?? {}) as EffectiveView }];
  });
  const flows = systematicFlows(input.bound, views.flatMap((v) => v.view.ports()));
  const disagreements: Disagreement[] = [];
  for (const flow of flows) {
    const catalog = decide(input.bound, flow);
    const decisions: Partial<Record<CloudId, CloudDecision>> = {};
    let disagrees = false;
    for (const { id, cloud, view } of views) {
      const d = view.decide(flow);
      decisions[id] = d;
      // A cloud that renders every catalog rule must decide a rule's flows with
      // one of its own resources, not its implied defaults (else the rule was lost).
      const lostRule = cloud.decidesByOwnResources && catalog.rule !== undefined && d.resources.length === 0;
      if (d.action !== catalog.action || lostRule) disagrees = true;
    }
    if (disagrees) {
      disagreements.push({ flow, catalog, clouds: decisions, explanation: explain(flow, catalog, decisions) });
      if (input.firstOnly) break;
    }
  }
  return { environment: input.bound.environment, flowsChecked: flows.length, disagreements };
}

function explain(flow: Flow, catalog: Decision, decisions: Partial<Record<CloudId, CloudDecision>>): string {
  const parts = [`catalog ${catalog.action} (${catalog.rule ? `rule "${catalog.rule.id}"` : "default"})`];
  for (const id of CLOUD_IDS) {
    const d = decisions[id];
    if (d) parts.push(`${CLOUDS[id].displayName} ${d.action} (${d.resources.length > 0 ? d.resources.join(", ") : CLOUDS[id].defaultDecisionText})`);
  }
  return `${describeFlow(flow)}: ${parts.join("; ")}`;
}
