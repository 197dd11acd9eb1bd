/** Catalog ≡ AWS ≡ GCP: every systematic flow must get the same decision from all three. */
import { BoundPolicy, decide, Decision, Flow } from "../../policy";
import { awsDecide, awsPorts, AwsView, CloudDecision, loadAwsView } from "./aws";
import { describeFlow, systematicFlows } from "./flows";
import { gcpDecide, gcpPorts, loadGcpView } from "./gcp";

export interface Disagreement {
  readonly flow: Flow;
  readonly catalog: Decision;
  readonly aws?: CloudDecision;
  readonly gcp?: CloudDecision;
  /** One line: the flow, each decision and who made it. */
  readonly explanation: string;
}

export interface CheckReport {
  readonly environment: string;
  readonly flowsChecked: number;
  readonly disagreements: Disagreement[];
}

export interface CheckInput {
  readonly bound: BoundPolicy;
  /** Synthesized Terraform JSON of the environment's AWS stack, if it has one. */
  readonly awsJson?: unknown;
  /** Or the AWS view itself, e.g. of the deployed rules (loadAwsLiveView). */
  readonly awsView?: AwsView;
  readonly gcpJson?: unknown;
  /** Role id → service account, for GCP stacks that identify roles by service account. */
  readonly gcpServiceAccounts?: Record<string, string>;
  /** Stop at the first disagreement (for callers that only need a yes or no). @default false */
  readonly firstOnly?: boolean;
}

export function checkEnvironment(input: CheckInput): CheckReport {
  const aws = input.awsView ?? (input.awsJson ? loadAwsView(input.awsJson) : undefined);
  const gcp = input.gcpJson ? loadGcpView(input.gcpJson, input.gcpServiceAccounts) : undefined;
  const flows = systematicFlows(input.bound, [...(aws ? awsPorts(aws) : []), ...(gcp ? gcpPorts(gcp) : [])]);
  const disagreements: Disagreement[] = [];
  for (const flow of flows) {
    const catalog = decide(input.bound, flow);
    const a = aws && awsDecide(aws, flow);
    const g = gcp && gcpDecide(gcp, flow);
    // GCP renders catalog denies as deny rules: a flow a catalog rule denies must
    // meet a GCP deny rule, not only the implied deny (else the rule was lost).
    const gcpLostRule = g !== undefined && catalog.rule !== undefined && g.resources.length === 0;
    if ((a && a.action !== catalog.action) || (g && g.action !== catalog.action) || gcpLostRule) {
      disagreements.push({ flow, catalog, aws: a, gcp: g, explanation: explain(flow, catalog, a, g) });
      if (input.firstOnly) break;
    }
  }
  return { environment: input.bound.environment, flowsChecked: flows.length, disagreements };
}

function explain(flow: Flow, catalog: Decision, aws?: CloudDecision, gcp?: CloudDecision): string {
  const by = (d: CloudDecision, fallback: string) => (d.resources.length > 0 ? d.resources.join(", ") : fallback);
  const parts = [`catalog ${catalog.action} (${catalog.rule ? `rule "${catalog.rule.id}"` : "default"})`];
  if (aws) parts.push(`AWS ${aws.action} (${by(aws, "no rule allows it")})`);
  if (gcp) parts.push(`GCP ${gcp.action} (${by(gcp, "implied rule")})`);
  return `${describeFlow(flow)}: ${parts.join("; ")}`;
}
