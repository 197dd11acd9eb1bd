/**
 * The one module that finds, at run time, the app's CDK core (`cdktf` or its
 * successor CDK Terrain, `cdktn`) and the provider bindings built on it. The
 * module set never brings its own: both are the app's peer dependencies, so a
 * user's resources and ours are instances of the same classes. A cloud's
 * binding is loaded only when that cloud is rendered, so an AWS-only app needs
 * no google or azurerm package.
 *
 * The types below are compile-time only (`import type` is erased): the
 * classes come from whatever the app has installed.
 */
import type * as Cdktf from "cdktf";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import type { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { ApplicationSecurityGroup } from "@cdktf/provider-azurerm/lib/application-security-group";
import type { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import type { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import type { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SynthesisError } from "../policy/errors";

/** The CDK core's API as this module set uses it (cdktf 0.21 and cdktn 0.24 share it). */
export type Core = typeof Cdktf;

/** The two cores, by package name. */
export type CoreName = "cdktf" | "cdktn";

const CORE_NAMES: readonly CoreName[] = ["cdktf", "cdktn"];

/** Environment variable that picks the core when an app has both installed. */
export const CORE_VARIABLE = "FIREWALL_CATALOG_CORE";

/** The provider bindings' classes, per cloud. */
export interface Bindings {
  readonly aws: {
    readonly AwsProvider: typeof AwsProvider;
    readonly SecurityGroup: typeof SecurityGroup;
    readonly VpcSecurityGroupIngressRule: typeof VpcSecurityGroupIngressRule;
    readonly VpcSecurityGroupEgressRule: typeof VpcSecurityGroupEgressRule;
  };
  readonly gcp: {
    readonly GoogleProvider: typeof GoogleProvider;
    readonly ComputeFirewall: typeof ComputeFirewall;
  };
  readonly azure: {
    readonly AzurermProvider: typeof AzurermProvider;
    readonly ApplicationSecurityGroup: typeof ApplicationSecurityGroup;
    readonly NetworkSecurityGroup: typeof NetworkSecurityGroup;
    readonly NetworkSecurityRule: typeof NetworkSecurityRule;
  };
}

type BindingCloud = keyof Bindings;

/** Per cloud: the provider name in the binding packages, their tested versions, and the modules (deep paths, never the barrel). */
const BINDING_MODULES: {
  readonly [K in BindingCloud]: {
    readonly provider: string;
    readonly display: string;
    readonly tested: Readonly<Record<CoreName, string | undefined>>;
    readonly classes: Readonly<Record<keyof Bindings[K], string>>;
  };
} = {
  aws: {
    provider: "aws",
    display: "AWS",
    tested: { cdktf: "20.1 to 21.x", cdktn: "25.x" },
    classes: { AwsProvider: "provider", SecurityGroup: "security-group", VpcSecurityGroupIngressRule: "vpc-security-group-ingress-rule", VpcSecurityGroupEgressRule: "vpc-security-group-egress-rule" },
  },
  gcp: {
    provider: "google",
    display: "GCP",
    tested: { cdktf: "16.x", cdktn: undefined },
    classes: { GoogleProvider: "provider", ComputeFirewall: "compute-firewall" },
  },
  azure: {
    provider: "azurerm",
    display: "Azure",
    tested: { cdktf: "14.x", cdktn: undefined },
    classes: { AzurermProvider: "provider", ApplicationSecurityGroup: "application-security-group", NetworkSecurityGroup: "network-security-group", NetworkSecurityRule: "network-security-rule" },
  },
};

/** How modules are found: from this package's folder, so the app's own copies are the ones found. Replaceable in tests. */
export interface ModuleLoader {
  resolve(name: string): string | undefined;
  load(name: string): unknown;
}

const nodeLoader: ModuleLoader = {
  resolve(name) {
    try {
      return require.resolve(name);
    } catch {
      return undefined;
    }
  },
  load: (name) => require(name),
};

let loader: ModuleLoader = nodeLoader;
let resolvedCore: { readonly name: CoreName; readonly core: Core } | undefined;
const resolvedBindings = new Map<string, unknown>();

/** Replaces how modules are found (tests); returns the previous loader. Clears what was resolved. */
export function setModuleLoader(next: ModuleLoader): ModuleLoader {
  const previous = loader;
  loader = next;
  resolvedCore = undefined;
  resolvedBindings.clear();
  return previous;
}

/** The app's core: the one of cdktf and cdktn it has installed (FIREWALL_CATALOG_CORE decides when it has both). */
export function core(): Core {
  return resolveCore().core;
}

/** Which core the app has: "cdktf" or "cdktn". */
export function coreName(): CoreName {
  return resolveCore().name;
}

function resolveCore(): { readonly name: CoreName; readonly core: Core } {
  if (resolvedCore) return resolvedCore;
  const installed = CORE_NAMES.filter((n) => loader.resolve(n) !== undefined);
  const chosen = process.env[CORE_VARIABLE];
  let name: CoreName;
  if (chosen !== undefined && chosen !== "") {
    if (!CORE_NAMES.includes(chosen as CoreName)) {
      throw new SynthesisError(`${CORE_VARIABLE} is "${chosen}"; set it to cdktf or cdktn, or unset it when the app has one core`, undefined, "LIB_CORE_UNKNOWN");
    }
    if (!installed.includes(chosen as CoreName)) {
      throw new SynthesisError(`${CORE_VARIABLE} asks for ${chosen}, which the app does not have installed. npm install ${chosen}, or unset ${CORE_VARIABLE}`, undefined, "LIB_CORE_MISSING");
    }
    name = chosen as CoreName;
  } else if (installed.length === 0) {
    throw new SynthesisError(
      "firewall-catalog-cdktf needs the app's CDK core and finds neither cdktf nor cdktn. Install one in the app: npm install cdktf@^0.21 constructs@^10.4 (CDKTF), or npm install cdktn@^0.24 constructs@^10.7 (CDK Terrain)",
      undefined,
      "LIB_CORE_MISSING",
    );
  } else if (installed.length > 1) {
    throw new SynthesisError(
      `the app has both cdktf and cdktn installed, and resources of the two cores do not mix. Remove the one the app does not use (npm ls cdktf cdktn shows who brings it), or set ${CORE_VARIABLE}=cdktf or ${CORE_VARIABLE}=cdktn`,
      undefined,
      "LIB_CORE_AMBIGUOUS",
    );
  } else {
    name = installed[0];
  }
  resolvedCore = { name, core: loader.load(name) as Core };
  return resolvedCore;
}

/**
 * The binding classes of one cloud, loaded on first use from the app's
 * `@<core>/provider-<name>` (under cdktn, `@cdktf/provider-<name>` is taken
 * too when it runs on cdktn, as an npm override can arrange). Refused with a
 * message naming the package to install when it is missing, and when its
 * classes are not built on the app's core.
 */
export function bindings<K extends BindingCloud>(cloud: K): Bindings[K] {
  const known = resolvedBindings.get(cloud);
  if (known) return known as Bindings[K];
  const spec = BINDING_MODULES[cloud];
  const { name, core: theCore } = resolveCore();
  const scopes = name === "cdktn" ? ["@cdktn", "@cdktf"] : ["@cdktf"];
  const wanted = `@${name}/provider-${spec.provider}`;
  const tested = spec.tested[name];
  for (const scope of scopes) {
    const pkg = `${scope}/provider-${spec.provider}`;
    if (loader.resolve(`${pkg}/lib/${Object.values<string>(spec.classes)[0]}`) === undefined) continue;
    const classes: Record<string, unknown> = {};
    for (const [className, file] of Object.entries<string>(spec.classes)) {
      const mod = loader.load(`${pkg}/lib/${file}`) as Record<string, unknown>;
      classes[className] = mod[className];
    }
    const foreign = Object.entries(classes).find(([, c]) => !(typeof c === "function" && c.prototype instanceof theCore.TerraformElement));
    if (foreign) {
      if (scope !== scopes[scopes.length - 1]) continue;
      throw new SynthesisError(
        `rendering ${spec.display} needs provider classes built on the app's core (${name}), and ${pkg}'s ${foreign[0]} is not: it was built on another copy of the core. ` +
          (name === "cdktn" && !tested
            ? `CDK Terrain has no ${wanted}; remove ${spec.display} from clouds, or make ${pkg} use cdktn with an npm override (docs/own-cdktf-app.md)`
            : `Run npm ls ${name} constructs ${pkg} and keep one copy of each`),
        undefined,
        "LIB_BINDING_FOREIGN_CORE",
      );
    }
    resolvedBindings.set(cloud, classes);
    return classes as unknown as Bindings[K];
  }
  throw new SynthesisError(
    `rendering ${spec.display} needs the provider binding ${wanted} in the app, and it is not installed. ` +
      (tested ? `npm install ${wanted} (tested: ${tested}), or remove ${spec.display} from clouds` : `CDK Terrain has no ${wanted}; remove ${spec.display} from clouds (docs/own-cdktf-app.md)`),
    undefined,
    "LIB_BINDING_MISSING",
  );
}
