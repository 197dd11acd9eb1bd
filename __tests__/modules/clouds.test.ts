/** The cloud contract: every row of the registry gives a stack that realises every catalog rule and outputs its role handles. */
import { App, Testing } from "cdktf";
import { cloudDefinitions } from "../../modules/clouds";
import { loadBoundEnvironments } from "../../stacks/environment";

describe("every cloud in the registry keeps the contract", () => {
  const [{ environment, bound }] = loadBoundEnvironments({ only: ["prod"] });

  test.each(cloudDefinitions().map((c) => [c.id, c] as const))("GIVEN the %s row THEN its stack keeps the contract", (id, cloud) => {
    // GIVEN the prod environment's section for the cloud
    const section = (environment as unknown as Record<string, unknown>)[id];
    expect(section).toBeDefined();
    // WHEN the registry's factory builds the stack
    const app = Testing.app() as App;
    const stack = cloud.createStack(app, `prod-${id}`, { environment: "prod", namePrefix: environment.namePrefix, bound, section });
    const json = JSON.parse(Testing.synth(stack));
    // THEN every catalog rule has one realisation, every managed role a handle and an egress default, in the output too
    expect(stack.firewall.realisations.map((r) => r.ruleId)).toEqual(bound.policy.rules.map((r) => r.id));
    expect(stack.firewall.egressDefaults.map((e) => e.roleId)).toEqual(bound.managedRoles.map((r) => r.id));
    expect(Object.keys(stack.firewall.roleHandles).sort()).toEqual(bound.managedRoles.map((r) => r.id).sort());
    expect(Object.keys(json.output[cloud.roleHandleOutput].value).sort()).toEqual(bound.managedRoles.map((r) => r.id).sort());
    // and the cloud reads its own output back to the catalog's decisions for a flow no rule allows
    const view = cloud.readEffective(json, section);
    expect(view.decide({ direction: "ingress", target: bound.managedRoles[0].id, peer: { kind: "address", address: "192.0.2.1", family: 4 }, protocol: 47 }).action).toBe("deny");
    expect(cloud.displayName).toMatch(/\S/);
  });
});
