/**
 * Generated catalogs for the benchmark: `rules` rules over `roles` roles and
 * `environments` environments, shaped like real catalogs (role-to-role and
 * address-set ingress, egress to networks, a closing deny per role) and kept
 * within AWS's per-group quotas so every size renders on both clouds.
 */
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";

export interface GeneratedCatalog {
  readonly catalogDir: string;
  readonly environmentsDir: string;
}

/**
 * `invariants` adds that many catalog invariants (each role in turn: SSH from
 * anywhere never reaches it), which every rendering holds, so synthesis and
 * verify pay for checking them as a real catalog's would.
 */
export function generateCatalog(dir: string, rules: number, roles: number, environments: number, invariants = 0): GeneratedCatalog {
  const catalogDir = path.join(dir, "catalog");
  const environmentsDir = path.join(dir, "environments");
  mkdirSync(catalogDir, { recursive: true });
  mkdirSync(environmentsDir, { recursive: true });
  const sets = Math.max(1, Math.floor(roles / 2));
  const roleId = (i: number) => `r${String(i).padStart(3, "0")}`;
  const setId = (i: number) => `s${String(i).padStart(3, "0")}`;

  const lines: string[] = ["name: bench", "description: generated benchmark catalog", "roles:"];
  for (let r = 0; r < roles; r++) lines.push(`  - id: ${roleId(r)}`, `    description: role ${r}`, "    egressDefault: deny");
  lines.push("addressSets:");
  for (let s = 0; s < sets; s++) lines.push(`  - id: ${setId(s)}`, `    description: address set ${s}`);
  lines.push("rules:");
  const perRole = Math.ceil(rules / roles);
  let written = 0;
  for (let r = 0; r < roles && written < rules; r++) {
    const allows = Math.min(perRole, rules - written) - 1;
    for (let k = 0; k < allows; k++, written++) {
      const egress = k % 2 === 1;
      const protocol = k % 4 < 2 ? "tcp" : "udp";
      const port = 1000 + k;
      const peer = egress ? `10.${r}.${k % 250}.0/24` : k % 3 === 2 ? `set:${setId((r + k) % sets)}` : `role:${roleId((r + k) % roles)}`;
      lines.push(
        `  - id: ${roleId(r)}-${egress ? "out" : "in"}-${String(k).padStart(4, "0")}`,
        `    target: ${roleId(r)}`,
        `    direction: ${egress ? "egress" : "ingress"}`,
        "    action: allow",
        `    peer: "${peer}"`,
        `    protocol: ${protocol}`,
        `    ports: [${port}]`,
        `    description: generated rule ${k} of role ${r}`,
      );
    }
    lines.push(
      `  - id: ${roleId(r)}-deny-rest`,
      `    target: ${roleId(r)}`,
      "    direction: ingress",
      "    action: deny",
      "    peer: any",
      "    protocol: tcp",
      "    ports: all",
      `    description: deny all other TCP to role ${r}`,
    );
    written++;
  }
  if (invariants > 0) {
    lines.push("invariants:");
    for (let i = 0; i < invariants; i++) {
      const role = roleId(i % roles);
      lines.push(`  - id: no-ssh-to-${role}-${i}`, `    description: SSH from anywhere never reaches role ${i % roles}`, `    never: { from: any, to: ${role}, protocol: tcp, ports: [22] }`);
    }
  }
  writeFileSync(path.join(catalogDir, "bench.yaml"), lines.join("\n") + "\n");

  for (let e = 0; e < environments; e++) {
    const name = `e${String(e).padStart(2, "0")}`;
    const env = [
      `name: ${name}`,
      "catalog: bench",
      "namePrefix: b",
      "addressSets:",
      ...Array.from({ length: sets }, (_, s) => `  ${setId(s)}: [172.${16 + (e % 16)}.${s}.0/24]`),
      "aws:",
      "  region: eu-west-1",
      `  vpcId: vpc-${String(e).padStart(8, "0")}`,
      "  backend: { local: { path: terraform.tfstate } }",
      "gcp:",
      `  project: bench-project-${name}`,
      "  region: europe-west1",
      "  network: bench-vpc",
      "  backend: { local: { path: terraform.tfstate } }",
    ];
    writeFileSync(path.join(environmentsDir, `${name}.yaml`), env.join("\n") + "\n");
  }
  return { catalogDir, environmentsDir };
}
