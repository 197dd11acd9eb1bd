/**
 * The one module that finds the app's core and bindings: which core, which
 * binding, and a clear refusal when the app lacks one or has two (with a
 * stand-in loader; the install suite runs the real thing in fresh apps).
 */
import * as cdktf from "cdktf";
import { bindings, core, coreName, CORE_VARIABLE, ModuleLoader, setModuleLoader } from "../../modules/runtime";
import { SynthesisError } from "../../policy";

/** A loader that knows only `modules` (name → exports). */
function only(modules: Record<string, unknown>): ModuleLoader {
  return { resolve: (name) => (name in modules ? name : undefined), load: (name) => modules[name] };
}

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (e) {
    if (e instanceof SynthesisError) return e.code;
    throw e;
  }
  throw new Error("expected an error");
}

describe("the run-time core and bindings", () => {
  let previous: ModuleLoader;
  beforeEach(() => {
    previous = setModuleLoader(only({}));
    delete process.env[CORE_VARIABLE];
  });
  afterEach(() => {
    setModuleLoader(previous);
    delete process.env[CORE_VARIABLE];
  });

  test("GIVEN an app with cdktf only THEN cdktf is the core", () => {
    setModuleLoader(only({ cdktf }));
    expect(core()).toBe(cdktf);
    expect(coreName()).toBe("cdktf");
  });

  test("GIVEN an app with cdktn only THEN cdktn is the core, and its @cdktn binding is used", () => {
    class SecurityGroup extends cdktf.TerraformResource {}
    const fake = { ...cdktf };
    setModuleLoader(
      only({
        cdktn: fake,
        "@cdktn/provider-aws/lib/provider": { AwsProvider: SecurityGroup },
        "@cdktn/provider-aws/lib/security-group": { SecurityGroup },
        "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule": { VpcSecurityGroupIngressRule: SecurityGroup },
        "@cdktn/provider-aws/lib/vpc-security-group-egress-rule": { VpcSecurityGroupEgressRule: SecurityGroup },
      }),
    );
    expect(coreName()).toBe("cdktn");
    expect(bindings("aws").SecurityGroup).toBe(SecurityGroup);
  });

  test("GIVEN no core THEN LIB_CORE_MISSING; GIVEN both THEN LIB_CORE_AMBIGUOUS unless FIREWALL_CATALOG_CORE picks one", () => {
    expect(codeOf(() => core())).toBe("LIB_CORE_MISSING");
    setModuleLoader(only({ cdktf, cdktn: cdktf }));
    expect(codeOf(() => core())).toBe("LIB_CORE_AMBIGUOUS");
    process.env[CORE_VARIABLE] = "cdktf";
    setModuleLoader(only({ cdktf, cdktn: {} }));
    expect(core()).toBe(cdktf);
    process.env[CORE_VARIABLE] = "cdk";
    setModuleLoader(only({ cdktf }));
    expect(codeOf(() => core())).toBe("LIB_CORE_UNKNOWN");
    process.env[CORE_VARIABLE] = "cdktn";
    setModuleLoader(only({ cdktf }));
    expect(codeOf(() => core())).toBe("LIB_CORE_MISSING");
  });

  test("GIVEN an AWS-only app WHEN GCP is asked for THEN LIB_BINDING_MISSING naming the package; AWS still loads", () => {
    setModuleLoader(previous);
    expect(bindings("aws").SecurityGroup.tfResourceType).toBe("aws_security_group");
    setModuleLoader(only({ cdktf }));
    let message = "";
    try {
      bindings("gcp");
    } catch (e) {
      message = (e as SynthesisError).message;
      expect((e as SynthesisError).code).toBe("LIB_BINDING_MISSING");
    }
    expect(message).toContain("npm install @cdktf/provider-google");
  });

  test("GIVEN a cdktn app with @cdktf/provider-google built on cdktf THEN LIB_BINDING_FOREIGN_CORE (its resources would not join the app's stack)", () => {
    class Foreign {}
    const cdktn = { ...cdktf, TerraformElement: class {} };
    setModuleLoader(only({ cdktn, "@cdktf/provider-google/lib/provider": { GoogleProvider: Foreign }, "@cdktf/provider-google/lib/compute-firewall": { ComputeFirewall: Foreign } }));
    expect(codeOf(() => bindings("gcp"))).toBe("LIB_BINDING_FOREIGN_CORE");
  });
});
