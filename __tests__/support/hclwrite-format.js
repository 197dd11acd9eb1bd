#!/usr/bin/env node
/**
 * Formats HCL files with HashiCorp's hclwrite (@cdktf/hcl-tools) in a process
 * of its own: its Go WebAssembly runtime keeps timers alive after a call, which
 * would hold a jest worker open. Reads {name: text} as JSON on stdin and
 * writes {name: formatted} as JSON on stdout.
 *
 * The files are joined with marker comments (which formatting keeps) and
 * split again: each call into the runtime costs ~30 ms whatever the size.
 */
const { format } = require("@cdktf/hcl-tools");

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const files = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const names = Object.keys(files).sort();
  const marker = (i) => `# <<hcl-file ${i}>>`;
  const joined = names.map((n, i) => `${marker(i)}\n${files[n].endsWith("\n") ? files[n] : `${files[n]}\n`}`).join("");
  const parts = (await format(joined)).split(/^# <<hcl-file (\d+)>>\n/m);
  const out = {};
  for (let i = 1; i < parts.length; i += 2) out[names[Number(parts[i])]] = parts[i + 1];
  if (Object.keys(out).length !== names.length) throw new Error("HCL formatting lost a file marker");
  // Exit only once stdout has drained: a pipe takes 64 KiB at a time.
  await new Promise((resolve) => process.stdout.write(JSON.stringify(out), resolve));
}

// Exit explicitly: the Go runtime would keep the process alive.
main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e.stack || e}\n`);
    process.exit(1);
  },
);
