#!/usr/bin/env node
/**
 * `npm run schema:update`: writes environments/schema/environment.schema.json,
 * the file editors read through `# yaml-language-server: $schema=`, from the
 * common part and each cloud's section (stacks/environment-schema.ts). Run it
 * after changing a cloud's section; a test fails while the file is stale.
 */
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
require("./build.js");
const { environmentSchemaText } = require(path.join(root, "dist", "stacks", "environment-schema.js"));
const file = path.join(root, "environments", "schema", "environment.schema.json");
const text = environmentSchemaText();
if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) process.stdout.write(`${path.relative(root, file)} is up to date\n`);
else {
  fs.writeFileSync(file, text);
  process.stdout.write(`wrote ${path.relative(root, file)}\n`);
}
