/** Which clouds a Terraform configuration has resources of, told by the registry's resource prefixes. */
import { CLOUD_IDS, CloudId, CLOUDS } from "../clouds";

/** The cloud whose provider a resource type belongs to; undefined for provider-neutral types (terraform_data, random_id…). */
export function cloudOfType(type: string): CloudId | undefined {
  return CLOUD_IDS.find((id) => CLOUDS[id].resourcePrefixes.some((p) => type.startsWith(p)));
}

/** The clouds a configuration has resources of, in registry order. */
export function cloudsOf(config: any): CloudId[] {
  const types = Object.keys(config?.resource ?? {});
  return CLOUD_IDS.filter((id) => types.some((t) => cloudOfType(t) === id));
}
