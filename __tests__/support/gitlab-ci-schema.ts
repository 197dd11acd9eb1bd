/**
 * GitLab's CI configuration schema (the one GitLab's pipeline editor uses), as
 * the npm package gitlab-ci-local ships it: bundled into its dist/index.js as
 * one object literal (`{$schema: "http://json-schema.org/draft-07/schema#",
 * $id: "https://gitlab.com/.gitlab-ci.yml", …}`). Read from there, never
 * downloaded. The package needs Node 22 to run, so only its data is read:
 * the literal is cut out by bracket matching and evaluated as an expression
 * in an empty context. A package update that moves or reshapes it fails
 * here, loudly.
 */
import { readFileSync } from "fs";
import * as vm from "vm";

const MARKER = '={$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"';

export function gitlabCiSchema(): { schema: Record<string, unknown>; source: string } {
  const source = require.resolve("gitlab-ci-local/dist/index.js");
  const bundle = readFileSync(source, "utf8");
  const at = bundle.indexOf(MARKER);
  if (at < 0 || bundle.indexOf(MARKER, at + 1) >= 0)
    throw new Error(`${source}: the GitLab CI schema literal (${MARKER.slice(1, 60)}…) is not there exactly once; update __tests__/support/gitlab-ci-schema.ts for this gitlab-ci-local`);
  let depth = 0;
  let quote: string | undefined;
  let end = -1;
  for (let i = at + 1; i < bundle.length && end < 0; i++) {
    const c = bundle[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) end = i;
  }
  if (end < 0) throw new Error(`${source}: the GitLab CI schema literal does not end`);
  const schema = vm.runInNewContext(`(${bundle.slice(at + 1, end + 1)})`, Object.create(null), { timeout: 2000 });
  return { schema, source };
}
