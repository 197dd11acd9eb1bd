/**
 * Azure's limits for network security groups and their rules, checked at
 * synthesis so that a plan Azure would reject fails here, with the rule named.
 * Values from Microsoft's "Azure subscription and service limits" (networking)
 * and the security rule reference.
 */
export const AZURE_LIMITS = {
  /** Custom rule priorities run from 100 to 4096 (lower wins). */
  minPriority: 100,
  maxPriority: 4096,
  /** Security rules per network security group (both directions). */
  rulesPerNsg: 1000,
  /** Source or destination address prefixes across all rules of one network security group. */
  prefixesPerNsg: 4000,
  /** Application security groups named across all rules of one network security group. */
  asgsPerNsg: 100,
  /** Names of security rules, NSGs and ASGs. */
  nameLength: 80,
  /** Security rule descriptions. */
  descriptionLength: 140,
} as const;

/** Rule, NSG and ASG names: word characters, '.', '-', '_'; start with a letter or digit; end with one or '_'. */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$/;

/** What is wrong with a name for Azure, or undefined when Azure accepts it. */
export function checkAzureName(name: string, what: string): string | undefined {
  if (name.length > AZURE_LIMITS.nameLength) return `${what} "${name}" is ${name.length} characters; Azure allows at most ${AZURE_LIMITS.nameLength}`;
  if (!NAME.test(name)) return `${what} "${name}" is not a valid Azure name (letters, digits, '.', '-', '_'; starting with a letter or digit, ending with one or '_')`;
  return undefined;
}

/** "<head>a, b, c" within the description limit, ending "and N more" when the ids do not all fit. */
export function fitDescription(head: string, ids: readonly string[]): string {
  const full = `${head}${ids.join(", ")}`;
  if (full.length <= AZURE_LIMITS.descriptionLength) return full;
  for (let shown = ids.length - 1; shown >= 0; shown--) {
    const text = `${head}${ids.slice(0, shown).join(", ")}${shown > 0 ? ", " : ""}and ${ids.length - shown} more`;
    if (text.length <= AZURE_LIMITS.descriptionLength) return text;
  }
  return `${head.slice(0, AZURE_LIMITS.descriptionLength - 3)}...`;
}
