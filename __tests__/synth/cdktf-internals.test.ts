/**
 * Guards for synth/cdktf-internals.ts: it relies on CDKTF internals, acceptable
 * only because cdktf 0.21.0 is the final release and pinned. If any of these
 * fail, CDKTF changed under us: review synth/cdktf-internals.ts against the new
 * source before touching the expectations here.
 */
import { createHash } from "crypto";
import { mkdtempSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { App, Fn, Lazy, LocalBackend, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, Token, Tokenization } from "cdktf";
import { StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
import { ref } from "cdktf/lib/tfExpression";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import * as tokens from "cdktf/lib/_tokens";
import * as stackTraceModule from "cdktf/lib/tokens/private/stack-trace";
import { TokenMap } from "cdktf/lib/tokens/private/token-map";
import * as util from "cdktf/lib/util";
import { planStacks } from "../../stacks/app";
import { CDKTF_VERSION, synthesizeStack } from "../../synth/cdktf-internals";
import { thrown } from "../support/thrown";

const CHANGED = "cdktf internals changed: review synth/cdktf-internals.ts against the new cdktf source";

function fingerprint(f: (...args: never[]) => unknown): string {
  return createHash("sha256").update(f.toString()).digest("hex").slice(0, 16);
}

function scratchApp(): App {
  return new App({ outdir: mkdtempSync(path.join(os.tmpdir(), "fw-internals-")), stackTraces: false });
}

/** A stack with an output whose value is a Lazy that counts how often CDKTF produces it. */
function countingStack(app: App, id: string): { stack: TerraformStack; produced: () => number } {
  let count = 0;
  const stack = new TerraformStack(app, id);
  new LocalBackend(stack, { path: "terraform.tfstate" });
  new TerraformOutput(stack, "value", { value: Lazy.stringValue({ produce: () => `produced-${++count}` }) });
  return { stack, produced: () => count };
}

function writtenJson(app: App, stack: string): string {
  return readFileSync(path.join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8");
}

test("GIVEN the installed cdktf and package.json THEN both are exactly the version the internals module is written for", () => {
  const installed = JSON.parse(readFileSync(require.resolve("cdktf/package.json"), "utf8")).version;
  // Our own app pins the core exactly as a devDependency; users get it as an optional peer.
  const pinned = JSON.parse(readFileSync("package.json", "utf8")).devDependencies.cdktf;
  expect({ installed, pinned }).toEqual({ installed: CDKTF_VERSION, pinned: CDKTF_VERSION });
});

test("GIVEN the cdktf functions the fast path replaces or relies on THEN each has the exact source of 0.21.0", () => {
  // The fast path copies toTerraform minus its last resolve, drops prepareStack's resolve pass,
  // and counts on App.synth calling both through the stack object.
  const stackProto = TerraformStack.prototype as unknown as Record<string, (...args: never[]) => unknown>;
  const tokenMapProto = TokenMap.prototype as unknown as Record<string, (...args: never[]) => unknown>;
  const sources = {
    "TerraformStack.toTerraform": fingerprint(stackProto.toTerraform),
    "TerraformStack.prepareStack": fingerprint(stackProto.prepareStack),
    "App.synth": fingerprint(App.prototype.synth),
    captureStackTrace: fingerprint(stackTraceModule.captureStackTrace),
    "TokenMap.registerStringKey": fingerprint(tokenMapProto.registerStringKey),
    "TokenMap.registerNumberKey": fingerprint(tokenMapProto.registerNumberKey),
    "TokenMap.lookupToken": fingerprint(tokenMapProto.lookupToken),
    "_tokens.resolve": fingerprint(tokens.resolve),
    deepMerge: fingerprint(util.deepMerge),
    // The JSON is written by us: the synthesizer must write toTerraform's result with json-stable-stringify, last.
    "StackSynthesizer.synthesize": fingerprint(StackSynthesizer.prototype.synthesize),
    // Plain resources are built without toTerraform's merges, and references resolved once a stack.
    "TerraformResource.toTerraform": fingerprint(TerraformResource.prototype.toTerraform),
    "TerraformResource.terraformMetaArguments": fingerprint(Object.getOwnPropertyDescriptor(TerraformResource.prototype, "terraformMetaArguments")!.get!),
    processDynamicAttributes: fingerprint(util.processDynamicAttributes),
    "Reference.resolve": fingerprint(Object.getPrototypeOf(ref("x", undefined as unknown as TerraformStack)).resolve),
  };
  const changed = Object.keys(sources).filter((k) => sources[k as keyof typeof sources] !== EXPECTED_SOURCES[k as keyof typeof sources]);
  if (changed.length > 0) throw new Error(`${CHANGED}: ${changed.join(", ")} (now ${JSON.stringify(sources)})`);
  expect(sources).toEqual(EXPECTED_SOURCES);
});

/** sha256 (first 16 hex digits) of each function's source in cdktf 0.21.0. */
const EXPECTED_SOURCES = {
  "TerraformStack.toTerraform": "07d724012b247878",
  "TerraformStack.prepareStack": "7f39aeeb3fcd23a8",
  "App.synth": "e8cbafe6ec95f0b0",
  captureStackTrace: "4b92f5ee4e8121d2",
  "TokenMap.registerStringKey": "739ac67e2c5f047c",
  "TokenMap.registerNumberKey": "65e0db2105739434",
  "TokenMap.lookupToken": "22d7e2c886258ba8",
  "_tokens.resolve": "bb7d4a1eefa3ebad",
  deepMerge: "95558c68cdbca7d6",
  "StackSynthesizer.synthesize": "32195be4424ec652",
  "TerraformResource.toTerraform": "6e06c66d3bb8c8ee",
  "TerraformResource.terraformMetaArguments": "0d5f396d6796d249",
  processDynamicAttributes: "762282eb09e13542",
  "Reference.resolve": "04e95cd69ef257c1",
};

test("GIVEN the json-stable-stringify CDKTF writes with THEN it is the release whose format the JSON writer reproduces", () => {
  const file = require.resolve("json-stable-stringify/package.json", { paths: [path.dirname(require.resolve("cdktf"))] });
  expect(JSON.parse(readFileSync(file, "utf8")).version).toBe("1.3.0");
});

test("GIVEN a new stack and the token map THEN the private fields the fast path reads exist with the expected shape", () => {
  const app = scratchApp();
  const stack = new TerraformStack(app, "shape") as unknown as Record<string, unknown>;
  expect({
    rawOverrides: stack.rawOverrides,
    cdktfVersion: stack.cdktfVersion,
    crossStackDataSources: stack.crossStackDataSources,
    dependencies: stack.dependencies,
  }).toEqual({ rawOverrides: {}, cdktfVersion: CDKTF_VERSION, crossStackDataSources: {}, dependencies: [] });
  const map = TokenMap.instance() as unknown as Record<string, unknown>;
  expect(map.stringTokenMap).toBeInstanceOf(Map);
  expect(map.numberTokenMap).toBeInstanceOf(Map);
  expect(typeof map.tokenCounter).toBe("number");
  // A string token's key ends in the counter it was registered under.
  const counter = map.tokenCounter as number;
  const token = Lazy.stringValue({ produce: () => "x" });
  expect([...(map.stringTokenMap as Map<string, unknown>).keys()].pop()).toBe(`TOKEN.${counter}`);
  expect(Tokenization.reverseString(token).firstToken).toBe((map.stringTokenMap as Map<string, unknown>).get(`TOKEN.${counter}`));
});

test("GIVEN tokens created outside and inside the fast path THEN only those outside capture a creation stack trace", () => {
  const stackOf = (s: string) => (Tokenization.reverseString(s).firstToken as unknown as { creationStack: string[] }).creationStack;
  expect(stackOf(Lazy.stringValue({ produce: () => "outside" })).length).toBeGreaterThan(0);
  const app = scratchApp();
  let inside: string[] | undefined;
  synthesizeStack(app, () => {
    const stack = countingStack(app, "traces").stack;
    inside = stackOf(Lazy.stringValue({ produce: () => "inside" }));
    return stack;
  });
  expect(inside).toEqual([]);
  // restored afterwards
  expect(stackOf(Lazy.stringValue({ produce: () => "after" })).length).toBeGreaterThan(0);
});

test("GIVEN a counting Lazy WHEN synthesized both ways THEN the fast path resolves it once where CDKTF resolves it twice, and writes the same bytes", () => {
  const fast = scratchApp();
  let mine: ReturnType<typeof countingStack> | undefined;
  synthesizeStack(fast, () => {
    mine = countingStack(fast, "counting");
    return mine.stack;
  });
  const cdktf = scratchApp();
  let theirs: ReturnType<typeof countingStack> | undefined;
  synthesizeStack(
    cdktf,
    () => {
      theirs = countingStack(cdktf, "counting");
      return theirs.stack;
    },
    { fast: false },
  );
  expect(mine!.produced()).toBe(1);
  // CDKTF: once in prepareStack's pass, once in toTerraform
  expect(theirs!.produced()).toBe(2);
  // the value differs only by that count
  expect(writtenJson(fast, "counting")).toBe(writtenJson(cdktf, "counting").replace("produced-2", "produced-1"));
});

test("GIVEN a synthesized stack THEN the tokens it registered are released and earlier tokens stay resolvable", () => {
  const map = TokenMap.instance() as unknown as { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> };
  const before = Lazy.stringValue({ produce: () => "kept" });
  const sizes = () => [map.stringTokenMap.size, map.numberTokenMap.size];
  const start = sizes();
  const app = scratchApp();
  let during: number[] = [];
  synthesizeStack(app, () => {
    const made = countingStack(app, "released");
    Lazy.numberValue({ produce: () => 1 });
    during = sizes();
    return made.stack;
  });
  expect(during[0]).toBeGreaterThan(start[0]);
  expect(during[1]).toBeGreaterThan(start[1]);
  expect(sizes()).toEqual(start);
  expect(tokens.resolve(app, before)).toBe("kept");
});

test("GIVEN stack overrides with and without tokens THEN both are written as CDKTF writes them", () => {
  const build = (app: App) => {
    const { stack } = countingStack(app, "overrides");
    stack.addOverride("terraform.required_version", ">= 1.5.0");
    stack.addOverride("locals.lazy", Lazy.stringValue({ produce: () => "from-a-token" }));
    return stack;
  };
  const fast = scratchApp();
  synthesizeStack(fast, () => build(fast));
  const cdktf = scratchApp();
  synthesizeStack(cdktf, () => build(cdktf), { fast: false });
  const written = JSON.parse(writtenJson(fast, "overrides"));
  expect(written.locals.lazy).toBe("from-a-token");
  expect(written.terraform.required_version).toBe(">= 1.5.0");
  expect(writtenJson(fast, "overrides")).toBe(writtenJson(cdktf, "overrides").replace("produced-2", "produced-1"));
});

test("GIVEN tokens of every shape anywhere in plain objects and arrays THEN they are written exactly as CDKTF's own resolution writes them", () => {
  // Every shape CDKTF's resolve treats specially, inside plain containers the fast path copies itself.
  const build = (app: App) => {
    const stack = new TerraformStack(app, "shapes");
    new LocalBackend(stack, { path: "terraform.tfstate" });
    const other = new TerraformLocal(stack, "other", { a: 1 });
    const list = Token.asList(Lazy.anyValue({ produce: () => ["x", "y"] }));
    new TerraformLocal(stack, "shapes", {
      plain: { text: "just text", number: 443, float: 1.5, negative: -1, flag: false, nothing: null, empty: {}, none: [] },
      dropped: { gone: undefined, list: [1, undefined, "two"] },
      numberLike: ["1e5", "10.0.0.0/8", "a-e.b", "2E+3", "e", "1e"],
      escapes: ["${literal}", "$${escaped}", "%{ if true }x%{ endif }", "}{"],
      references: { whole: other.expression, inText: `id=${other.fqn}`, joined: Fn.join("-", ["a", other.fqn]), number: Token.asNumber(Lazy.numberValue({ produce: () => 7 })) },
      lists: { tokenList: list, nested: [[list], { deeper: [Token.asString(Lazy.stringValue({ produce: () => "deep" }))] }] },
      map: Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: "v" }) })),
      lazyObject: Lazy.anyValue({ produce: () => ({ made: [1, { by: "lazy" }], undef: undefined }) }),
      keys: { [Token.asString(Lazy.stringValue({ produce: () => "computed-key" }))]: "value" },
    });
    return stack;
  };
  const fast = scratchApp();
  synthesizeStack(fast, () => build(fast));
  const cdktf = scratchApp();
  synthesizeStack(cdktf, () => build(cdktf), { fast: false });
  const written = writtenJson(fast, "shapes");
  expect(written).toBe(writtenJson(cdktf, "shapes"));
  // and it did resolve: no token marker is left
  expect(written).not.toMatch(/TfToken/);
  expect(JSON.parse(written).locals.shapes.references.joined).toBe('${join("-", ["a", local.other])}');
});

test("GIVEN a reference to another stack's resource THEN synthesis refuses it (OUTPUT_CROSS_STACK_REFERENCE) instead of writing a wrong reference", () => {
  const app = scratchApp();
  const origin = new TerraformStack(app, "origin");
  const local = new TerraformLocal(origin, "shared", "value");
  expect(
    thrown(() =>
      synthesizeStack(app, () => {
        const user = new TerraformStack(app, "user");
        new TerraformOutput(user, "copy", { value: local.asString });
        return user;
      }),
    ),
  ).toEqual({ error: "SynthesisError", codes: ["OUTPUT_CROSS_STACK_REFERENCE"] });
});

test("GIVEN every example stack THEN the fast path writes it byte for byte as CDKTF's own path does", () => {
  const plans = planStacks({});
  expect(plans.length).toBeGreaterThanOrEqual(6);
  const fast = scratchApp();
  const cdktf = scratchApp();
  for (const plan of plans) {
    const a = synthesizeStack(fast, () => plan.create(fast));
    fast.node.tryRemoveChild(a.node.id);
    const b = synthesizeStack(cdktf, () => plan.create(cdktf), { fast: false });
    cdktf.node.tryRemoveChild(b.node.id);
    expect({ stack: plan.name, json: writtenJson(fast, plan.name) }).toEqual({ stack: plan.name, json: writtenJson(cdktf, plan.name) });
  }
  expect(readFileSync(path.join(fast.outdir, "manifest.json"), "utf8")).toBe(readFileSync(path.join(cdktf.outdir, "manifest.json"), "utf8"));
});

test("GIVEN json-stable-stringify's quirks at every depth THEN the JSON writer writes them byte for byte as CDKTF does", () => {
  // Empty containers open and close on two lines; array-index keys sort as text, though objects keep them first.
  const quirks = {
    empty: {},
    none: [],
    nested: { a: [{}, [], { b: {} }], c: [[[]]] },
    indexKeys: { "10": 1, "9": { "0": [] }, a: 3, "1": "one", "01": "text", "4294967295": "big" },
    text: ["é ü 日本", "line\nbreak", 'quote " and \\ backslash', "\u2028", "emoji 🙂"],
    numbers: [0, -0, 1.5, 1e21, 2e-7, -12],
    holes: [1, undefined, null, false, true],
  };
  const build = (app: App) => {
    const stack = new TerraformStack(app, "quirks");
    new LocalBackend(stack, { path: "terraform.tfstate" });
    new TerraformLocal(stack, "quirks", quirks);
    new TerraformLocal(stack, "regular", { only: { plain: ["values", 1, true] } });
    return stack;
  };
  const fast = scratchApp();
  synthesizeStack(fast, () => build(fast));
  const cdktf = scratchApp();
  synthesizeStack(cdktf, () => build(cdktf), { fast: false });
  expect(writtenJson(fast, "quirks")).toBe(writtenJson(cdktf, "quirks"));
  expect(writtenJson(fast, "quirks")).toContain('"empty": {\n      }');
});

test("GIVEN the JSON handed over and written THEN both are the same tree, keys sorted", () => {
  const app = scratchApp();
  let handed: unknown;
  synthesizeStack(app, () => countingStack(app, "handed").stack, { onTerraform: (json) => (handed = json) });
  const written = writtenJson(app, "handed");
  expect(handed).toEqual(JSON.parse(written));
  expect(JSON.stringify(handed, null, 2)).toBe(written);
});

/** A stack of AWS rule resources: one plain, the others each with one thing that makes CDKTF's toTerraform do more. */
function resourceStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, "resources");
  new LocalBackend(stack, { path: "terraform.tfstate" });
  const provider = new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const other = new AwsProvider(stack, "aws-other", { region: "us-east-1", alias: "other" });
  const rule = (id: string, extra: Record<string, unknown> = {}) =>
    new VpcSecurityGroupIngressRule(stack, id, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8", tags: { a: "b" }, ...extra });
  const plain = rule("plain");
  rule("plain-twin", { referencedSecurityGroupId: plain.id, description: `of ${plain.id}` });
  rule("depends", { dependsOn: [plain] });
  rule("lifecycle", { lifecycle: { createBeforeDestroy: true } });
  rule("aliased", { provider: other });
  rule("counted", { count: 2 });
  rule("provisioned", { provisioners: [{ type: "local-exec", command: "true" }] });
  rule("connected", { connection: { type: "ssh", host: "example.com" } });
  rule("overridden").addOverride("description", "from an override");
  rule("imported").importFrom("sgr-123");
  rule("moved-from").moveFromId("aws_vpc_security_group_ingress_rule.old");
  void provider;
  return stack;
}

test("GIVEN resources plain and with meta-arguments, provisioners, overrides, imports and moves THEN only the plain ones skip CDKTF's toTerraform, and the JSON is CDKTF's byte for byte", () => {
  const calls = jest.spyOn(TerraformResource.prototype, "toTerraform");
  try {
    const fast = scratchApp();
    synthesizeStack(fast, () => resourceStack(fast));
    const viaCdktf = calls.mock.contexts.map((c) => (c as TerraformResource).node.id).sort();
    calls.mockClear();
    const cdktf = scratchApp();
    synthesizeStack(cdktf, () => resourceStack(cdktf), { fast: false });
    expect(writtenJson(fast, "resources")).toBe(writtenJson(cdktf, "resources"));
    // Providers are elements but not resources; the plain rules are the two built directly.
    expect(viaCdktf).toEqual(["aliased", "connected", "counted", "depends", "imported", "lifecycle", "moved-from", "overridden", "provisioned"]);
    expect(JSON.parse(writtenJson(fast, "resources")).resource.aws_vpc_security_group_ingress_rule["plain-twin"].referenced_security_group_id).toBe("${aws_vpc_security_group_ingress_rule.plain.id}");
  } finally {
    calls.mockRestore();
  }
});

test("GIVEN one reference in many values and a Lazy beside it THEN the reference is resolved once a stack, and the Lazy as often as it appears", () => {
  const resolve = jest.spyOn(Object.getPrototypeOf(ref("x", undefined as unknown as TerraformStack)), "resolve");
  try {
    const app = scratchApp();
    let produced = 0;
    synthesizeStack(app, () => {
      const stack = new TerraformStack(app, "memo");
      new LocalBackend(stack, { path: "terraform.tfstate" });
      const target = new TerraformLocal(stack, "target", "x");
      const counted = Lazy.stringValue({ produce: () => `lazy-${++produced}` });
      const id = target.asString;
      new TerraformLocal(stack, "uses", { a: id, c: { d: id, e: { f: id } }, mixed1: `${counted}:${id}`, mixed2: `${counted}:${id}` });
      return stack;
    });
    const written = JSON.parse(writtenJson(app, "memo")).locals.uses;
    expect(written).toEqual({ a: "${local.target}", c: { d: "${local.target}", e: { f: "${local.target}" } }, mixed1: "lazy-1:${local.target}", mixed2: "lazy-2:${local.target}" });
    // once for the plain reference, and once in each mixed string (not remembered: a Lazy may produce another value)
    expect(resolve.mock.calls.length).toBe(3);
  } finally {
    resolve.mockRestore();
  }
});
