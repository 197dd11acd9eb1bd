/** A JSON object as parsed from a file: not null, not an array (what `typeof v === "object"` alone lets through). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
