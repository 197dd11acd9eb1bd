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
import { App, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import * as tokens from "cdktf/lib/_tokens";
import { DefaultTokenResolver, StringConcat } from "cdktf/lib/tokens/resolvable";
import { extractTokenDouble } from "cdktf/lib/tokens/private/encoding";
import { resolve as resolveAt } from "cdktf/lib/tokens/private/resolve";
import { TokenMap } from "cdktf/lib/tokens/private/token-map";
import { deepMerge } from "cdktf/lib/util";
import { SynthesisError } from "../policy/errors";

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
      stack.toTerraform = () => handOver(toTerraformResolvedOnce(stack), options);
      app.synth();
      return stack;
    });
  } finally {
    releaseTokensFrom(tokenMap, firstToken);
  }
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
  for (const meta of elements.map((e) => tokens.resolve(stack, e.toMetadata()))) deepMerge(metadata, meta);
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
  for (const element of elements) deepMerge(tf, resolveTokensIn(stack, element.toTerraform()));
  refuseCrossStackReferences(stack);
  deepMerge(tf, internals.rawOverrides);
  return holdsTokens(internals.rawOverrides) ? tokens.resolve(stack, tf) : tf;
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
    case "string":
      return MAY_HOLD_TOKEN.test(value) || value === Token.STRING_MAP_TOKEN_VALUE || value === Token.ANY_MAP_TOKEN_VALUE ? cdktf() : value;
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
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        prefix.push(key);
        const resolved = resolveTokensIn(stack, (value as Record<string, unknown>)[key], prefix);
        prefix.pop();
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    }
    default:
      return cdktf(); // functions and the like: CDKTF's error
  }
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
