/**
 * Every use of CDKTF internals, in one place: synthesizing one stack without
 * the work CDKTF does for features we do not use.
 *
 * Why this is acceptable: cdktf 0.21.0 is the final release (the project is
 * archived), package.json pins it exactly, and __tests__/synth/cdktf-internals.test.ts
 * fails loudly if the version or any function, field or behaviour used here
 * changes. The constructs and their own resolution are untouched: each element
 * still renders itself through CDKTF's `toTerraform` and `resolve`; what goes is
 * work whose result CDKTF throws away for our stacks. The output is byte-identical
 * (the same test compares both paths on the example environments).
 *
 * What it skips, and why that is safe:
 * - Token stack traces. CDKTF captures every frame (stackTraceLimit =
 *   MAX_SAFE_INTEGER) for every token it creates, only to quote it if that
 *   token later fails to resolve; that capture was about an eighth of a
 *   large synthesis. An unresolvable token still fails with CDKTF's message.
 * - The preparing resolve pass (`TerraformStack.prepareStack`). It resolves
 *   every element once more, and throws the result away, only so that a
 *   reference to another stack's resource can add the output and remote-state
 *   data source that carry it. We synthesize one stack at a time and make no
 *   such references; the single resolution that remains runs in preparing
 *   mode, so a cross-stack reference would still be noticed, and is refused
 *   with an error instead of producing a wrong reference.
 * - CDKTF's resolution of the literal parts of each element: `resolve` visits
 *   every value, with a new context and three pattern tests per string, to
 *   leave almost all of them as they are. Values that are or may hold a token
 *   are handed to CDKTF's `resolve` at their path, as it would reach them;
 *   plain values are copied as it copies them (undefined dropped).
 * - The second resolution in `TerraformStack.toTerraform` of a tree whose
 *   fragments are already resolved; only the stack's own overrides can hold
 *   tokens there, and when they do the tree is resolved as CDKTF does.
 * - Keeping the stack alive after synthesis: CDKTF's process-wide token map
 *   holds every token, and through it every construct, forever. The tokens a
 *   stack registered are released when it has been written, so memory no
 *   longer grows with every environment.
 */
import { App, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, Token, Tokenization } from "cdktf";
import { ref } from "cdktf/lib/tfExpression";
import * as tokens from "cdktf/lib/_tokens";
import { DefaultTokenResolver, StringConcat } from "cdktf/lib/tokens/resolvable";
import { extractTokenDouble } from "cdktf/lib/tokens/private/encoding";
import { resolve as resolveAt } from "cdktf/lib/tokens/private/resolve";
import { TokenMap } from "cdktf/lib/tokens/private/token-map";
import { deepMerge, processDynamicAttributes } from "cdktf/lib/util";
import { writeFileSync } from "fs";
import * as path from "path";
import { SynthesisError } from "../policy/errors";
/** The serializer CDKTF writes cdk.tf.json with (its own dependency, 1.3.0): the fallback of writeOwnJson. */
function stableStringify(): (value: unknown, options: { space: number }) => string {
  return require(require.resolve("json-stable-stringify", { paths: [path.dirname(require.resolve("cdktf"))] }));
}

/** The only cdktf release this module is written for. */
export const CDKTF_VERSION = "0.21.0";

/** The fields of TerraformStack this module reads; private in CDKTF's typings. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
  readonly crossStackDataSources: Record<string, unknown>;
  readonly dependencies: TerraformStack[];
}

/** The fields of CDKTF's process-wide token map this module reads. */
interface TokenMapInternals {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
  readonly tokenCounter: number;
}

export interface SynthesizeOptions {
  /** `false` runs CDKTF's own path instead, for comparison. */
  readonly fast?: boolean;
  /** Receives the stack's Terraform JSON object, the one CDKTF writes to cdk.tf.json, so later stages need not read it back. */
  readonly onTerraform?: (config: Record<string, unknown>) => void;
}

function handOver<T>(config: T, options: SynthesizeOptions): T {
  options.onTerraform?.(asWritten(config) as Record<string, unknown>);
  return config;
}

/** The object as CDKTF writes it (json-stable-stringify): keys sorted at every level, undefined members left out; arrays keep their order. */
function asWritten(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : asWritten(v)));
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) copy[key] = asWritten(member);
  }
  return copy;
}

/**
 * Adds the stack `create` makes to `app`, writes it with `app.synth()` and
 * returns it. Use it with an app that holds no other stack.
 * `fast: false` runs CDKTF's own path instead, for comparison; `onTerraform`
 * receives the JSON object written.
 */
export function synthesizeStack<S extends TerraformStack>(app: App, create: () => S, options: SynthesizeOptions = {}): S {
  if (options.fast === false) {
    const stack = withoutTraceFormatting(create);
    const own = stack.toTerraform.bind(stack);
    stack.toTerraform = () => handOver(own(), options);
    withoutTraceFormatting(() => app.synth());
    return stack;
  }
  const tokenMap = TokenMap.instance() as unknown as TokenMapInternals;
  const firstToken = tokenMap.tokenCounter;
  try {
    return withoutTokenStackTraces(() => {
      const stack = create();
      stack.prepareStack = () => void stack.ensureBackendExists();
      writeOwnJson(stack, options);
      app.synth();
      return stack;
    });
  } finally {
    releaseTokensFrom(tokenMap, firstToken);
  }
}

/**
 * The stack's cdk.tf.json is written here instead of by CDKTF's synthesizer,
 * which stringifies with json-stable-stringify (about a tenth of a large
 * synthesis): the synthesizer still runs every step of its own (aspects,
 * validations, annotations, the HCL mode), is handed an empty placeholder to
 * write, and the file is then overwritten with the same bytes, from the sorted
 * copy `onTerraform` receives anyway. A tree the writer cannot prove it writes
 * as json-stable-stringify does goes to json-stable-stringify itself.
 */
function writeOwnJson(stack: TerraformStack, options: SynthesizeOptions): void {
  const internals = stack as unknown as { synthesizer: { synthesize(session: SynthesisSession): void } };
  const synthesizer = internals.synthesizer;
  let produced: Record<string, unknown> | undefined;
  stack.toTerraform = () => {
    produced = toTerraformResolvedOnce(stack);
    return {};
  };
  internals.synthesizer = {
    synthesize(session: SynthesisSession) {
      synthesizer.synthesize(session);
      if (produced === undefined) return; // CDKTF wrote HCL (SYNTH_HCL_OUTPUT): nothing of ours to write
      const file = path.join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath);
      const tree = produced;
      produced = undefined;
      // The tree is ours alone (fresh containers from resolveTokensIn) unless the stack's overrides were merged into it.
      const sorted = sortedForWriting(tree, Object.keys((stack as unknown as StackInternals).rawOverrides).length === 0);
      writeFileSync(file, sorted === undefined ? stableStringify()(tree, { space: 2 }) : stableJsonText(sorted));
      options.onTerraform?.((sorted ?? asWritten(tree)) as Record<string, unknown>);
    },
  };
}

/** What App.synth hands each stack's synthesizer (cdktf's ISynthesisSession, which it does not export from its root). */
interface SynthesisSession {
  readonly outdir: string;
  readonly manifest: { forStack(stack: TerraformStack): { synthesizedStackPath: string } };
}

/** Containers of a sorted copy that JSON.stringify would not write as json-stable-stringify does: empty, or with array-index keys (which objects keep first), or holding such a container. */
const IRREGULAR = new WeakSet<object>();
/** A key V8 orders before all others in an object, whatever the order it was added in. */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/**
 * asWritten's copy of `value`, with its irregular containers recorded in
 * IRREGULAR; undefined when the tree holds anything but JSON data (functions,
 * class instances, toJSON), which json-stable-stringify then writes itself.
 * With `reuse`, a container that is already as the copy would be (keys in
 * order, no undefined member, every member taken as it is) is taken instead
 * of copied: resolveTokensIn writes most of a tree so.
 */
function sortedForWriting(value: unknown, reuse = false): unknown {
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    let irregular = value.length === 0;
    let same = reuse;
    for (let i = 0; i < value.length; i++) {
      const member = value[i];
      if (member === undefined) {
        copy[i] = null;
        same = false;
        continue;
      }
      const item = sortedForWriting(member, reuse);
      if (item === undefined) return undefined;
      if (item !== null && typeof item === "object" && IRREGULAR.has(item)) irregular = true;
      if (item !== member) same = false;
      copy[i] = item;
    }
    const result = same ? value : copy;
    if (irregular) IRREGULAR.add(result);
    return result;
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return value;
    case "object": {
      if (value === null) return null;
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
      const keys = Object.keys(value);
      let same = reuse && inOrder(keys);
      if (!same) keys.sort();
      const items: unknown[] = new Array(keys.length);
      let members = 0;
      let irregular = false;
      for (let i = 0; i < keys.length; i++) {
        const member = (value as Record<string, unknown>)[keys[i]];
        if (member === undefined) {
          same = false;
          continue;
        }
        const item = sortedForWriting(member, reuse);
        if (item === undefined) return undefined;
        if (INDEX_LIKE.test(keys[i]) || (item !== null && typeof item === "object" && IRREGULAR.has(item))) irregular = true;
        if (item !== member) same = false;
        items[i] = item;
        members++;
      }
      let result = value as Record<string, unknown>;
      if (!same) {
        result = {};
        for (let i = 0; i < keys.length; i++) if (items[i] !== undefined) result[keys[i]] = items[i];
      }
      if (irregular || members === 0) IRREGULAR.add(result);
      return result;
    }
    default:
      return undefined;
  }
}

/**
 * json-stable-stringify(tree, { space: 2 }) for a copy made by sortedForWriting:
 * a regular container is JSON.stringify's output (keys already in sorted
 * order), indented to its depth; irregular ones are written as
 * json-stable-stringify does, with an empty container as an opening bracket,
 * a line break and the closing bracket at the container's indentation.
 */
function stableJsonText(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (!IRREGULAR.has(value)) {
    const text = JSON.stringify(value, null, 2);
    return indent === "" ? text : text.replace(/\n/g, `\n${indent}`);
  }
  const inner = `${indent}  `;
  const lines = Array.isArray(value)
    ? value.map((item) => `\n${inner}${stableJsonText(item, inner)}`)
    : Object.keys(value)
        .sort()
        .map((key) => `\n${inner}${JSON.stringify(key)}: ${stableJsonText((value as Record<string, unknown>)[key], inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}${lines.join(",")}\n${indent}${close}`;
}

/**
 * While `work` runs, CDKTF's token stack-trace capture returns no frames.
 * Errors thrown meanwhile keep their own stack (V8 captures those itself).
 */
function withoutTokenStackTraces<T>(work: () => T): T {
  // The module's own exports object, which CDKTF's callers read at each call: `import * as`
  // gives a frozen namespace of getters under TypeScript loaders (tsx, ts-node's ESM mode).
  const module: { captureStackTrace: (below?: (...args: never[]) => unknown) => string[] } = require("cdktf/lib/tokens/private/stack-trace");
  const capture = module.captureStackTrace;
  module.captureStackTrace = noFrames;
  try {
    return withoutTraceFormatting(work);
  } finally {
    module.captureStackTrace = capture;
  }
}

function noFrames(): string[] {
  return [];
}

/**
 * Captured traces are not formatted while `work` runs (what remains captures
 * them: constructs' metadata). Errors thrown meanwhile still get their stack:
 * V8 formats an Error's stack when it is first read, after this returns.
 */
function withoutTraceFormatting<T>(work: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/**
 * `TerraformStack.toTerraform` of cdktf 0.21.0, with the elements resolved in
 * preparing mode (the pass `prepareStack` would have made) and without the
 * final resolution of the merged tree when the stack's overrides hold no token.
 */
function toTerraformResolvedOnce(stack: TerraformStack): Record<string, unknown> {
  const internals = stack as unknown as StackInternals;
  const tf: Record<string, unknown> = {};
  const metadata = {
    version: internals.cdktfVersion,
    stackName: stack.node.id,
    backend: "local", // overwritten by backend implementations if used
    cloud: undefined, // overwritten by cloud and remote backend implementations
    ...(Object.keys(internals.rawOverrides).length > 0 ? { overrides: { stack: Object.keys(internals.rawOverrides) } } : {}),
  };
  const elements = terraformElements(stack);
  for (const element of elements) {
    const meta = element.toMetadata();
    // A resource's metadata is mostly { overrides, imports, moved } all undefined: resolve drops them and the merge adds nothing.
    if (!isPlainObject(meta) || !Object.values(meta).every((v) => v === undefined)) deepMerge(metadata, tokens.resolve(stack, meta));
  }
  const outputs = {};
  for (const item of elements) {
    if (!TerraformOutput.isTerraformOutput(item)) continue;
    deepMerge(
      outputs,
      item.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {}),
    );
  }
  tf["//"] = { metadata, outputs };
  // Merged as soon as resolved (CDKTF resolves all, then merges): deepMerge copies each fragment, which can then go young.
  resolvedReferences = new Map();
  try {
    for (const element of elements) {
      const own = plainResource(element);
      if (own) mergeResource(tf, own.type, own.id, resolveTokensIn(stack, own.attributes) as Record<string, unknown>);
      else deepMerge(tf, resolveTokensIn(stack, element.toTerraform()));
    }
  } finally {
    resolvedReferences = undefined;
  }
  refuseCrossStackReferences(stack);
  deepMerge(tf, internals.rawOverrides);
  return holdsTokens(internals.rawOverrides) ? tokens.resolve(stack, tf) : tf;
}

/** The fields of TerraformResource this module reads; private or protected in CDKTF's typings. */
interface ResourceInternals {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
  readonly rawOverrides: Record<string, unknown>;
  readonly provisioners?: unknown;
  readonly terraformMetaArguments: Record<string, unknown>;
  readonly constructNodeMetadata: Record<string, unknown>;
  readonly _hasMoved: boolean;
  readonly _imported?: unknown;
  hasResourceMove(): unknown;
  synthesizeAttributes(): Record<string, unknown>;
}

/** The meta-arguments TerraformResource.terraformMetaArguments returns, and their keys as its toTerraform writes them (keysToSnakeCase). */
const META_ARGUMENTS = ["dependsOn", "count", "provider", "lifecycle", "forEach", "connection"].join();
const META_KEYS_WRITTEN = ["depends_on", "count", "provider", "lifecycle", "for_each", "connection", "provisioner"];

/**
 * A resource whose Terraform JSON CDKTF's `TerraformResource.toTerraform` would
 * build from its attributes alone: its own toTerraform is CDKTF's, and it has
 * no meta-argument, provisioner, override, move or import. What that method
 * then returns is `{ resource: { [type]: { [id]: attributes } } }`, with the
 * attributes merged with meta-arguments that are all undefined (deepMerge
 * deletes those keys) and the element's metadata under "//"; that is built
 * here without the merge and the snake-casing of the absent meta-arguments.
 * Anything else (a user's resource with `dependsOn`, `lifecycle`, overrides,
 * a class of its own toTerraform, cdktn's classes) returns undefined and goes
 * through CDKTF's toTerraform.
 */
function plainResource(element: TerraformElement): { type: string; id: string; attributes: Record<string, unknown> } | undefined {
  if (!(element instanceof TerraformResource) || element.toTerraform !== TerraformResource.prototype.toTerraform) return undefined;
  const resource = element as unknown as ResourceInternals;
  if (resource._hasMoved || resource._imported !== undefined || resource.hasResourceMove() || resource.provisioners !== undefined) return undefined;
  if (Object.keys(resource.rawOverrides).length > 0) return undefined;
  const meta = resource.terraformMetaArguments;
  if (Object.keys(meta).join() !== META_ARGUMENTS || Object.values(meta).some((v) => v !== undefined)) return undefined;
  const attributes = processDynamicAttributes(resource.synthesizeAttributes());
  for (const key of META_KEYS_WRITTEN) delete attributes[key];
  attributes["//"] = { ...((attributes["//"] as object | undefined) ?? {}), ...resource.constructNodeMetadata };
  return { type: resource.terraformResourceType, id: resource.friendlyUniqueId, attributes };
}

/**
 * deepMerge(tf, { resource: { [type]: { [id]: attributes } } }) for resolved
 * attributes: where the address is new, deepMerge would copy the attributes
 * into a fresh object (arrays shared, no undefined left to delete), which is
 * the attributes object itself, taken without the copy.
 */
function mergeResource(tf: Record<string, unknown>, type: string, id: string, attributes: Record<string, unknown>): void {
  const resources = tf.resource;
  if (resources === undefined) {
    tf.resource = { [type]: { [id]: attributes } };
    return;
  }
  const ofType = isPlainObject(resources) ? resources[type] : undefined;
  if (isPlainObject(ofType) && !(id in ofType)) ofType[id] = attributes;
  else if (isPlainObject(resources) && ofType === undefined) resources[type] = { [id]: attributes };
  else deepMerge(tf, { resource: { [type]: { [id]: attributes } } });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Within one toTerraformResolvedOnce: strings holding only references to this
 * stack's own elements, resolved. A reference resolves to the same text
 * wherever it appears in a stack (Reference.resolve reads only the stack and
 * whether it is preparing), so each such string is resolved by CDKTF once:
 * at 5,000 rules the same 50 security group ids appear 10,000 times a stack.
 */
let resolvedReferences: Map<string, unknown> | undefined;
/** CDKTF's Reference class (`ref` creates one), which it does not export. */
const REFERENCE = (ref("reference", undefined as unknown as TerraformStack) as object).constructor;

function onlyOwnReferences(stack: TerraformStack, text: string): boolean {
  const found = Tokenization.reverseString(text).tokens;
  return found.length > 0 && found.every((t) => t instanceof REFERENCE && (t as unknown as { originStack?: unknown }).originStack === stack);
}

/** The resolver `_tokens.resolve` uses (a module constant there; it holds no state). */
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());
/** Anything in a string CDKTF's resolve would act on: a token marker, or what its number-token pattern matches. */
const MAY_HOLD_TOKEN = /TfToken\[|[-|\d.+]e[-|\d.eE+]/;

/**
 * What `resolve(stack, value, true)` returns, with CDKTF resolving only the
 * values that are or may hold tokens. A token is resolved at its path with the
 * same options: the context CDKTF would give it there carries nothing from the
 * plain objects and arrays above it.
 */
function resolveTokensIn(stack: TerraformStack, value: unknown, prefix: string[] = []): unknown {
  const cdktf = () => resolveAt(value, { scope: stack, prefix: [...prefix], resolver: TOKEN_RESOLVER, preparing: true });
  switch (typeof value) {
    case "undefined":
    case "boolean":
      return value;
    case "string": {
      if (!(MAY_HOLD_TOKEN.test(value) || value === Token.STRING_MAP_TOKEN_VALUE || value === Token.ANY_MAP_TOKEN_VALUE)) return value;
      const known = resolvedReferences?.get(value);
      if (known !== undefined) return known;
      const resolved = cdktf();
      if (resolvedReferences && typeof resolved === "string" && onlyOwnReferences(stack, value)) resolvedReferences.set(value, resolved);
      return resolved;
    }
    case "number":
      return isPlainNumber(value) ? value : cdktf();
    case "object": {
      if (value === null) return null;
      if (prefix.length >= 200 || Tokenization.isResolvable(value) || value instanceof Date || !isPlainContainer(value)) return cdktf();
      if (Array.isArray(value)) {
        if (value.some((x) => (typeof x === "string" && x.includes("TfToken[")) || (typeof x === "number" && !isPlainNumber(x)))) return cdktf();
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          prefix.push(`${i}`);
          const resolved = resolveTokensIn(stack, value[i], prefix);
          prefix.pop();
          if (resolved !== undefined) out.push(resolved);
        }
        return out;
      }
      const keys = Object.keys(value);
      if (keys.some((k) => MAY_HOLD_TOKEN.test(k))) return cdktf();
      // Resolved in CDKTF's order (the object's), written with the keys sorted as cdk.tf.json has them,
      // so that sortedForWriting can take most of the tree as it is instead of copying it.
      const resolved: unknown[] = new Array(keys.length);
      for (let i = 0; i < keys.length; i++) {
        prefix.push(keys[i]);
        resolved[i] = resolveTokensIn(stack, (value as Record<string, unknown>)[keys[i]], prefix);
        prefix.pop();
      }
      const out: Record<string, unknown> = {};
      for (const i of sortedIndexes(keys)) if (resolved[i] !== undefined) out[keys[i]] = resolved[i];
      return out;
    }
    default:
      return cdktf(); // functions and the like: CDKTF's error
  }
}

/** The indexes of `keys` in the order of their keys, sorted as Array.prototype.sort sorts strings. */
function sortedIndexes(keys: readonly string[]): number[] {
  const order = keys.map((_, i) => i);
  return inOrder(keys) ? order : order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
}

/** Keys already in sorted order (distinct keys: each before the next). */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

/** Not a number that encodes a token (those are huge negative doubles), nor the map-token number. */
function isPlainNumber(x: number): boolean {
  if (Number.isSafeInteger(x)) return x !== Token.NUMBER_MAP_TOKEN_VALUE;
  return extractTokenDouble(x, false) === undefined && extractTokenDouble(x, true) === undefined;
}

/** An array or an object literal: what CDKTF's resolve walks key by key (constructs and other classes go to CDKTF). */
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A preparing resolution registers a reference to another stack's resource here. */
function refuseCrossStackReferences(stack: TerraformStack): void {
  const internals = stack as unknown as StackInternals;
  const from = [...Object.keys(internals.crossStackDataSources), ...internals.dependencies.map((d) => d.node.id)];
  if (from.length > 0) {
    throw new SynthesisError(
      `stack "${stack.node.id}" refers to resources of ${[...new Set(from)].join(", ")}: stacks are synthesized one at a time and must not reference each other. Pass the value in as data instead of a reference.`,
      undefined,
      "OUTPUT_CROSS_STACK_REFERENCE",
    );
  }
}

/** Anything CDKTF would resolve: tokens (also encoded in strings, numbers and lists) and undefined, which resolution drops. */
function holdsTokens(value: unknown): boolean {
  if (value === undefined || Token.isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some(holdsTokens);
  if (value !== null && typeof value === "object") return Object.entries(value).some(([k, v]) => Token.isUnresolved(k) || holdsTokens(v));
  return false;
}

/** The stack's elements, depth first, not descending into nested stacks (as CDKTF's own `terraformElements`). */
function terraformElements(node: { node: { children: readonly unknown[] } }, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child as { node: { children: readonly unknown[] } }, into);
  }
  return into;
}

/** Forgets every token registered since `first`: the synthesized stack no longer needs them, and they kept it in memory. */
function releaseTokensFrom(tokenMap: TokenMapInternals, first: number): void {
  for (const key of tokenMap.stringTokenMap.keys()) {
    if (Number(key.slice(key.lastIndexOf(".") + 1)) >= first) tokenMap.stringTokenMap.delete(key);
  }
  for (const key of tokenMap.numberTokenMap.keys()) {
    if (key >= first) tokenMap.numberTokenMap.delete(key);
  }
}
