/** `npm run reach`'s answers, in process: per cloud, allow or deny with the deciding resource; the catalog's rule; each bad question's code. */
import { ConfigError } from "../../policy";
import { parseEndpoint } from "../../modules/engine/reach";
import { loadBoundEnvironments } from "../../stacks/environment";
import { parseReachArgs, reach } from "../../verify/reach";
import { synthesizeExamples } from "../support/synthesized";

let outdir: string;
beforeAll(async () => {
  outdir = (await synthesizeExamples()).outdir;
});

const codesOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).codes];
  }
};

describe("GIVEN the example synthesis", () => {
  test("GIVEN a flow no AWS rule allows THEN AWS's by names the default deny of the group", async () => {
    const doc = await reach(parseReachArgs(["--env", "prod", "--from", "any", "--to", "role:st-server", "--protocol", "icmp", outdir]));
    expect(doc.clouds.aws).toEqual({ decision: "deny", by: "default deny of aws_security_group.st_server" });
    expect(doc.catalog).toEqual({ decision: "deny", rule: null, by: "default deny of ingress of st-server" });
  });

  test.each([
    ["any", "st-server", "tcp", "22"],
    ["set:admin-host", "st-server", "tcp", "22"],
    ["10.30.0.0/24", "st-server", "tcp", "444"],
    ["role:st-server", "st-server", "udp", "8090"],
    ["st-server", "8.8.8.8", "udp", "53"],
    ["2001:db8::1", "st-server", "tcp", "443"],
    ["st-server", "st-server", "icmp", ""],
    ["any", "st-server", "47", ""],
  ])("GIVEN --from %s --to %s %s %s THEN each cloud agrees with the catalog and by is never empty", async (from, to, protocol, port) => {
    // The same function the command runs (reach.integration.test.ts runs the command itself).
    for (const env of ["dev", "prod"]) {
      const doc = await reach(parseReachArgs(["--env", env, "--from", from, "--to", to, "--protocol", protocol, ...(port ? ["--port", port] : []), outdir]));
      expect(Object.keys(doc.clouds)).toEqual(["aws", "azure", "gcp"]);
      for (const answer of Object.values(doc.clouds)) {
        expect(answer!.by.length).toBeGreaterThan(0);
        expect(answer!.decision).toBe(doc.catalog.decision);
        expect(answer!.uncertain).toBeUndefined();
      }
    }
  });

  test("GIVEN bad questions THEN reach refuses each with its code", async () => {
    const ask = (argv: string[]) => codesOf(Promise.resolve().then(() => reach(parseReachArgs([...argv, outdir]))));
    expect(await ask(["--env", "prod", "--from", "nowhere", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["REACH_BAD_ENDPOINT"]);
    expect(await ask(["--env", "prod", "--from", "set:nope", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["REACH_BAD_ENDPOINT"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "role:nope", "--protocol", "tcp", "--port", "22"])).toEqual(["REACH_BAD_ENDPOINT"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "10.0.0.1", "--protocol", "tcp", "--port", "22"])).toEqual(["REACH_NO_ROLE"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "smtp", "--port", "25"])).toEqual(["REACH_BAD_PROTOCOL"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "tcp"])).toEqual(["REACH_BAD_PORT"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "icmp", "--port", "8"])).toEqual(["REACH_BAD_PORT"]);
    expect(await ask(["--env", "prod", "--from", "any", "--to", "st-server", "--protocol", "tcp", "--port", "70000"])).toEqual(["REACH_BAD_PORT"]);
    expect(await ask(["--env", "prod", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["CLI_USAGE"]);
    expect(await ask(["--env", "prod", "--from", "any", "--from", "any", "--to", "st-server", "--protocol", "tcp", "--port", "22"])).toEqual(["CLI_USAGE"]);
  });
});

test("GIVEN an address set the catalog declares and the environment does not bind THEN the endpoint is refused as unbound, not as undeclared", () => {
  const dev = loadBoundEnvironments({ only: ["dev"] })[0].bound;
  const bound = { ...dev, policy: { ...dev.policy, addressSets: [...dev.policy.addressSets, { id: "ghost", description: "declared, bound nowhere" }] } };
  const codeOf = (text: string) => {
    try {
      parseEndpoint(text, bound, "from");
      return undefined;
    } catch (e) {
      return (e as ConfigError).codes;
    }
  };
  expect(codeOf("set:ghost")).toEqual(["REACH_UNBOUND_SET"]);
  expect(codeOf("set:nowhere")).toEqual(["REACH_BAD_ENDPOINT"]);
  expect(codeOf("set:admin-host")).toBeUndefined();
});
