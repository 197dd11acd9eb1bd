/**
 * `npm run gitlab:note` (scripts/gitlab-mr-note.js) against a GitLab notes API
 * played by a server on 127.0.0.1: one review note per merge request, created
 * once, then replaced; GitLab's refusals and missing variables are errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";

const { upsertNote, MARKER } = require("../../scripts/gitlab-mr-note.js") as {
  upsertNote(file: string, env: Record<string, string | undefined>): Promise<string>;
  MARKER: string;
};

interface Note {
  id: number;
  body: string;
}

let server: Server;
let base: string;
let notes: Note[];
let requests: string[];
let refuse: number | undefined;
let dir: string;
let file: string;

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    requests.push(`${req.method} ${req.url}`);
    if (req.headers["private-token"] !== "glpat-test") return void res.writeHead(401).end('{"message":"401 Unauthorized"}');
    if (refuse) return void res.writeHead(refuse).end('{"message":"refused"}');
    const m = /^\/api\/v4\/projects\/group%2Fproject\/merge_requests\/7\/notes(?:\/(\d+))?(?:\?(.*))?$/.exec(req.url ?? "");
    if (!m) return void res.writeHead(404).end("{}");
    if (req.method === "GET") {
      // Two pages of 100: the review note may be on the second.
      const page = Number(new URLSearchParams(m[2]).get("page") ?? "1");
      const slice = notes.slice((page - 1) * 100, page * 100);
      return void res.writeHead(200, { "content-type": "application/json", ...(notes.length > page * 100 ? { "x-next-page": String(page + 1) } : {}) }).end(JSON.stringify(slice));
    }
    if (req.method === "POST") {
      const note = { id: 1000 + notes.length, body: JSON.parse(body).body };
      notes.push(note);
      return void res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(note));
    }
    if (req.method === "PUT") {
      const note = notes.find((n) => n.id === Number(m[1]))!;
      note.body = JSON.parse(body).body;
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(note));
    }
    res.writeHead(405).end("{}");
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
  dir = mkdtempSync(path.join(os.tmpdir(), "gitlab-note-"));
  file = path.join(dir, "firewall-diff.md");
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  notes = [];
  requests = [];
  refuse = undefined;
  writeFileSync(file, "## Firewall review\n\nNo change.\n");
});

const env = () => ({ CI_API_V4_URL: base, CI_PROJECT_ID: "group/project", CI_MERGE_REQUEST_IID: "7", FIREWALL_REVIEW_TOKEN: "glpat-test" });

describe("GIVEN a merge request", () => {
  test("WHEN the review is posted twice THEN there is one note, created then replaced, starting with the marker", async () => {
    notes.push({ id: 1, body: "LGTM" });
    expect(await upsertNote(file, env())).toBe("created note 1001");
    writeFileSync(file, "## Firewall review\n\n2 access changes.\n");
    expect(await upsertNote(file, env())).toBe("updated note 1001");
    expect(notes).toEqual([
      { id: 1, body: "LGTM" },
      { id: 1001, body: `${MARKER}\n## Firewall review\n\n2 access changes.\n` },
    ]);
  });

  test("WHEN the review note is on the second page of notes THEN it is found and replaced, not posted again", async () => {
    for (let i = 0; i < 150; i++) notes.push({ id: i + 1, body: i === 120 ? `${MARKER}\nold review` : `comment ${i}` });
    expect(await upsertNote(file, env())).toBe("updated note 121");
    expect(notes).toHaveLength(150);
    expect(requests.filter((r) => r.startsWith("GET"))).toHaveLength(2);
  });

  test("WHEN GitLab refuses THEN it fails with GitLab's answer, exit 1; WHEN the token is wrong THEN too", async () => {
    refuse = 403;
    await expect(upsertNote(file, env())).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/GitLab answered 403 to GET/) });
    refuse = undefined;
    await expect(upsertNote(file, { ...env(), FIREWALL_REVIEW_TOKEN: "wrong" })).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining("401") });
  });

  test.each<[string, Record<string, string | undefined>, RegExp]>([
    ["no token", { FIREWALL_REVIEW_TOKEN: undefined }, /FIREWALL_REVIEW_TOKEN not set/],
    ["no merge request (a branch pipeline)", { CI_MERGE_REQUEST_IID: undefined }, /CI_MERGE_REQUEST_IID not set/],
    ["a merge request id that is no number", { CI_MERGE_REQUEST_IID: "7/../../x" }, /is not a number/],
  ])("WHEN there is %s THEN nothing is sent and it exits 2", async (_what, over, message) => {
    await expect(upsertNote(file, { ...env(), ...over })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    expect(requests).toEqual([]);
  });

  test("WHEN the review file is missing or empty THEN nothing is posted and it exits 2", async () => {
    await expect(upsertNote(path.join(dir, "none.md"), env())).rejects.toMatchObject({ exitCode: 2 });
    writeFileSync(file, "\n");
    await expect(upsertNote(file, env())).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/is empty/) });
    expect(requests).toEqual([]);
  });
});
