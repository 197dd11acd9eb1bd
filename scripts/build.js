#!/usr/bin/env node
/**
 * Compiles the TypeScript sources to dist/ with swc (no type-check: `npm run lint`
 * runs tsc for that). Running plain JavaScript keeps TypeScript loaders, their
 * module hooks and source-map stack formatting out of every synthesis; CDKTF
 * captures a stack trace for every token it creates.
 *
 * Safe to run while another build or the compiled app runs (`npm run synth` and
 * `npx cdktf synth` side by side): a file is written only when its content
 * changed, through a temporary file renamed into place, and only files no
 * longer produced are removed.
 */
const { transformFileSync } = require("@swc/core");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "dist");
const SOURCES = ["index.ts", "main.ts", "testing", "policy", "modules", "stacks", "synth", "verify", "review", "cli", "bench"];
/** Files read at run time relative to the compiled code. */
const ASSETS = ["catalog/schema", "package.json"];

function walk(p, files = []) {
  const abs = path.join(root, p);
  if (fs.statSync(abs).isDirectory()) for (const name of fs.readdirSync(abs).sort()) walk(path.join(p, name), files);
  else files.push(p);
  return files;
}

const written = new Set();

/** Writes `content` to `target` atomically, and not at all when it is already there. */
function emit(target, content) {
  written.add(target);
  try {
    if (fs.readFileSync(target, "utf8") === content) return;
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, target);
}

for (const file of SOURCES.flatMap((s) => walk(s)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))) {
  const { code } = transformFileSync(path.join(root, file), {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
    sourceMaps: false,
    swcrc: false,
  });
  emit(path.join(out, file.replace(/\.ts$/, ".js")), code);
}
for (const file of ASSETS.flatMap((d) => walk(d))) emit(path.join(out, file), fs.readFileSync(path.join(root, file), "utf8"));

// The JSON Schemas as standalone validator code (see policy/yaml-source.ts).
const Ajv = require("ajv").default;
const standaloneCode = require("ajv/dist/standalone").default;
const { AJV_OPTIONS, precompiledName } = require(path.join(out, "policy", "yaml-source.js"));
// The environment schema is composed from each cloud's section (stacks/environment-schema.ts), so it is taken from the compiled code.
const schemas = [require(path.join(root, "catalog/schema/catalog.schema.json")), require(path.join(out, "stacks", "environment-schema.js")).environmentSchema()];
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
for (const s of schemas) ajv.addSchema(s);
const code = standaloneCode(ajv, Object.fromEntries(schemas.map((s) => [precompiledName(s), s.$id])));
emit(path.join(out, "policy", "schema-validators.js"), code);

// Remove what a former build wrote from sources that are gone.
const produced = (d) => (fs.existsSync(d) ? fs.readdirSync(d).flatMap((n) => (fs.statSync(path.join(d, n)).isDirectory() ? produced(path.join(d, n)) : [path.join(d, n)])) : []);
// Declarations (*.d.ts) come from `npm run build:lib` (tsc), not from here: they stay.
for (const f of produced(out)) if (!written.has(f) && !f.endsWith(".tmp") && !f.endsWith(".d.ts")) fs.rmSync(f, { force: true });
