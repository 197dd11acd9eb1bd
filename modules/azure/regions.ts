/**
 * Azure's regions, offline: the names `az account list-locations` gives
 * (`name`, `displayName`) for the public cloud, Azure Government and Azure
 * China, as of 2025. A location is checked against it at synthesis, so a typo
 * fails here instead of at apply; a display name ("West Europe") is taken as
 * its name (westeurope). A region Azure opens later is one line here.
 */
export const AZURE_REGIONS: Readonly<Record<string, string>> = {
  australiacentral: "Australia Central",
  australiacentral2: "Australia Central 2",
  australiaeast: "Australia East",
  australiasoutheast: "Australia Southeast",
  austriaeast: "Austria East",
  belgiumcentral: "Belgium Central",
  brazilsouth: "Brazil South",
  brazilsoutheast: "Brazil Southeast",
  canadacentral: "Canada Central",
  canadaeast: "Canada East",
  centralindia: "Central India",
  centralus: "Central US",
  centraluseuap: "Central US EUAP",
  chilecentral: "Chile Central",
  chinaeast: "China East",
  chinaeast2: "China East 2",
  chinaeast3: "China East 3",
  chinanorth: "China North",
  chinanorth2: "China North 2",
  chinanorth3: "China North 3",
  denmarkeast: "Denmark East",
  eastasia: "East Asia",
  eastus: "East US",
  eastus2: "East US 2",
  eastus2euap: "East US 2 EUAP",
  francecentral: "France Central",
  francesouth: "France South",
  germanynorth: "Germany North",
  germanywestcentral: "Germany West Central",
  indonesiacentral: "Indonesia Central",
  israelcentral: "Israel Central",
  italynorth: "Italy North",
  japaneast: "Japan East",
  japanwest: "Japan West",
  jioindiacentral: "Jio India Central",
  jioindiawest: "Jio India West",
  koreacentral: "Korea Central",
  koreasouth: "Korea South",
  malaysiawest: "Malaysia West",
  mexicocentral: "Mexico Central",
  newzealandnorth: "New Zealand North",
  northcentralus: "North Central US",
  northeurope: "North Europe",
  norwayeast: "Norway East",
  norwaywest: "Norway West",
  polandcentral: "Poland Central",
  qatarcentral: "Qatar Central",
  southafricanorth: "South Africa North",
  southafricawest: "South Africa West",
  southcentralus: "South Central US",
  southeastasia: "Southeast Asia",
  southindia: "South India",
  spaincentral: "Spain Central",
  swedencentral: "Sweden Central",
  swedensouth: "Sweden South",
  switzerlandnorth: "Switzerland North",
  switzerlandwest: "Switzerland West",
  uaecentral: "UAE Central",
  uaenorth: "UAE North",
  uksouth: "UK South",
  ukwest: "UK West",
  usdodcentral: "USDoD Central",
  usdodeast: "USDoD East",
  usgovarizona: "USGov Arizona",
  usgovtexas: "USGov Texas",
  usgovvirginia: "USGov Virginia",
  westcentralus: "West Central US",
  westeurope: "West Europe",
  westindia: "West India",
  westus: "West US",
  westus2: "West US 2",
  westus3: "West US 3",
};

/** What a location means: its region name, or why it is none, with the nearest names. */
export type LocationLookup = { readonly name: string } | { readonly unknown: true; readonly nearest: readonly string[] };

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "");

/** A region name or display name (any case, spaces optional: "West Europe", "westeurope") as Azure's region name. */
export function lookUpAzureLocation(location: string): LocationLookup {
  const key = squash(location);
  for (const [name, display] of Object.entries(AZURE_REGIONS)) if (key === name || key === squash(display)) return { name };
  const scored = Object.keys(AZURE_REGIONS)
    .map((name) => ({ name, d: distance(key, name) }))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const best = scored[0].d;
  return {
    unknown: true,
    nearest: scored
      .filter((s) => s.d <= best + 1)
      .slice(0, 3)
      .map((s) => s.name),
  };
}

/** The message for an unknown location: the nearest names, and where the list lives. */
export function unknownLocationHint(nearest: readonly string[]): string {
  return `Did you mean ${nearest.map((n) => `${n} (${AZURE_REGIONS[n]})`).join(" or ")}? The known regions are listed in modules/azure/regions.ts (\`az account list-locations -o table\` lists yours).`;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Azure's limit of tags per resource. */
export const AZURE_MAX_TAGS = 50;
/** Tag names Azure keeps for itself (case-insensitive prefixes). */
export const AZURE_RESERVED_TAG_PREFIXES = ["microsoft", "azure", "windows"];
