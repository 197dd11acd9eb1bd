/**
 * `npm run emulator` (scripts/emulator.js) refuses what it cannot start, with
 * usage or install advice; starting moto itself is the e2e suite's part
 * (e2e/deploy-and-locking.e2e.test.ts starts it this way).
 */
import { spawnSync } from "child_process";
import * as path from "path";

const SCRIPT = path.resolve(__dirname, "..", "..", "scripts", "emulator.js");
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8", env, timeout: 30_000 });

test.each([[[]], [["--port"]], [["--port", "0"]], [["--port", "65536"]], [["--port", "80a"]], [["-p", "5000"]], [["--port", "5000", "--host", "0.0.0.0"]]])(
  "GIVEN the arguments %j THEN it exits 2 with its usage, starting nothing",
  (args) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^usage: npm run emulator -- --port <1-65535>/);
  },
);

test("GIVEN no Python with moto THEN it exits 3 saying how to install it", () => {
  const r = run(["--port", "5000"], { ...process.env, MOTO_PYTHON: "/nonexistent/python3" });
  expect(r.status).toBe(3);
  expect(r.stderr).toContain("pip install 'moto[server]'");
});
