/**
 * A `node --require` preload that kills its process (SIGKILL: no cleanup, no
 * finally, as a power cut or the OOM killer) at the Nth file-system change
 * under one folder: KILL_AT=N, KILL_UNDER=<folder>. KILL_COUNT_FILE, when set,
 * receives the number of changes the run made (for a run that is not killed).
 */
const fs = require("fs");
const path = require("path");

const under = path.resolve(process.env.KILL_UNDER || "/nonexistent");
const killAt = Number(process.env.KILL_AT || 0);
let count = 0;

const inside = (p) => typeof p === "string" && (path.resolve(p) === under || path.resolve(p).startsWith(under + path.sep));
for (const name of ["renameSync", "unlinkSync", "writeFileSync", "linkSync", "symlinkSync", "mkdirSync", "rmdirSync", "rmSync", "copyFileSync", "chmodSync"]) {
  const real = fs[name];
  fs[name] = function (...args) {
    if (args.slice(0, 2).some(inside)) {
      count += 1;
      if (count === killAt) process.kill(process.pid, "SIGKILL");
    }
    return real.apply(this, args);
  };
}
if (process.env.KILL_COUNT_FILE) process.on("exit", () => fs.writeFileSync(process.env.KILL_COUNT_FILE, String(count)));
