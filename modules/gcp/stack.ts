/** One GCP stack per environment: provider, state backend, firewall rules, outputs. */
import { Construct } from "constructs";
import { judgeInvariantsBelow } from "../construct-checks";
import { bindings, core } from "../runtime";
import { CloudStack, CloudStackInput, localStatePath, OWN_STACK_OPTIONS, requireProvider } from "../cloud";
import { RuleRealisation } from "../realisation";
import { terraformLiteralMap } from "../terraform-literal";
import { DEFAULT_GOOGLE_PROVIDER_VERSION, GcpEnvironment, gcsStatePrefix } from "./environment";
import { GcpFirewall } from "./index";
import { networkIdOfRole } from "../networks";
import { NETWORK_TAGS_OUTPUT, NETWORKS_OUTPUT } from "./vocabulary";

// This module is loaded only when a stack is made (the registry requires it on use), so the core is the app's.
const { GcsBackend, LocalBackend, TerraformOutput, TerraformStack } = core();
export type GcpFirewallStackProps = CloudStackInput<GcpEnvironment>;

export class GcpFirewallStack extends TerraformStack implements CloudStack {
  readonly firewall: GcpFirewall;
  readonly realisations: readonly RuleRealisation[];

  constructor(scope: Construct, name: string, props: GcpFirewallStackProps) {
    super(scope, name);
    judgeInvariantsBelow(this); // synthesis judges each cloud's JSON itself (synth/synthesize.ts)
    const gcp = props.section;

    const provider = new (bindings("gcp").GoogleProvider)(this, "google", {
      project: gcp.project,
      region: gcp.region,
    });
    provider.overrideLogicalId("google");
    // Set through an override: cdktf 0.21 rewrites the keys of the provider's
    // default_labels map to snake_case (managed-by would become managed_by).
    if (gcp.labels) provider.addOverride("default_labels", terraformLiteralMap(gcp.labels));
    requireProvider(this, "google", gcp.providerVersion ?? DEFAULT_GOOGLE_PROVIDER_VERSION, ">= 1.5.0");

    if ("gcs" in gcp.backend) {
      new GcsBackend(this, { bucket: gcp.backend.gcs.bucket, prefix: gcsStatePrefix(gcp.backend.gcs.prefixRoot, name) });
    } else {
      new LocalBackend(this, { path: localStatePath(gcp.backend.local.path) });
    }

    // With several networks (gcp.networks), every firewall is in the network of the role it targets.
    const networkOfRole = networkIdOfRole(props.placed);
    this.firewall = new GcpFirewall(this, "firewall", {
      ...OWN_STACK_OPTIONS,
      policy: props.bound,
      network: gcp.network ?? Object.values(networkOfRole ?? {})[0] ?? "",
      networkOfRole,
      project: gcp.project,
      namePrefix: props.namePrefix,
      priorityBase: gcp.priorityBase,
      priorityStep: gcp.priorityStep,
      priorities: props.priorities,
      identity: gcp.identity,
      serviceAccounts: gcp.serviceAccounts,
      logging: gcp.logging,
    });
    this.realisations = this.firewall.realisations;

    const output = new TerraformOutput(this, NETWORK_TAGS_OUTPUT, {
      value: this.firewall.networkTags,
      description: "Network tag per catalog role: add it to the role's instances.",
    });
    output.overrideLogicalId(NETWORK_TAGS_OUTPUT);
    if (networkOfRole) {
      const networks = new TerraformOutput(this, NETWORKS_OUTPUT, {
        value: networkOfRole,
        description: "VPC network per catalog role, as gcp.placement places it: create the role's instances there.",
      });
      networks.overrideLogicalId(NETWORKS_OUTPUT);
    }
  }
}
