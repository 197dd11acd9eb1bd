/**
 * A stack read for review through its cloud's row in the registry: the
 * effective-policy reader `verify` uses, plus what any synthesized stack
 * tells without cloud knowledge (its managed roles from the role-handle
 * output, the networks its resources name).
 */
import { CloudDefinition } from "../modules/cloud";
import { CloudDecision } from "../modules/effective";
import { Flow, parseCidr } from "../policy";

export interface CloudEvaluator {
  /** Roles the stack manages (keys of its role-handle output). */
  readonly roles: readonly string[];
  /** Port edges its rules mention. */
  readonly ports: readonly number[];
  /** Networks its resources name. */
  readonly cidrs: readonly string[];
  decide(flow: Flow): CloudDecision;
}

export function evaluatorOf(cloud: CloudDefinition<unknown>, json: any, section: unknown): CloudEvaluator {
  const view = cloud.readEffective(json, section ?? {});
  return {
    roles: Object.keys(json?.output?.[cloud.roleHandleOutput]?.value ?? {}).sort(),
    ports: view.ports(),
    cidrs: networksIn(json?.resource ?? {}),
    decide: (flow) => view.decide(flow),
  };
}

/** Every string in the resources that is a network in CIDR notation. */
function networksIn(value: unknown, out = new Set<string>()): string[] {
  if (typeof value === "string") {
    if (/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(value)) {
      const p = parseCidr(value);
      if (!("error" in p) && !p.hadHostBits) out.add(p.cidr);
    }
  } else if (Array.isArray(value)) value.forEach((v) => networksIn(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => networksIn(v, out));
  return [...out].sort();
}
