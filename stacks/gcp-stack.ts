/** One GCP stack per environment: provider, state backend, firewall rules, outputs. */
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GcsBackend, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GcpFirewall } from "../modules/gcp";
import { RuleRealisation } from "../modules/realisation";
import { terraformLiteralMap } from "../modules/terraform-literal";
import { BoundPolicy } from "../policy";
import { DEFAULT_GOOGLE_PROVIDER_VERSION, Environment } from "./environment";
import { gcsStatePrefix, localStatePath } from "./state";

export interface GcpFirewallStackProps {
  readonly environment: Environment & { gcp: NonNullable<Environment["gcp"]> };
  readonly policy: BoundPolicy;
}

export class GcpFirewallStack extends TerraformStack {
  readonly firewall: GcpFirewall;
  readonly realisations: RuleRealisation[];

  constructor(scope: Construct, name: string, props: GcpFirewallStackProps) {
    super(scope, name);
    const env = props.environment;
    const gcp = env.gcp;

    const provider = new GoogleProvider(this, "google", {
      project: gcp.project,
      region: gcp.region,
    });
    provider.overrideLogicalId("google");
    // Set through an override: cdktf 0.21 rewrites the keys of the provider's
    // default_labels map to snake_case (managed-by would become managed_by).
    if (gcp.labels) provider.addOverride("default_labels", terraformLiteralMap(gcp.labels));
    this.addOverride("terraform.required_providers.google.source", "hashicorp/google");
    this.addOverride("terraform.required_providers.google.version", gcp.providerVersion ?? DEFAULT_GOOGLE_PROVIDER_VERSION);
    this.addOverride("terraform.required_version", ">= 1.5.0");

    if ("gcs" in gcp.backend) {
      new GcsBackend(this, { bucket: gcp.backend.gcs.bucket, prefix: gcsStatePrefix(gcp.backend.gcs.prefixRoot, name) });
    } else {
      new LocalBackend(this, { path: localStatePath(gcp.backend.local.path) });
    }

    this.firewall = new GcpFirewall(this, "firewall", {
      policy: props.policy,
      network: gcp.network,
      project: gcp.project,
      namePrefix: env.namePrefix,
      priorityBase: gcp.priorityBase,
      priorityStep: gcp.priorityStep,
      identity: gcp.identity,
      serviceAccounts: gcp.serviceAccounts,
      logging: gcp.logging,
    });
    this.realisations = this.firewall.realisations;

    const output = new TerraformOutput(this, "network_tags", {
      value: this.firewall.networkTags,
      description: "Network tag per catalog role: add it to the role's instances.",
    });
    output.overrideLogicalId("network_tags");
  }
}
