/** The reader kit every cloud's effective.ts starts from: one way to open a configuration, read a role map and read a role-handle output. */
import { ConfigError } from "../../../policy";
import { outputValue, readCloudResources, Reading, roleMapTarget, rolesOfOutput } from "../../../modules/engine/configuration";

const TYPES = { cloud: "Acme", prefixes: ["acme_"], understood: new Set(["acme_wall"]), neutral: new Set(["acme_machine"]) };

function problemsOf(reading: Reading): { code: string; subject?: string; message: string }[] {
  try {
    reading.finish();
    return [];
  } catch (e) {
    return (e as ConfigError).problems.map(({ code, subject, message }) => ({ code: code as string, subject, message }));
  }
}

test("GIVEN a configuration with understood, neutral, foreign and unknown types THEN only the cloud's unknown type is refused, and `of` filters by type", () => {
  // GIVEN one resource of each kind
  const config = { resource: { acme_wall: { a: {}, b: {} }, acme_machine: { m: {} }, other_thing: { x: {} }, acme_tunnel: { t: {} } } };
  // WHEN the kit opens it for the Acme cloud
  const { reading, resources, of } = readCloudResources(config, TYPES, "main.tf.json");
  // THEN every instance is read, `of` returns one type's, and the unknown Acme type is the one problem, named by source and address
  expect(resources.map((r) => r.address)).toEqual(["acme_machine.m", "acme_tunnel.t", "acme_wall.a", "acme_wall.b", "other_thing.x"]);
  expect(of("acme_wall").map((r) => r.name)).toEqual(["a", "b"]);
  expect(problemsOf(reading)).toEqual([expect.objectContaining({ code: "VERIFY_UNKNOWN_RESOURCE_TYPE", subject: "main.tf.json: acme_tunnel.t" })]);
});

test("GIVEN role map targets THEN an address or a bare name of a known resource is its name, anything else a VERIFY_ROLE_MAP problem", () => {
  const reading = new Reading();
  const walls = new Map([["web", {}]]);
  expect(roleMapTarget("web", "acme_wall.web", "acme_wall", walls, "wall", reading)).toBe("web");
  expect(roleMapTarget("web", "web", "acme_wall", walls, "wall", reading)).toBe("web");
  expect(roleMapTarget("db", "acme_wall.db", "acme_wall", walls, "wall", reading)).toBeUndefined();
  expect(problemsOf(reading)).toEqual([{ code: "VERIFY_ROLE_MAP", subject: 'the configuration: role map entry "db"', message: "names acme_wall.db, which is not a wall of the configuration" }]);
});

test("GIVEN a role-handle output, as synthesized JSON writes it and as a folder read as JSON lists it THEN each role maps to the resource it references", () => {
  const walls = new Map([
    ["web", {}],
    ["db", {}],
  ]);
  const value = { web: "${acme_wall.web.id}", db: "${acme_wall.db.id}" };
  for (const output of [{ value }, [{ value }]]) {
    const reading = new Reading();
    expect(rolesOfOutput({ output: { walls: output } }, "walls", "acme_wall", walls, "wall", reading)).toEqual({ web: "web", db: "db" });
    expect(problemsOf(reading)).toEqual([]);
  }
});

test("GIVEN no such output THEN the kit says so (undefined), so the reader falls back to naming; an output without a value is empty", () => {
  expect(outputValue({ output: {} }, "walls")).toBeUndefined();
  expect(outputValue(undefined, "walls")).toBeUndefined();
  expect(outputValue({ output: { walls: {} } }, "walls")).toEqual({});
  expect(rolesOfOutput({}, "walls", "acme_wall", new Map(), "wall", new Reading())).toBeUndefined();
});

test("GIVEN an output entry that references no resource of the type THEN it is a VERIFY_UNKNOWN_REFERENCE problem naming the output entry", () => {
  const reading = new Reading("cdk.tf.json");
  const config = { output: { walls: { value: { web: "${acme_wall.gone.id}", db: "sg-123" } } } };
  expect(rolesOfOutput(config, "walls", "acme_wall", new Map([["web", {}]]), "wall", reading)).toEqual({});
  expect(problemsOf(reading)).toEqual([
    { code: "VERIFY_UNKNOWN_REFERENCE", subject: 'cdk.tf.json: output walls["web"]', message: 'is "${acme_wall.gone.id}", not a wall of the configuration' },
    { code: "VERIFY_UNKNOWN_REFERENCE", subject: 'cdk.tf.json: output walls["db"]', message: 'is "sg-123", not a wall of the configuration' },
  ]);
});
