/**
 * Which keys of a Terraform JSON body are nested blocks rather than
 * attributes. Terraform JSON writes both as objects, HCL does not; the answer
 * comes from the generated provider bindings (HashiCorp's code generated from
 * the provider schema), so it never drifts from the provider we bind.
 */
import { readFileSync } from "fs";
import { SynthesisError } from "../policy/errors";

/** Nested block names at one level, each with its own nested blocks. */
export interface BlockTree {
  readonly [key: string]: BlockTree;
}

/** Attribute and nested block names of a resource (or block), as the binding declares them. */
export interface BindingSchema {
  readonly attributes: readonly string[];
  readonly blocks: Readonly<Record<string, BindingSchema>>;
}

/** The prebuilt CDKTF binding of a provider: HashiCorp publishes `@cdktf/provider-<provider name>` (aws, google, azurerm). */
function providerPackage(provider: string): string {
  return `@cdktf/provider-${provider}`;
}

/** Blocks Terraform itself defines on every resource. */
const META_BLOCKS: BlockTree = { lifecycle: {}, provisioner: {}, connection: {} };

const cache = new Map<string, BlockTree>();

/** Block tree of a provider configuration (`provider "aws"`). */
export function providerBlocks(provider: string): BlockTree {
  return cached(`provider:${provider}`, () => parseBindingBlocks(bindingSource(provider, "provider")));
}

/** Block tree of a resource or data source type such as a cloud's firewall rule. */
export function resourceBlocks(type: string, data = false): BlockTree {
  return cached(`${data ? "data" : "resource"}:${type}`, () => {
    const provider = type.slice(0, type.indexOf("_"));
    const dir = `${data ? "data-" : ""}${provider}-${type.slice(provider.length + 1)}`.replace(/_/g, "-");
    const name = data ? dir : dir.slice(provider.length + 1);
    return { ...META_BLOCKS, ...parseBindingBlocks(bindingSource(provider, name)) };
  });
}

function cached(key: string, make: () => BlockTree): BlockTree {
  let tree = cache.get(key);
  if (!tree) {
    tree = make();
    cache.set(key, tree);
  }
  return tree;
}

function bindingSource(provider: string, dir: string): string {
  const pkg = providerPackage(provider);
  let file: string;
  try {
    file = require.resolve(`${pkg}/lib/${dir}/index.js`);
  } catch {
    throw new SynthesisError(`no CDKTF binding ${pkg}/lib/${dir} is installed for provider "${provider}"; add ${pkg} to package.json`, undefined, "LIB_BINDING_MISSING");
  }
  return readFileSync(file, "utf8");
}

/** Attribute and block names of a resource type, read from its binding (for checks of GCP output). */
export function resourceSchema(type: string): BindingSchema {
  const provider = type.slice(0, type.indexOf("_"));
  return parseBindingSchema(bindingSource(provider, type.slice(provider.length + 1).replace(/_/g, "-")));
}

/** Reads `synthesizeAttributes()` and the `*ToTerraform` helpers it calls. */
export function parseBindingSchema(source: string): BindingSchema {
  const top = /synthesizeAttributes\(\) \{\s*return \{([\s\S]*?)\n\s*\};/.exec(source);
  if (!top) throw new Error("binding has no synthesizeAttributes(): unexpected CDKTF binding layout");
  return schemaOf(top[1], source, 0);
}

export function parseBindingBlocks(source: string): BlockTree {
  return toBlockTree(parseBindingSchema(source));
}

function toBlockTree(schema: BindingSchema): BlockTree {
  return Object.fromEntries(Object.entries(schema.blocks).map(([k, v]) => [k, toBlockTree(v)]));
}

function schemaOf(body: string, source: string, depth: number): BindingSchema {
  const attributes: string[] = [];
  const blocks: Record<string, BindingSchema> = {};
  for (const m of body.matchAll(/^\s*(\w+): (?:cdktf\.listMapper\((\w+)ToTerraform, true\)|(\w+)ToTerraform|cdktf\.)/gm)) {
    const fn = m[2] ?? m[3];
    if (!fn) {
      attributes.push(m[1]);
      continue;
    }
    const fnBody = new RegExp(`function ${fn}ToTerraform\\(struct\\) \\{[\\s\\S]*?return \\{([\\s\\S]*?)\\n    \\};`).exec(source);
    blocks[m[1]] = fnBody && depth < 8 ? schemaOf(fnBody[1], source, depth + 1) : { attributes: [], blocks: {} };
  }
  return { attributes, blocks };
}
