/**
 * A reviewer opens cdktf.out/reports/<env>.html from the pipeline's artifacts:
 * in a real browser, offline, it must show the Exposure section, the diagrams
 * (SVGs drawn at synthesis, readable: no label over another) and the tables,
 * and fetch nothing from anywhere.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { BrowserContext, chromium } from "playwright-core";
import { synthesizeAll } from "../synth/synthesize";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let work: string;
let outdir: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
  work = mkdtempSync(path.join(os.tmpdir(), "fw-browser-"));
  outdir = path.join(work, "cdktf.out");
  await synthesizeAll({ outdir });
  // A fresh profile per run: nothing cached, nothing remembered.
  context = await chromium.launchPersistentContext(path.join(work, "profile"), { executablePath: CHROMIUM, args: FLAGS, headless: true, offline: true });
});

afterAll(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Opens a report, recording every request the page makes and every console error. */
async function open(file: string) {
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, requests, errors };
}

const reports = () => [
  ...["dev", "staging", "prod"].map((env) => ({ name: env, file: path.join(outdir, "reports", `${env}.html`) })),
  { name: "golden narrowing", file: path.resolve(__dirname, "../__tests__/golden/narrowing/output/reports/golden.html") },
];

describe("GIVEN the HTML coverage reports synthesis writes", () => {
  test("WHEN each is opened from file in headless Chromium THEN it shows Exposure first, the diagram and the tables, runs no script and fetches nothing", async () => {
    for (const { name, file } of reports()) {
      const json = JSON.parse(readFileSync(file.replace(/\.html$/, ".json"), "utf8"));
      const { page, requests, errors } = await open(file);
      expect({ name, requests }).toEqual({ name, requests: [pathToFileURL(file).href] });
      expect({ name, errors }).toEqual({ name, errors: [] });
      expect(await page.locator("script").count()).toBe(0);

      const h2 = await page.locator("h2").allTextContents();
      expect(h2[0]).toBe("Exposure");
      expect(await page.locator("h3").allTextContents()).toEqual(
        expect.arrayContaining(["Reachable from outside the environment's networks", "Administration ports", "Waivers", "Disagreements between clouds"]),
      );

      // The rules table: one row per catalog rule, the columns a reviewer needs.
      const headers = await page.locator("#rules-table thead th").allTextContents();
      expect(headers).toEqual(expect.arrayContaining(["target and direction", "protocol and ports", "action", "origin"]));
      expect(await page.locator("#rules-table tbody tr").count()).toBe(json.rules.length);
      expect(await page.locator("#exposure-administration-table tbody tr").count()).toBeGreaterThan(0);

      // The diagram: drawn (it has a size on screen), every node and edge of the report in it.
      const svg = page.locator("figure.diagram svg");
      const box = await svg.boundingBox();
      expect(box && box.width > 100 && box.height > 40).toBe(true);
      expect(await svg.locator("g.node").count()).toBeGreaterThanOrEqual(json.diagram.nodes.length);
      expect(await svg.locator("g.label").count()).toBe(json.diagram.edges.length);
      for (const n of json.diagram.nodes) expect(await svg.locator("g.node text", { hasText: n.label.split(", ")[0] }).count()).toBeGreaterThan(0);

      // Readable: no two labels or nodes overlap, as the browser lays them out (each SVG in its own coordinates).
      const overlapsIn = (cls: string) =>
        page.evaluate((c) => {
          const boxes = Array.from(document.querySelectorAll(`svg.${c} g.label rect, svg.${c} g.node rect`)).map((r) => (r as SVGGraphicsElement).getBBox());
          const hits: string[] = [];
          boxes.forEach((a, i) =>
            boxes.slice(i + 1).forEach((b, j) => {
              if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) hits.push(`${i}/${i + 1 + j}`);
            }),
          );
          return hits;
        }, cls);
      expect({ name, overlaps: await overlapsIn("diagram") }).toEqual({ name, overlaps: [] });

      // The tier diagram: each tier a flow names and each flow edge, drawn and readable too; none when no rule names a role.
      const tiers = page.locator("figure.tiers svg");
      if (json.tiers.diagram.edges.length === 0) expect(await tiers.count()).toBe(0);
      else {
        const tierBox = await tiers.boundingBox();
        expect(tierBox && tierBox.width > 100 && tierBox.height > 40).toBe(true);
        expect(await tiers.locator("g.label").count()).toBe(json.tiers.diagram.edges.length);
        for (const n of json.tiers.diagram.nodes) expect(await tiers.locator("g.node text", { hasText: n.label }).count()).toBeGreaterThan(0);
        expect({ name, overlaps: await overlapsIn("tiers") }).toEqual({ name, overlaps: [] });
      }
      expect(await page.locator("#tiers").count()).toBe(1);
      await page.close();
    }
  });

  test("WHEN a page would load something from the network THEN the check sees it (it can fail)", async () => {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.setContent('<img src="http://example.invalid/x.png">').catch(() => undefined);
    await page.waitForTimeout(200);
    expect(requests.some((u) => u.startsWith("http://example.invalid/"))).toBe(true);
    await page.close();
  });
});
