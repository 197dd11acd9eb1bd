/**
 * A stack read for review through its cloud's row in the registry: the
 * effective-policy reader `verify` uses, plus its managed roles (the keys of
 * its role-handle output).
 */
import { CloudDefinition } from "../modules/cloud";
import { CidrCut, CloudDecision } from "../modules/effective";
import { Flow } from "../policy";

export interface CloudEvaluator {
  /** Roles the stack manages (keys of its role-handle output). */
  readonly roles: readonly string[];
  /** Port edges its rules mention. */
  readonly ports: readonly number[];
  /** Networks its rules match against, with their traffic. */
  readonly cuts: readonly CidrCut[];
  /** Protocol numbers its rules name. */
  readonly protocols: readonly number[];
  decide(flow: Flow): CloudDecision;
}

export function evaluatorOf(cloud: CloudDefinition<unknown>, json: any, section: unknown): CloudEvaluator {
  const view = cloud.readEffective(json, section ?? {});
  return {
    roles: Object.keys(json?.output?.[cloud.roleHandleOutput]?.value ?? {}).sort(),
    ports: view.ports(),
    cuts: view.cuts(),
    protocols: view.protocols(),
    decide: (flow) => view.decide(flow),
  };
}
