/** How a catalog rule is realised on one cloud: the coverage report and the "nothing dropped" check read this. */
export interface RuleRealisation {
  /** The catalog rule. */
  readonly ruleId: string;
  /** Terraform resource addresses that enforce the rule, sorted. */
  readonly resources: string[];
  /**
   * rendered: resources above carry the rule as written;
   * default: the cloud's default behaviour realises it (e.g. a deny that restates AWS's implicit deny);
   * narrowed: rendered with ports or addresses cut out by an earlier deny;
   * shadowed: earlier denies cut all of it away, so nothing is rendered;
   * inapplicable: the rule matches no traffic in this environment (see BoundRule.inapplicable).
   */
  readonly how: "rendered" | "default" | "narrowed" | "shadowed" | "inapplicable";
  /** One sentence for the coverage report. */
  readonly note: string;
}

/**
 * How a role's ingress default (deny what no rule matches) is realised, for a
 * cloud whose own defaults would not deny it (Azure's AllowVnetInBound).
 */
export interface IngressDefaultRealisation {
  /** The managed role. */
  readonly roleId: string;
  /** Always rendered: the cloud's own default would allow it. */
  readonly how: "rendered";
  /** Terraform addresses of the resources that realise it, sorted. */
  readonly resources: string[];
  /** One sentence for the coverage report. */
  readonly note: string;
}

/** How a role's egress default (not a catalog rule) is realised on one cloud. */
export interface EgressDefaultRealisation {
  /** The managed role. */
  readonly roleId: string;
  /** rendered as resources, realised by the cloud's default, or narrowed by egress denies. */
  readonly how: "rendered" | "default" | "narrowed";
  /** Terraform addresses of the resources that realise it, sorted. */
  readonly resources: string[];
  /** One sentence for the coverage report. */
  readonly note: string;
}
