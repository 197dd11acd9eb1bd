/**
 * A command's exit code for an assertion, with what it said when the code is
 * not the one expected: `toMatchObject({ code: 0 })` leaves every other
 * property out of its diff, so a failure in CI showed no reason.
 */
export function outcome(code: number, output: string, expected: number): { code: number; error: string } {
  return { code, error: code === expected ? "" : firstError(output) };
}

/** What a failed command says first, short enough to survive a CI log's cuts: from its first Terraform or CDKTF error on, else its end. */
function firstError(output: string): string {
  const at = output.search(/^.*\bError\b/m);
  return at >= 0 ? output.slice(at, at + 1500) : output.slice(-1500);
}
