/**
 * The README is the front door (at most 250 lines) and docs/ holds the rest:
 * every relative link in README.md and docs/*.md must reach a file or folder
 * of the repository, so moving a page cannot leave a dead link behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const README_MAX_LINES = 250;

function pages(): string[] {
  const docs = readdirSync(path.join(ROOT, "docs"))
    .filter((n) => n.endsWith(".md"))
    .sort()
    .map((n) => path.join(ROOT, "docs", n));
  return [path.join(ROOT, "README.md"), ...docs];
}

/** Each Markdown link target `[text](target)` outside fenced code, without its #anchor. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#"))
    .map((target) => target.split("#")[0]);
}

/** Links of one page that resolve to nothing, as `page: target`. */
function deadLinks(file: string): string[] {
  return relativeLinks(readFileSync(file, "utf8"))
    .filter((target) => !existsSync(path.resolve(path.dirname(file), decodeURI(target))))
    .map((target) => `${path.relative(ROOT, file)}: ${target}`);
}

test("GIVEN the README THEN it is a front door of at most 250 lines", () => {
  const lines = readFileSync(path.join(ROOT, "README.md"), "utf8").trimEnd().split("\n");
  expect(lines.length).toBeLessThanOrEqual(README_MAX_LINES);
});

test("GIVEN README.md and every docs page THEN each relative link resolves to a file in the repository", () => {
  const all = pages();
  expect(all.length).toBeGreaterThan(5);
  expect(all.flatMap((file) => relativeLinks(readFileSync(file, "utf8"))).length).toBeGreaterThan(10);
  expect(all.flatMap(deadLinks)).toEqual([]);
});

test("GIVEN the docs index THEN it links every docs page", () => {
  const index = relativeLinks(readFileSync(path.join(ROOT, "docs", "README.md"), "utf8"));
  const others = pages()
    .slice(1)
    .map((p) => path.basename(p))
    .filter((n) => n !== "README.md");
  expect(others.filter((n) => !index.includes(n))).toEqual([]);
});

test("GIVEN a page with a dead link, an anchor, a URL and a link inside code THEN only the dead link is named", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "docs-links-"));
  writeFileSync(path.join(dir, "there.md"), "# there\n");
  const page = path.join(dir, "page.md");
  writeFileSync(page, "[ok](there.md#top) [anchor](#x) [web](https://example.com/a) [gone](missing.md)\n```md\n[in code](nowhere.md)\n```\n");
  expect(deadLinks(page).map((l) => l.split(": ")[1])).toEqual(["missing.md"]);
});
