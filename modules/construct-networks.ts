/**
 * Several networks in a user's own app: the per-cloud constructs (and so
 * FirewallCatalog's `clouds.<cloud>`) take `networks` and `placement` of the
 * same shape as an environment file's cloud section, check them with the same
 * codes, and place the policy through the same `placeForCloud` as our stacks
 * and the verifier, so a user's app renders what `npm run synth` renders for
 * the same catalog and environment.
 */
import { BoundPolicy, ConfigError, Problem } from "../policy";
import { core } from "./runtime";
import { checkNetworks, CloudNetworks, networkIdOfRole, NetworksSection, placeForCloud, PlacedPolicy } from "./networks";
import { PlatformCloud } from "./platform";

/** The networks props of a per-cloud construct, as its props give them. */
export interface ConstructNetworksProps {
  readonly policy: BoundPolicy;
  readonly networks?: Readonly<Record<string, unknown>>;
  readonly placement?: Readonly<Record<string, string>>;
}

/** What a construct renders with: the policy as placed (or as given) and each role's network id. */
export interface ConstructPlacement {
  readonly placed?: PlacedPolicy;
  readonly networkIdOfRole?: Readonly<Record<string, string>>;
}

/**
 * The construct's policy placed in its `networks` (undefined placed when it
 * gives none). `single` is the construct's one-network prop (vpcId, network),
 * given or not, and `ofRole` the name of its per-role prop (vpcIdOfRole,
 * networkOfRole), which `networks` replaces. Refuses with the environment
 * file's codes (ENV_…), naming the construct's props.
 */
export function placeConstructPolicy(
  construct: string,
  cloud: PlatformCloud & { readonly networks?: CloudNetworks },
  props: ConstructNetworksProps,
  single: { readonly key?: string; readonly value?: unknown },
  ofRole?: { readonly key: string; readonly value?: unknown },
): ConstructPlacement {
  if (props.networks === undefined && props.placement === undefined) return {};
  const networks = cloud.networks!;
  const problems: Problem[] = [];
  const bad = (property: string, hint: string) => problems.push({ code: "LIB_BAD_PROP", subject: construct, message: `${property} is not ${hint.split(":")[0]}`, hint });
  if (props.networks !== undefined && !isMap(props.networks, (n) => n !== null && typeof n === "object" && !Array.isArray(n)))
    bad("networks", `a map of network names to networks: { dmz: { ${networks.idKey}: …, cidrs: ["10.31.0.0/16"] } }`);
  if (props.placement !== undefined && !isMap(props.placement, (v) => typeof v === "string")) bad("placement", 'a map of role ids to network names: { "*": "internal", edge: "dmz" }');
  if (ofRole?.value !== undefined) {
    problems.push({
      code: "LIB_BAD_PROP",
      subject: construct,
      message: `${ofRole.key} and networks are both given`,
      hint: `Give networks with placement (the construct places the policy and puts each role in its network), or ${ofRole.key} with a policy already placed, not both.`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  for (const [name, n] of Object.entries(props.networks ?? {})) {
    const cidrs = (n as { cidrs?: unknown }).cidrs;
    if (cidrs !== undefined && (!Array.isArray(cidrs) || cidrs.some((c) => typeof c !== "string"))) {
      problems.push({ code: "LIB_BAD_PROP", subject: construct, message: `networks.${name}.cidrs is not a list of CIDR strings`, hint: 'Give cidrs: ["10.31.0.0/16"].' });
    } else if ((cidrs ?? []).some((c: string) => isToken(c))) {
      problems.push({
        code: "LIB_NETWORK_CIDRS_TOKEN",
        subject: construct,
        message: `networks.${name}.cidrs holds a value known only at deploy time (a token, such as vpc.cidrBlock)`,
        hint: "Write the network's CIDRs as literals (the VPC's cidrBlock you give your own Vpc): the policy is placed at synthesis, where a role peer of another network becomes these CIDRs, of the rule's address family.",
      });
    }
  }
  // A token is no CIDR: refused as such, not also as an invalid one.
  if (problems.length > 0) throw new ConfigError(problems);
  const section: NetworksSection & Record<string, unknown> = {
    ...(single.key !== undefined && single.value !== undefined ? { [single.key]: single.value } : {}),
    ...(props.networks !== undefined ? { networks: props.networks as NetworksSection["networks"] } : {}),
    ...(props.placement !== undefined ? { placement: props.placement } : {}),
  };
  for (const p of checkNetworks(section, networks, construct, () => undefined)) problems.push({ ...p, subject: construct });
  if (problems.length > 0) throw new ConfigError(problems);
  const placed = placeForCloud(cloud, section, props.policy, undefined, construct)!;
  return { placed, networkIdOfRole: networkIdOfRole(placed) };
}

function isMap(value: unknown, each: (v: unknown) => boolean): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.values(value as object).every(each);
}

function isToken(value: string): boolean {
  const { Token } = core();
  return Token.isUnresolved(value);
}
