/** The review as Markdown, fit for a pull-request comment: risks first, a summary line per environment, then the details. */
import { AccessChange, DecisionSide } from "./access";
import { CloudDiff, DiffReport, EnvironmentDiff, resourceCount } from "./diff";
import { ResourceChanges } from "./resources";

export function renderMarkdown(report: DiffReport): string {
  const lines: string[] = [`## Firewall review: \`${report.base}\` → \`${report.head}\``, ""];
  if (!report.accessChanged && !report.resourcesChanged) {
    lines.push(`No change: every environment gives the same access and the same resources on both sides.`, "");
    return lines.join("\n");
  }
  lines.push("### Risk", "");
  if (report.risks.length === 0)
    lines.push(
      "No risky change found (security group replaced or destroyed, priorities that collide or reorder while applied, deny rule re-created, administration port newly reachable, address set widened).",
    );
  const names = new Map(report.environments.flatMap((e) => e.clouds.map((c) => [c.cloud, c.displayName] as const)));
  for (const r of report.risks) {
    const on = r.clouds.length > 0 ? `, ${r.clouds.map((c) => names.get(c) ?? c).join(" and ")}` : "";
    lines.push(`- **${r.kind}** (\`${r.environment}\`${on}): ${r.message}.`);
  }
  lines.push("", "### Summary", "");
  for (const env of report.environments) lines.push(`- ${summaryLine(env)}`);
  for (const note of report.notes) lines.push(`- Note: ${note}.`);
  for (const env of report.environments) {
    if (env.clouds.every((c) => c.status === "compared" && c.access.length === 0 && resourceCount(c.resources) === 0 && c.rolesAdded.length + c.rolesRemoved.length === 0)) continue;
    lines.push("", `### \`${env.name}\``, "", "**Access**", "");
    lines.push(...accessLines(env));
    lines.push("", "**Resources**", "");
    for (const c of env.clouds) lines.push(...resourceLines(c));
  }
  lines.push("");
  return lines.join("\n");
}

function summaryLine(env: EnvironmentDiff): string {
  if (env.status !== "compared") return `\`${env.name}\`: environment ${env.status} (${env.clouds.map((c) => `\`${c.stack}\``).join(", ")})`;
  const items = accessLines(env);
  const n = items[0] === NO_ACCESS_CHANGE ? 0 : items.length;
  const accessText = n === 0 ? "no access change" : `${n} access change${n === 1 ? "" : "s"}`;
  const res = env.clouds.filter((c) => resourceCount(c.resources) > 0).map((c) => `${c.displayName} ${countsText(c.resources)}`);
  return `\`${env.name}\`: ${accessText}; ${res.length === 0 ? "no resource change" : res.join("; ")}`;
}

function countsText(r: ResourceChanges): string {
  const parts: string[] = [];
  if (r.added.length) parts.push(`${r.added.length} added`);
  if (r.changed.length) parts.push(`${r.changed.length} changed in place`);
  if (r.replaced.length) parts.push(`${r.replaced.length} replaced`);
  if (r.destroyed.length) parts.push(`${r.destroyed.length} destroyed`);
  return parts.join(", ");
}

/** Each access change once, with the clouds it happens on (normally all of them: the clouds agree). */
function groupedAccess(env: EnvironmentDiff): { change: AccessChange; clouds: string[] }[] {
  const out = new Map<string, { change: AccessChange; clouds: string[] }>();
  for (const c of env.clouds) {
    for (const change of c.access) {
      const key = JSON.stringify(change);
      const entry = out.get(key) ?? { change, clouds: [] };
      entry.clouds.push(c.displayName);
      out.set(key, entry);
    }
  }
  return [...out.values()];
}

const NO_ACCESS_CHANGE = "No access change.";

function accessLines(env: EnvironmentDiff): string[] {
  const lines: string[] = [];
  const compared = env.clouds.filter((c) => c.status === "compared");
  for (const c of env.clouds.filter((x) => x.status !== "compared")) lines.push(`- ${c.displayName}: stack \`${c.stack}\` ${c.status}; its access is not compared.`);
  for (const c of compared) {
    for (const r of c.rolesAdded) lines.push(`- ${c.displayName}: role \`${r}\` is new here (every flow to and from it is new).`);
    for (const r of c.rolesRemoved) lines.push(`- ${c.displayName}: role \`${r}\` is no longer managed here.`);
  }
  const grouped = groupedAccess(env);
  if (grouped.length === 0 && lines.length === 0) return [NO_ACCESS_CHANGE];
  const all = compared.length;
  for (const { change, clouds } of grouped) {
    const where = clouds.length === all && all > 1 ? "" : ` — ${clouds.join(", ")} only`;
    lines.push(`- ${accessLine(change)}${where}`);
  }
  return lines;
}

export function accessLine(c: AccessChange): string {
  const peer = c.peerRole !== undefined ? c.peer.replace(`role ${c.peerRole}`, `role \`${c.peerRole}\``) : c.peer;
  const [from, to] = c.direction === "ingress" ? [peer, `role \`${c.target}\``] : [`role \`${c.target}\``, peer];
  return `\`${c.traffic}\` from ${from} to ${to}: now **${c.after.action === "allow" ? "allowed" : "denied"}** (${decidedBy(c.after)}); was ${c.before.action === "allow" ? "allowed" : "denied"} (${decidedBy(c.before)})`;
}

function decidedBy(d: DecisionSide): string {
  const by =
    d.rule === null
      ? "default"
      : d.rule.includes(".")
        ? d.rule
            .split(", ")
            .map((r) => `\`${r}\``)
            .join(", ")
        : `rule \`${d.rule}\``;
  return d.disagreement ? `${by}; ${d.disagreement}` : by;
}

function resourceLines(c: CloudDiff): string[] {
  const r = c.resources;
  const from = r.source === "plan" ? " (from the plan)" : "";
  if (c.unmanaged && resourceCount(r) === 0)
    return [
      `- \`${c.stack}\`: stack removed: Terraform no longer manages its ${c.unmanaged.length} resources; they stay in place until \`terraform destroy\` runs in the stack (with its previous configuration).`,
    ];
  if (resourceCount(r) === 0) return [`- \`${c.stack}\`: no change${from}.`];
  const lines = [`- \`${c.stack}\`${from}: ${countsText(r)}`];
  // Resources replaced for one shared reason (their group is replaced) are one line.
  const byReason = new Map<string, string[]>();
  for (const a of r.replaced) byReason.set(a.reasons.join("; "), [...(byReason.get(a.reasons.join("; ")) ?? []), a.address]);
  for (const [reason, addresses] of byReason) {
    if (addresses.length > 3) lines.push(`  - replaced ${addresses.length} resources because ${reason.replace(/^its /, "their ")}: ${addresses.map((x) => `\`${x}\``).join(", ")}`);
    else for (const a of addresses) lines.push(`  - replaced \`${a}\`: ${reason}`);
  }
  for (const a of r.destroyed) lines.push(`  - destroyed \`${a}\``);
  for (const a of r.added) lines.push(`  - added \`${a}\``);
  for (const a of r.changed) lines.push(`  - changed in place \`${a.address}\`${a.attributes.length ? `: ${a.attributes.join(", ")}` : ""}${a.note ? ` (${a.note})` : ""}`);
  lines.push(...priorityLines(c));
  return lines;
}

/** The priority changes of a stack: how many, and each (docs/priorities.md). */
function priorityLines(c: CloudDiff): string[] {
  const changes = c.priorityChanges ?? [];
  if (changes.length === 0) return [];
  return [`  - priority changes: ${changes.length}`, ...changes.map((p) => `    - \`${p.address}\`: ${p.from} → ${p.to}`)];
}
