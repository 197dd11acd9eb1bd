#!/usr/bin/env node
/**
 * Compiles the TypeScript sources to dist/ with swc (no type-check: `npm test`
 * runs tsc for that). Running plain JavaScript keeps TypeScript loaders, their
 * module hooks and source-map stack formatting out of every synthesis; CDKTF
 * captures a stack trace for every token it creates.
 */
const { transformFileSync } = require("@swc/core");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "dist");
const SOURCES = ["main.ts", "policy", "modules", "stacks", "synth", "verify", "bench"];
/** Files read at run time relative to the compiled code. */
const ASSETS = ["catalog/schema", "environments/schema"];

function walk(p, files = []) {
  const abs = path.join(root, p);
  if (fs.statSync(abs).isDirectory()) for (const name of fs.readdirSync(abs).sort()) walk(path.join(p, name), files);
  else files.push(p);
  return files;
}

fs.rmSync(out, { recursive: true, force: true });
for (const file of SOURCES.flatMap((s) => walk(s)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))) {
  const { code } = transformFileSync(path.join(root, file), {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
    sourceMaps: false,
    swcrc: false,
  });
  const target = path.join(out, file.replace(/\.ts$/, ".js"));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, code);
}
for (const dir of ASSETS) fs.cpSync(path.join(root, dir), path.join(out, dir), { recursive: true });

// The JSON Schemas as standalone validator code (see policy/yaml-source.ts).
const Ajv = require("ajv").default;
const standaloneCode = require("ajv/dist/standalone").default;
const { AJV_OPTIONS, precompiledName } = require(path.join(out, "policy", "yaml-source.js"));
const schemas = ["catalog/schema/catalog.schema.json", "environments/schema/environment.schema.json"].map((f) => require(path.join(root, f)));
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
for (const s of schemas) ajv.addSchema(s);
const code = standaloneCode(ajv, Object.fromEntries(schemas.map((s) => [precompiledName(s), s.$id])));
fs.writeFileSync(path.join(out, "policy", "schema-validators.js"), code);
