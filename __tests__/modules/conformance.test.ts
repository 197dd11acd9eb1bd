/**
 * The cloud conformance suite: the same contract tests for every row of the
 * cloud registry (modules/clouds.ts), so a new cloud is tested by adding its
 * row. A cloud passes when its section schema takes the example environments'
 * sections and nothing else, its stack renders the SecureTransport catalog
 * of every example environment and reads back to the catalog's decisions
 * (modules/engine/check.ts), it renders only its vocabulary's resource types,
 * its reader fails closed, and its state locations are its own per stack.
 * docs/adding-a-cloud.md names this suite as what a new cloud must pass.
 */
import Ajv from "ajv";
import { App, Testing } from "cdktf";
import { CloudDefinition, CloudStack } from "../../modules/cloud";
import { CLOUD_IDS, CLOUDS, CloudId } from "../../modules/clouds";
import { checkEnvironment } from "../../modules/engine/check";
import { ConfigError, SourceLocation } from "../../policy";
import { AJV_OPTIONS } from "../../policy/yaml-source";
import { environmentSchema } from "../../stacks/environment-schema";
import { BoundEnvironment, loadBoundEnvironments } from "../../stacks/environment";

const ENVIRONMENTS = loadBoundEnvironments();
const ajv = new Ajv(AJV_OPTIONS);

function rowOf(id: CloudId): CloudDefinition<unknown, unknown> {
  return CLOUDS[id] as unknown as CloudDefinition<unknown, unknown>;
}

function sectionOf(env: BoundEnvironment, id: CloudId): Record<string, unknown> | undefined {
  return (env.environment as unknown as Record<string, Record<string, unknown> | undefined>)[id];
}

/** The example environments that configure the cloud. */
function environmentsOf(id: CloudId): BoundEnvironment[] {
  return ENVIRONMENTS.filter((env) => sectionOf(env, id) !== undefined);
}

const synthesized = new Map<string, { stack: CloudStack; json: any }>();

/** The cloud's stack of an example environment, built by the registry's factory (once per cloud and environment). */
function stackOf(id: CloudId, env: BoundEnvironment): { stack: CloudStack; json: any } {
  const name = `${env.environment.name}-${id}`;
  if (!synthesized.has(name)) {
    const app = Testing.app() as App;
    // As synthesis does (stacks/app.ts): where the section places roles in several networks (prod on AWS and GCP), the stack renders the policy as placed.
    const placed = env.placed[id];
    const stack = rowOf(id).createStack(app, name, {
      environment: env.environment.name,
      namePrefix: env.environment.namePrefix,
      bound: placed?.bound ?? env.bound,
      section: sectionOf(env, id),
      placed,
    });
    synthesized.set(name, { stack, json: JSON.parse(Testing.synth(stack)) });
  }
  return synthesized.get(name)!;
}

/** Every string among a module's exports (records and lists too). */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value instanceof Set) return [...value].flatMap(stringsOf);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

function problemCodes(thrown: () => unknown): string[] {
  try {
    thrown();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.code}: ${p.subject ?? ""}`);
    throw e;
  }
  return [];
}

const LOCATE = (): SourceLocation => ({ file: "conformance.yaml", line: 1, column: 1 });

test("GIVEN the registry THEN every cloud id is its row's id, in sorted order, and every cloud is configured by some example environment", () => {
  expect(CLOUD_IDS).toEqual([...Object.keys(CLOUDS)].sort());
  for (const id of CLOUD_IDS) expect(rowOf(id).id).toBe(id);
  for (const id of CLOUD_IDS) expect(environmentsOf(id).length).toBeGreaterThan(0);
});

describe.each(CLOUD_IDS.map((id) => [id]))("the %s row keeps the cloud contract", (id) => {
  const cloud = rowOf(id);
  const environments = environmentsOf(id);

  test("GIVEN the row THEN it names the cloud, its default decision, its resource prefixes and its role-handle output", () => {
    expect(cloud.displayName).toMatch(/\S/);
    expect(cloud.defaultDecisionText).toMatch(/\S/);
    expect(cloud.roleHandleOutput).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(cloud.resourcePrefixes.length).toBeGreaterThan(0);
    for (const prefix of cloud.resourcePrefixes) expect(prefix).toMatch(/^[a-z][a-z0-9]*_$/);
    // No two clouds claim a type prefix: the engine tells a configuration's clouds apart by them.
    const others = CLOUD_IDS.filter((other) => other !== id).flatMap((other) => rowOf(other).resourcePrefixes);
    expect(cloud.resourcePrefixes.filter((p) => others.some((o) => o.startsWith(p) || p.startsWith(o)))).toEqual([]);
  });

  test("GIVEN the example environments THEN the section schema accepts each section, the cloud's own checks find nothing, and the environment schema holds the section's", () => {
    const validate = ajv.compile(cloud.environmentSchema);
    for (const env of environments) {
      const section = sectionOf(env, id);
      expect({ environment: env.environment.name, valid: validate(section), errors: validate.errors ?? null }).toEqual({ environment: env.environment.name, valid: true, errors: null });
      expect(cloud.checkEnvironmentSection?.(section, LOCATE) ?? []).toEqual([]);
    }
    expect((environmentSchema().properties as Record<string, unknown>)[id]).toEqual({ $ref: `#/definitions/${id}` });
    expect((environmentSchema().definitions as Record<string, unknown>)[id]).toEqual({ description: `The ${cloud.displayName} section.`, ...cloud.environmentSchema });
  });

  test("GIVEN a section with an unknown key, or with a local backend at an absolute path THEN the section schema rejects it", () => {
    const validate = ajv.compile(cloud.environmentSchema);
    const section = sectionOf(environments[0], id)!;
    expect(validate({ ...section, conformanceUnknownKey: true })).toBe(false);
    expect(validate.errors).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: "additionalProperties", params: { additionalProperty: "conformanceUnknownKey" } })]));
    expect(validate({ ...section, backend: { local: { path: "state/x.tfstate" } } })).toBe(true);
    expect(validate({ ...section, backend: { local: {} } })).toBe(true);
    expect(validate({ ...section, backend: { local: { path: "/var/state.tfstate" } } })).toBe(false);
    expect(validate({ ...section, backend: { local: {}, conformanceUnknownKey: {} } })).toBe(false);
  });

  test.each(environmentsOf(id).map((env) => [env.environment.name, env] as const))(
    "GIVEN the %s environment THEN its stack realises every catalog rule and outputs every managed role's handle",
    (_name, env) => {
      const { stack, json } = stackOf(id, env);
      const managed = env.bound.managedRoles.map((r) => r.id);
      expect(stack.firewall.realisations.map((r) => r.ruleId)).toEqual(env.bound.policy.rules.map((r) => r.id));
      expect(stack.firewall.egressDefaults.map((e) => e.roleId)).toEqual(managed);
      expect(Object.keys(stack.firewall.roleHandles).sort()).toEqual([...managed].sort());
      expect(Object.keys(json.output[cloud.roleHandleOutput].value).sort()).toEqual([...managed].sort());
    },
  );

  test.each(environmentsOf(id).map((env) => [env.environment.name, env] as const))(
    "GIVEN the %s environment THEN the engine's reading of the synthesized JSON agrees with the catalog on every systematic flow",
    (_name, env) => {
      const { json } = stackOf(id, env);
      const section = sectionOf(env, id);
      const report = checkEnvironment({ bound: env.bound, stacks: [{ cloud: id, json, section, context: { environment: env.environment.name, namePrefix: env.environment.namePrefix } }] });
      expect(report.flowsChecked).toBeGreaterThan(0);
      expect(report.disagreements.map((d) => d.explanation)).toEqual([]);
      expect(report.findings).toEqual([]);
      // The view serves exactly the managed roles, each with a default of its own.
      const view = cloud.readEffective(json, section);
      expect(view.roles().sort()).toEqual(env.bound.managedRoles.map((r) => r.id).sort());
      for (const role of view.roles()) expect(view.defaultOf(role)).toMatch(/\S/);
      // A flow no rule allows (GRE from a documentation address) is denied.
      expect(view.decide({ direction: "ingress", target: env.bound.managedRoles[0].id, peer: { kind: "address", address: "192.0.2.1", family: 4 }, protocol: 47 }).action).toBe("deny");
    },
  );

  test("GIVEN every example environment's stack THEN the resource types it renders of its providers are its vocabulary's, and it renders no other cloud's", () => {
    const vocabulary = new Set(stringsOf(require(`../../modules/${id}/vocabulary`)).filter((s) => cloud.resourcePrefixes.some((p) => s.startsWith(p))));
    const rendered = new Set(environments.flatMap((env) => Object.keys(stackOf(id, env).json.resource ?? {})));
    expect([...rendered].sort()).toEqual([...vocabulary].sort());
    const otherPrefixes = CLOUD_IDS.filter((other) => other !== id).flatMap((other) => rowOf(other).resourcePrefixes);
    expect([...rendered].filter((type) => otherPrefixes.some((p) => type.startsWith(p)))).toEqual([]);
  });

  test("GIVEN a stack's JSON with a resource type of the cloud's prefix the reader does not know THEN readEffective fails closed, naming it", () => {
    const env = environments[0];
    const { json } = stackOf(id, env);
    for (const prefix of cloud.resourcePrefixes) {
      const unknown = `${prefix}conformance_probe`;
      const config = { ...json, resource: { ...json.resource, [unknown]: { probe: {} } } };
      expect(problemCodes(() => cloud.readEffective(config, sectionOf(env, id)))).toEqual([`VERIFY_UNKNOWN_RESOURCE_TYPE: the configuration: ${unknown}.probe`]);
    }
    // A resource of another provider is not the cloud's to judge: the reading stands.
    const foreign = { ...json, resource: { ...json.resource, conformance_other_thing: { probe: {} } } };
    expect(problemCodes(() => cloud.readEffective(foreign, sectionOf(env, id)))).toEqual([]);
    expect(problemCodes(() => cloud.readEffective(42, sectionOf(env, id)))).toEqual(["VERIFY_NOT_A_CONFIGURATION: the configuration: the document"]);
  });

  test("GIVEN a local backend THEN the state is a relative local file, the default one when no path is set, named by the setting that decides it", () => {
    const section = sectionOf(environments[0], id)!;
    expect(cloud.stateLocation({ ...section, backend: { local: {} } }, `dev-${id}`)).toEqual({
      description: 'the default local path "terraform.tfstate"',
      setting: ["backend", "local"],
      localFile: "terraform.tfstate",
    });
    expect(cloud.stateLocation({ ...section, backend: { local: { path: "../state/x.tfstate" } } }, `dev-${id}`)).toEqual({
      description: 'local path "../state/x.tfstate"',
      setting: ["backend", "local", "path"],
      localFile: "../state/x.tfstate",
    });
  });

  test("GIVEN each example environment's remote backend THEN every stack has a state object of its own, and the setting that decides it is in the section", () => {
    const remote = environments.filter((env) => !("local" in (sectionOf(env, id)!.backend as object)));
    expect(remote.length).toBeGreaterThan(0);
    const objects = remote.map((env) => {
      const section = sectionOf(env, id)!;
      const location = cloud.stateLocation(section, `${env.environment.name}-${id}`);
      expect(location.description).toMatch(/\S/);
      expect(location.remoteObject).toMatch(/^[a-z0-9]+:\/\/\S+$/);
      // Every step of the setting's path but the last is in the section (the last may be a default left unset).
      const parent = location.setting.slice(0, -1).reduce<any>((at, key) => at?.[key], section);
      expect(parent).toEqual(expect.any(Object));
      return location.remoteObject;
    });
    expect(new Set(objects).size).toBe(objects.length);
    const section = sectionOf(remote[0], id)!;
    expect(cloud.stateLocation(section, "one-stack").remoteObject).not.toBe(cloud.stateLocation(section, "another-stack").remoteObject);
  });
});
