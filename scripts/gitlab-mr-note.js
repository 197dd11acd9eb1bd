#!/usr/bin/env node
/**
 * `npm run gitlab:note -- <markdown file>`: keeps ONE note of the firewall
 * review on a GitLab merge request up to date. The note starts with a marker
 * line; the first note that carries it is replaced (PUT), otherwise one is
 * created (POST). Everything it needs comes from GitLab's predefined
 * variables (CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID) and
 * FIREWALL_REVIEW_TOKEN (a project access token with the api scope).
 * Exit 0 posted, 1 GitLab refused, 2 bad input.
 */
const { readFileSync } = require("fs");

const MARKER = "<!-- firewall-catalog-review -->";
const REQUIRED = ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "FIREWALL_REVIEW_TOKEN"];

/** A refusal of its own: `code` is stable (docs/errors.md), the message says what to do. */
class NoteError extends Error {
  constructor(message, exitCode, code) {
    super(message);
    this.exitCode = exitCode;
    this.code = code;
  }
}

async function request(method, url, token, body) {
  const response = await fetch(url, {
    method,
    headers: { "PRIVATE-TOKEN": token, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new NoteError(`GitLab answered ${response.status} to ${method} ${url.replace(/\?.*$/, "")}: ${(await response.text()).slice(0, 500)}`, 1, "NOTE_GITLAB_REFUSED");
  return { json: await response.json(), next: response.headers.get("x-next-page") };
}

/** Replaces the review note, or creates it. Returns what it did. */
async function upsertNote(file, env) {
  const missing = REQUIRED.filter((k) => !env[k]);
  if (missing.length > 0)
    throw new NoteError(`${missing.join(", ")} not set: run in a merge request pipeline, with FIREWALL_REVIEW_TOKEN a project access token (api scope)`, 2, "NOTE_NOT_IN_MERGE_REQUEST");
  if (!/^\d+$/.test(env.CI_MERGE_REQUEST_IID)) throw new NoteError(`CI_MERGE_REQUEST_IID "${env.CI_MERGE_REQUEST_IID}" is not a number`, 2, "NOTE_BAD_MERGE_REQUEST_IID");
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new NoteError(`cannot read ${file}: ${e.message}`, 2, "NOTE_REPORT_UNREADABLE");
  }
  if (text.trim() === "") throw new NoteError(`${file} is empty: the review did not run (see the job above)`, 2, "NOTE_REPORT_EMPTY");
  const body = `${MARKER}\n${text}`;
  const notes = `${env.CI_API_V4_URL.replace(/\/+$/, "")}/projects/${encodeURIComponent(env.CI_PROJECT_ID)}/merge_requests/${env.CI_MERGE_REQUEST_IID}/notes`;
  for (let page = "1"; page;) {
    const { json, next } = await request("GET", `${notes}?per_page=100&sort=asc&order_by=created_at&page=${page}`, env.FIREWALL_REVIEW_TOKEN);
    const ours = Array.isArray(json) ? json.find((n) => typeof n.body === "string" && n.body.startsWith(MARKER)) : undefined;
    if (ours) {
      await request("PUT", `${notes}/${ours.id}`, env.FIREWALL_REVIEW_TOKEN, { body });
      return `updated note ${ours.id}`;
    }
    page = next;
  }
  const { json } = await request("POST", notes, env.FIREWALL_REVIEW_TOKEN, { body });
  return `created note ${json.id}`;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith("-")) {
    process.stderr.write("usage: npm run gitlab:note -- <markdown file>\n");
    process.exitCode = 2;
  } else {
    upsertNote(args[0], process.env).then(
      (what) => process.stdout.write(`${what} on merge request !${process.env.CI_MERGE_REQUEST_IID}\n`),
      (e) => {
        process.stderr.write(`gitlab:note: ${e.message}\n`);
        process.exitCode = e instanceof NoteError ? e.exitCode : 1;
      },
    );
  }
}

module.exports = { upsertNote, MARKER };
