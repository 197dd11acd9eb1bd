/**
 * The library as a user gets it: `npm pack`, the tarball installed into a
 * scratch app beside our node_modules, docs/own-cdktf-app.md's "Use it in your own CDKTF
 * app" block type-checked against the packed declarations and run; then run
 * again with `tcp 22 from any`, which the construct's lint validation refuses.
 */
import { execFile, execFileSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { promisify } from "util";
import { transformSync } from "@swc/core";

const ROOT = path.resolve(__dirname, "..", "..");
const run = promisify(execFile);
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).name as string;

/** The first ```ts block of the docs section "Use it in your own CDKTF app". */
function readmeApp(): string {
  const readme = readFileSync(path.join(ROOT, "docs", "own-cdktf-app.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Use it in your own CDKTF app"));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error("docs/own-cdktf-app.md: no ts block in the section");
  return m[1];
}

function compile(source: string): string {
  return transformSync(source, { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" }, swcrc: false }).code;
}

async function runApp(dir: string, name: string, source: string): Promise<{ code: number; stderr: string; outdir: string }> {
  writeFileSync(path.join(dir, `${name}.js`), compile(source));
  const outdir = path.join(dir, `${name}.out`);
  try {
    await run(process.execPath, [`${name}.js`], { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: outdir } });
    return { code: 0, stderr: "", outdir };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr, outdir };
  }
}

describe("use it in your own CDKTF app", () => {
  // Inside the project, so the scratch app resolves cdktf and the providers from our node_modules.
  const app = mkdtempSync(path.join(ROOT, ".own-app-"));
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  test("GIVEN the packed tarball installed in an app THEN the README's main.ts type-checks against its .d.ts, synthesizes our resources with the app's references, and the lint stops tcp 22 from any", async () => {
    // GIVEN: npm pack (its prepack builds the JS and the declarations), installed by extraction.
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", app], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
    const installed = path.join(app, "node_modules", PACKAGE);
    mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(app, tarball), "-C", installed, "--strip-components=1"]);
    expect(existsSync(path.join(installed, "dist", "index.d.ts"))).toBe(true);
    expect(existsSync(path.join(installed, "__tests__"))).toBe(false);
    expect(existsSync(path.join(installed, "dist", "synth"))).toBe(false);

    const source = readmeApp();
    expect(source).toContain(`from "${PACKAGE}"`);
    expect(source).not.toMatch(/from "\.\.?\//);
    const withSsh = source.replace('peer: "set:office", protocol: "tcp", ports: [443]', 'peer: "any", protocol: "tcp", ports: [22]');
    expect(withSsh).not.toBe(source);

    writeFileSync(path.join(app, "main.ts"), source);
    writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ["node"] }, files: ["main.ts"] }),
    );
    // WHEN: type-check and both runs, side by side.
    const [typecheck, ok, refused] = await Promise.all([
      run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--listFiles"], { cwd: app, maxBuffer: 64 * 1024 * 1024 }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      ),
      runApp(app, "main", source),
      runApp(app, "main-ssh", withSsh),
    ]);

    // THEN: the block type-checks, against the packed declarations.
    expect(typecheck.out.split("\n").filter((l) => l.startsWith("main.ts("))).toEqual([]);
    expect(typecheck.code).toBe(0);
    expect(typecheck.out.split("\n")).toContain(path.join(installed, "dist", "index.d.ts"));

    // THEN: it synthesizes our resources inside the app's stack, with the app's references.
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    const json = JSON.parse(readFileSync(path.join(ok.outdir, "stacks", "shop", "cdk.tf.json"), "utf8"));
    const groups = Object.values<any>(json.resource.aws_security_group);
    expect(groups.map((g) => [g.name, g.vpc_id])).toEqual([["shop-prod-web", "${aws_vpc.vpc.id}"]]);
    const ingress = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule);
    expect(ingress.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port])).toEqual([
      ["192.168.0.0/16", "tcp", 443, 443],
      ["${aws_vpc.vpc.cidr_block}", "tcp", 443, 443],
    ]);
    expect(ingress[0].security_group_id).toMatch(/^\$\{aws_security_group\.[\w-]+\.id\}$/);
    const firewalls = Object.values<any>(json.resource.google_compute_firewall);
    expect(firewalls.some((f) => f.network === "shop-vpc" && f.source_ranges?.join() === "192.168.0.0/16,${aws_vpc.vpc.cidr_block}" && f.allow?.[0]?.ports?.[0] === "443")).toBe(true);
    expect(json.output.web_security_group.value).toMatch(/^\$\{aws_security_group\.[\w-]+\.id\}$/);
    expect(json.resource.aws_vpc.vpc.cidr_block).toBe("10.0.0.0/16");

    // THEN: with tcp 22 from any, the app's own synthesis stops on the lint, naming the rule.
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Validation failed/);
    expect(refused.stderr).toMatch(/error \[admin-port-open-to-any\] environment "prod", rule "web-https": /);
    expect(existsSync(path.join(refused.outdir, "stacks", "shop", "cdk.tf.json"))).toBe(false);
  }, 90000);
});
