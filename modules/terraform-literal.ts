/**
 * Terraform reads every string of a configuration, JSON or HCL, as a template:
 * `${` starts an interpolation and `%{` a directive. Text that comes from the
 * catalog or an environment (descriptions, tags, labels) is escaped to `$${`
 * and `%%{`, so it reaches the cloud exactly as written and can never refer
 * to anything.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

/** A tag or label map with keys and values escaped (object keys are templates too), sorted by key. */
export function terraformLiteralMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map)
      .map(([k, v]) => [terraformLiteral(k), terraformLiteral(v)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** What Terraform makes of a string written by terraformLiteral: the text itself. */
export function terraformLiteralValue(written: string): string {
  return written.replace(/([$%])\1\{/g, "$1{");
}
