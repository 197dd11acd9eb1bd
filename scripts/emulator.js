#!/usr/bin/env node
/**
 * `npm run emulator -- --port P`: the AWS emulator for local tries, in the
 * foreground until Ctrl-C (or SIGTERM to this process): moto's server on
 * 127.0.0.1:P through e2e/support/moto_launcher.py, with the quirks the e2e
 * suite patches already patched, so a deploy is followed by a clean plan and
 * a clean drift. MOTO_PYTHON names a Python that has moto[server] (default python3).
 */
const { spawn } = require("child_process");
const path = require("path");

const INSTALL_HINT = "Install moto with its server extras: pip install 'moto[server]' (or set MOTO_PYTHON to a Python that has it).";
const args = process.argv.slice(2);
if (!(args.length === 2 && args[0] === "--port" && /^\d+$/.test(args[1]) && Number(args[1]) >= 1 && Number(args[1]) <= 65535)) {
  process.stderr.write(`usage: npm run emulator -- --port <1-65535>${args.length ? ` (got: ${args.join(" ")})` : ""}\n`);
  process.exit(2);
}
const python = process.env.MOTO_PYTHON || "python3";
const child = spawn(python, [path.join(__dirname, "..", "e2e", "support", "moto_launcher.py"), ...args], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, PYTHONUNBUFFERED: "1" } });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill("SIGTERM"));
// npm does not pass a kill of `npm run` on to its script: when the process that started us is gone, stop too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) child.kill("SIGTERM");
}, 500).unref();
child.once("error", (e) => {
  process.stderr.write(`cannot start ${python} (${e.message}). ${INSTALL_HINT}\n`);
  process.exitCode = 3;
});
child.once("exit", (code, signal) => {
  if (code === 3) process.stderr.write(`${INSTALL_HINT}\n`);
  process.exitCode = code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1);
});
