/**
 * YAML with source positions plus JSON Schema validation, shared by the
 * catalog and environment loaders so both report `file:line:column`.
 *
 * Every problem with a file (unreadable, not UTF-8, too large, YAML errors,
 * hostile constructs such as alias bombs, schema violations) becomes a located
 * Problem; nothing here lets a JavaScript error through to the user.
 */
import { readFileSync, statSync } from "fs";
import type Ajv from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import { isAlias, isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, Document, Node as YamlNode, YAMLError } from "yaml";
import { ConfigError, ErrorCode, Problem } from "./errors";
import { SourceLocation } from "./model";

export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Location of the value at a path such as ["rules", 3, "ports", 0]; nearest existing ancestor otherwise. */
  locate(path: readonly (string | number)[], key?: boolean): SourceLocation;
}

/** Who a schema path belongs to: `subject` (e.g. `rule "web"`) and how many leading path segments name it. */
export interface PathSubject {
  readonly subject?: string;
  readonly depth: number;
}

/** Shared with scripts/build.js, which precompiles the schemas with these options. */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;
/** Larger files are refused before parsing: a catalog of 5,000 rules is about 1 MiB. */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;
/** Catalogs nest 5 levels, environments 5: anything far deeper is a mistake or an attack on the parser's stack. */
export const MAX_YAML_DEPTH = 32;
/** Alias (*name) expansions allowed in one file; a billion-laughs file needs far more. */
export const MAX_YAML_ALIASES = 100;
/**
 * Number forms YAML readers read differently: a leading zero (octal 8 to YAML 1.1
 * for 010, decimal 10 to YAML 1.2), 0x / 0o / 0b, a plus sign, an exponent
 * without a dot (text to YAML 1.1). Plain digits, a minus, a fraction, .inf read alike.
 */
const AMBIGUOUS_NUMBER = /^\+|^-?0[\dxXoObB]|\d[eE]/;
/** Tags with a meaning in a configuration file; others (!!binary, !!set, !custom) are refused. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The compiled validator of a schema. The build (scripts/build.js) writes the
 * schemas as standalone validator code beside this file, which saves compiling
 * them (~0.4 s) at every synthesis; from TypeScript sources they compile here.
 */
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate) return validate;
  const name = precompiledName(schema);
  try {
    validate = require("./schema-validators.js")[name] as ValidateFunction | undefined;
  } catch {
    validate = undefined;
  }
  // Ajv itself (60 modules, 15-20 ms to load) only where no precompiled validator is: from the TypeScript sources.
  validate ??= (ajv ??= new (require("ajv").default as typeof Ajv)(AJV_OPTIONS)).compile(schema);
  compiled.set(schema, validate);
  return validate;
}

/** Export name of a schema's precompiled validator: the base name of its $id. */
export function precompiledName(schema: object): string {
  const id = (schema as { $id?: string }).$id ?? "";
  return id
    .slice(id.lastIndexOf("/") + 1)
    .replace(/\.json$/, "")
    .replace(/\W/g, "_");
}

/**
 * Reads a YAML file as UTF-8 text. `shown` names it in messages. Refuses, with a
 * located problem, a file that cannot be read, is too large, or is not UTF-8
 * (Node would otherwise turn bad bytes into U+FFFD silently).
 */
export function readYamlFile(file: string, shown: string, what: string): string {
  const fail = (problem: Problem): never => {
    throw new ConfigError([problem]);
  };
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_YAML_BYTES) fail(tooLarge(shown, size, what));
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    return fail({ code: "YAML_UNREADABLE_FILE", message: `cannot read ${what} file ${shown}: ${(e as Error).message}`, hint: "Check the path and its permissions." });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(notUtf8(shown, bytes));
  }
}

function tooLarge(file: string, size: number, what: string): Problem {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return {
    code: "YAML_FILE_TOO_LARGE",
    location: { file, line: 1, column: 1 },
    message: `the file is ${mib(size)}, more than the ${mib(MAX_YAML_BYTES)} a ${what} file may hold`,
    hint: `Check that this is the ${what} file you meant; split a very large catalog into several catalogs.`,
  };
}

/** Locates the first byte that is not UTF-8 (line by line: a newline byte never sits inside a UTF-8 character). */
function notUtf8(file: string, bytes: Buffer): Problem {
  const fatal = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let column = 1;
  let bad = bytes[0];
  for (let start = 0; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start) < 0 ? bytes.length : bytes.indexOf(0x0a, start);
    const chunk = bytes.subarray(start, end);
    try {
      fatal.decode(chunk);
    } catch {
      const lenient = new TextDecoder("utf-8").decode(chunk);
      const valid = lenient.slice(0, lenient.indexOf("\uFFFD"));
      column = [...valid].length + 1;
      bad = chunk[Buffer.byteLength(valid, "utf8")];
      break;
    }
    start = end + 1;
  }
  return {
    code: "YAML_NOT_UTF8",
    location: { file, line, column },
    message: `the file is not UTF-8 text: byte 0x${bad.toString(16).padStart(2, "0")} here is not valid UTF-8`,
    hint: "Save the file as UTF-8 (it may be Latin-1, UTF-16 or a binary file).",
  };
}

/**
 * What YAML 1.2 does not allow in a stream (outside its printable set): C0 controls
 * but tab, line feed and carriage return, DEL, C1 controls but NEL, lone
 * surrogates, U+FFFE and U+FFFF. The parser takes a NUL into a value as it is.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character YAML does not allow in a file, as a located problem (a NUL usually means a binary or corrupted file). */
function controlCharacter(file: string, text: string): Problem | undefined {
  const found = NOT_PRINTABLE.exec(text);
  if (!found) return undefined;
  const before = text.slice(0, found.index);
  const line = before.split("\n").length;
  const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
  const name = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return {
    code: "YAML_CONTROL_CHARACTER",
    location: { file, line, column },
    message: `the file holds the control character ${name}, which YAML does not allow in a file`,
    hint: 'Remove it (a NUL or other control byte usually means a binary file or a bad copy and paste); a value that needs one writes it as an escape in double quotes, such as "\\t".',
  };
}

/** Parses YAML; returns located problems for every YAML error and hostile construct instead of throwing. */
export function parseYaml(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const top = { file, line: 1, column: 1 };
  if (Buffer.byteLength(text, "utf8") > MAX_YAML_BYTES) return { problems: [tooLarge(file, Buffer.byteLength(text, "utf8"), "YAML")] };
  const control = controlCharacter(file, text);
  if (control) return { problems: [control] };
  const lineCounter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  let doc: Document;
  try {
    // uniqueKeys: false: the parser's own check compares every key with every other of its mapping,
    // quadratic in a priorities file's thousands of keys; duplicateKeys finds the same in one pass.
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, stringKeys: true, merge: false });
  } catch (e) {
    return { problems: [{ code: "YAML_PARSER_GAVE_UP", location: top, message: `the YAML parser gave up: ${(e as Error).message}`, hint: "Simplify the file: plain mappings, lists and scalars." }] };
  }
  const errors = [...doc.errors, ...doc.warnings].map((e) => yamlProblem(e, text, at));
  if (errors.length === 0) errors.push(...duplicateKeys(doc, at));
  if (errors.length > 0) {
    // One error per line: the parser's follow-up errors on the line of the first one only repeat it.
    const lines = new Set<number>();
    const problems = errors.filter((p) => !lines.has(p.location!.line) && lines.add(p.location!.line));
    return { problems };
  }

  const hostile = hostileNodes(doc, at);
  if (hostile.length > 0) return { problems: hostile };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    const firstAlias = findNode(doc, isAlias);
    const excessive = /alias count/i.test((e as Error).message);
    return {
      problems: [
        {
          code: excessive ? "YAML_ALIAS_BOMB" : "YAML_UNREADABLE",
          location: firstAlias?.range ? at(firstAlias.range[0]) : top,
          message: excessive ? `aliases (*name) expand to more than ${MAX_YAML_ALIASES} copies` : `the YAML cannot be read: ${(e as Error).message}`,
          hint: excessive ? "Write the values out instead of nesting aliases (this is how alias bombs exhaust memory)." : "Simplify the file: plain mappings, lists and scalars.",
        },
      ],
    };
  }
  const locate = (path: readonly (string | number)[], key = false): SourceLocation => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(doc, path.slice(0, n), key && n === path.length);
      if (node?.range) return at(node.range[0]);
    }
    return top;
  };
  return { source: { file, data, locate }, problems: [] };
}

/** A YAML parser error or warning as a located problem in plain words. */
function yamlProblem(e: YAMLError, text: string, at: (offset: number) => SourceLocation): Problem {
  const location = at(e.pos[0]);
  const fix = "Fix the YAML syntax (indentation, quotes, colons) at this position.";
  switch (e.code) {
    case "DUPLICATE_KEY": {
      const key = /^[^:\n]*/
        .exec(text.slice(e.pos[0]))![0]
        .trim()
        .replace(/^(["'])(.*)\1$/, "$2");
      return {
        code: "YAML_DUPLICATE_KEY",
        location,
        message: `YAML error: key ${JSON.stringify(key)} appears twice in one mapping`,
        hint: "Keep one of them: a repeated key would silently replace the first.",
      };
    }
    case "MULTIPLE_DOCS":
      return {
        code: "YAML_MULTIPLE_DOCUMENTS",
        location,
        message: "YAML error: the file holds more than one YAML document (a --- line here)",
        hint: "Keep one document per file: remove this --- line and what follows, or move it to a file of its own.",
      };
    case "TAB_AS_INDENT":
      return { code: "YAML_TAB_INDENT", location, message: "YAML error: a tab indents this line", hint: "Indent with spaces: YAML does not allow tabs for indentation." };
    case "TAG_RESOLVE_FAILED":
      return {
        code: "YAML_UNSUPPORTED_TAG",
        location,
        message: `YAML error: unknown tag ${/tag: (.*)$/.exec(e.message)?.[1] ?? ""}`.trimEnd(),
        hint: "Remove the tag: write plain text, numbers, lists and mappings.",
      };
    case "NON_STRING_KEY":
      return { code: "YAML_NON_STRING_KEY", location, message: "YAML error: a key is a list or a mapping", hint: "Use plain words as keys." };
    case "BAD_ALIAS":
      return { code: "YAML_BAD_ALIAS", location, message: `YAML error: ${e.message.split("\n")[0]}`, hint: "Define the anchor (&name) before its alias (*name), or write the value out." };
    default:
      if (/call stack/i.test(e.message)) {
        return {
          code: "YAML_TOO_DEEP",
          location,
          message: "YAML error: the file nests too deeply to read",
          hint: `Catalogs and environments nest a few levels; remove the extra brackets or indentation.`,
        };
      }
      {
        // An invisible culprit: a non-breaking or other unusual space that YAML does not count as indentation.
        const lineText = text.split(/\r?\n/)[location.line - 1] ?? "";
        const odd = /[\u00a0\u2000-\u200b\u202f\u3000\ufeff]/.exec(lineText);
        const hint = odd ? `Line ${location.line} holds an unusual space (U+${odd[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}) at column ${odd.index + 1}: write plain spaces.` : fix;
        return { code: "YAML_SYNTAX", location, message: `YAML syntax error: ${e.message.split("\n")[0]}`, hint };
      }
  }
}

/**
 * Constructs a configuration file never needs and that only serve to mislead or
 * exhaust the reader: unresolved aliases, tags beyond plain scalars and
 * collections, and nesting far beyond the schema's depth.
 */
function hostileNodes(doc: Document, at: (offset: number) => SourceLocation): Problem[] {
  const problems: Problem[] = [];
  const where = (n: YamlNode) => (n.range ? at(n.range[0]) : { file: "", line: 1, column: 1 });
  // An explicit stack: the depth check itself must not overflow.
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  let tooDeep = false;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    if (isAlias(node)) {
      if (node.resolve(doc) === undefined) {
        problems.push({
          code: "YAML_BAD_ALIAS",
          location: where(node),
          message: `YAML error: alias *${node.source} refers to no anchor`,
          hint: `Define &${node.source} before this alias, or write the value out.`,
        });
      }
      continue;
    }
    if (isPair(node)) {
      stack.push({ node: node.value, depth }, { node: node.key, depth });
      continue;
    }
    const yamlNode = node as YamlNode;
    if (yamlNode.tag && !PLAIN_TAGS.has(yamlNode.tag)) {
      problems.push({
        code: "YAML_UNSUPPORTED_TAG",
        location: where(yamlNode),
        message: `YAML error: tag ${yamlNode.tag.replace("tag:yaml.org,2002:", "!!")} is not supported`,
        hint: "Remove the tag: write plain text, numbers, lists and mappings.",
      });
      continue;
    }
    // YAML 1.1 readers (PyYAML, older Go and Ruby libraries) read 010 as octal 8 where YAML 1.2 reads 10:
    // such a number could mean another value to a reviewer's tool.
    if (isScalar(node) && typeof node.value === "number" && typeof node.source === "string" && AMBIGUOUS_NUMBER.test(node.source)) {
      problems.push({
        code: "YAML_AMBIGUOUS_NUMBER",
        location: where(yamlNode),
        message: `YAML error: the number ${node.source} is written in a form YAML readers read differently (leading zeros, hexadecimal, octal, a plus sign or an exponent: YAML 1.1 reads 010 as 8, YAML 1.2 as 10)`,
        // 010 may have meant 8 or 10: no value is suggested for a leading zero.
        hint: `Write it in plain decimal digits${Number.isSafeInteger(node.value) && !/^[-+]?0\d/.test(node.source) ? `, such as ${node.value}` : ""}, or quote it if it is text.`,
      });
      continue;
    }
    if (isCollection(node)) {
      if (depth >= MAX_YAML_DEPTH) {
        if (!tooDeep)
          problems.push({
            code: "YAML_TOO_DEEP",
            location: where(node),
            message: `YAML error: the file nests more than ${MAX_YAML_DEPTH} levels deep here`,
            hint: "Catalogs and environments nest a few levels; remove the extra brackets or indentation.",
          });
        tooDeep = true;
        continue;
      }
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1 });
    }
  }
  return problems.sort((a, b) => a.location!.line - b.location!.line || a.location!.column - b.location!.column);
}

/** Every key that repeats an earlier key of its mapping, located at the repeat (what the parser's uniqueKeys reports). */
function duplicateKeys(doc: Document, at: (offset: number) => SourceLocation): Problem[] {
  const problems: Problem[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== "object" || isAlias(node)) continue;
    if (isPair(node)) {
      stack.push(node.value);
      continue;
    }
    if (!isCollection(node)) continue;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        const name = isScalar(key) ? String(key.value) : undefined;
        if (name === undefined) continue;
        if (seen.has(name)) {
          problems.push({
            code: "YAML_DUPLICATE_KEY",
            location: (key as YamlNode).range ? at((key as YamlNode).range![0]) : at(0),
            message: `YAML error: key ${JSON.stringify(name)} appears twice in one mapping`,
            hint: "Keep one of them: a repeated key would silently replace the first.",
          });
        } else seen.add(name);
      }
    }
    for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return problems.sort((a, b) => a.location!.line - b.location!.line || a.location!.column - b.location!.column);
}

function findNode(doc: Document, test: (n: unknown) => boolean): YamlNode | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.shift();
    if (!n || typeof n !== "object") continue;
    if (test(n)) return n as YamlNode;
    if (isPair(n)) stack.push(n.key, n.value);
    else if (isCollection(n)) stack.push(...n.items);
  }
  return undefined;
}

function nodeAt(doc: Document, path: readonly (string | number)[], key: boolean): YamlNode | undefined {
  if (!key) {
    const node = doc.getIn(path, true);
    return node && typeof node === "object" && "range" in (node as object) ? (node as YamlNode) : undefined;
  }
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(path[path.length - 1]));
  return pair && isScalar(pair.key) ? (pair.key as YamlNode) : undefined;
}

/** Validates against a JSON Schema; each error becomes a located problem naming the field, the value and what to write. */
export function validateSchema(source: YamlSource, schema: object, describe: (path: (string | number)[]) => PathSubject): Problem[] {
  const root = rootProblem(source, schema);
  if (root) return [root];
  const validate = validatorFor(schema);
  if (validate(source.data)) return [];
  const errors = explainOneOf(validate.errors ?? []);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors) {
    // A bad key is reported once, by the check it failed (see schemaProblem), not again as "property name must be valid".
    if (e.keyword === "propertyNames") continue;
    const path = e.instancePath
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const problem = schemaProblem(source, e, path, describe(path));
    const key = JSON.stringify(problem);
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** An empty file, or one holding a list or a scalar, gets one message saying what the file must hold. */
function rootProblem(source: YamlSource, schema: object): Problem | undefined {
  const data = source.data;
  if (data !== null && typeof data === "object" && !Array.isArray(data)) return undefined;
  const { title, required } = schema as { title?: string; required?: string[] };
  const what = (title ?? "YAML").toLowerCase();
  const hint = `${/^[aeiou]/.test(what) ? "An" : "A"} ${what} file holds a mapping with the fields ${(required ?? []).join(", ")} (see its JSON Schema).`;
  const location = source.locate([]);
  if (data === null || data === undefined) {
    return { code: "SCHEMA_EMPTY_FILE", location, message: `the file is empty: it holds no ${what}, only comments, blank lines or null`, hint };
  }
  return { code: "SCHEMA_NOT_A_MAPPING", location, message: `the file holds ${describeValue(data)}, not a mapping`, hint };
}

const SHAPE_KEYWORDS = new Set(["type", "required", "const", "additionalProperties", "enum"]);

/**
 * A failed oneOf reports every branch's errors. Keep the errors of the one
 * branch that fits the value's shape (an s3 backend with a bad bucket: the s3
 * branch's error), or else one summary naming what the field takes.
 */
function explainOneOf(errors: ErrorObject[]): ErrorObject[] {
  let list = errors;
  const done = new Set<ErrorObject>();
  for (;;) {
    // Outermost first: a branch kept there may hold a oneOf of its own.
    const oneOf = list.filter((e) => e.keyword === "oneOf" && !done.has(e)).sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
    if (!oneOf) return list;
    done.add(oneOf);
    // Branch errors are told apart by schema path, so branches hold no $ref (the schemas inline them).
    const prefix = `${oneOf.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of list) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const n = e.schemaPath.slice(prefix.length).split("/")[0];
      branches.set(n, [...(branches.get(n) ?? []), e]);
    }
    const fitting = [...branches.values()].filter((errs) => !errs.some((e) => e.instancePath === oneOf.instancePath && SHAPE_KEYWORDS.has(e.keyword)));
    const title = (oneOf.parentSchema as { title?: string } | undefined)?.title;
    // "abc" for a port: the string branch fits but its pattern says little; the oneOf's title says more.
    const onlyPatternHere = fitting.length === 1 && fitting[0].every((e) => e.instancePath === oneOf.instancePath && e.keyword === "pattern");
    const replacement = fitting.length === 1 && !(onlyPatternHere && title) ? fitting[0] : [oneOf];
    const out: ErrorObject[] = [];
    for (const e of list) {
      if (e === oneOf) out.push(...replacement);
      else if (!e.schemaPath.startsWith(prefix)) out.push(e);
    }
    list = out;
  }
}

interface SchemaNode {
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, { description?: string }>;
}

function schemaProblem(source: YamlSource, e: ErrorObject, path: (string | number)[], who: PathSubject): Problem {
  const subject = who.subject;
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  // Descriptions double as hints; their "@default …" tags are for editors, not for this message.
  const description = parent.description?.replace(/\s*@default\b.*$/, "") || undefined;
  // The field in words: the path below the subject, list positions left out (the location shows which entry).
  const fieldPath = path.slice(who.depth).filter((s) => typeof s === "string");
  const label = fieldPath.join(".");
  const L = label ? `${label}: ` : "";
  const value = e.data !== undefined ? e.data : valueAt(source.data, path);
  const here = source.locate(path);
  const problem = (code: ErrorCode, message: string, hint?: string, location: SourceLocation = here): Problem => ({ code, location, subject, message, hint });
  if (e.propertyName !== undefined) {
    return problem("SCHEMA_INVALID_KEY", `${L}invalid key ${JSON.stringify(e.propertyName)}`, description ?? e.message, source.locate([...path, e.propertyName], true));
  }
  const params = e.params as Record<string, unknown>;
  const limit = params.limit as number;
  switch (e.keyword) {
    case "additionalProperties": {
      const extra = params.additionalProperty as string;
      const allowed = Object.keys(parent.properties ?? {});
      const hint = extra === "<<" ? "YAML merge keys (<<) are not supported: write the fields out." : `Remove it or use one of: ${allowed.join(", ")}.`;
      return problem("SCHEMA_UNKNOWN_FIELD", `${L}unknown field "${extra}"`, hint, source.locate([...path, extra], true));
    }
    case "required": {
      const missing = params.missingProperty as string;
      const what = parent.properties?.[missing]?.description;
      return problem("SCHEMA_MISSING_FIELD", `${L}missing required field "${missing}"`, `Add "${missing}"${what ? `: ${lowerFirst(what)}` : "."}`);
    }
    case "type":
      return problem(
        "SCHEMA_WRONG_TYPE",
        `${L}expected ${typeWords(params.type as string)}, found ${describeValue(value)}`,
        description ?? (value === null ? "Write a value after the colon, or remove the field." : undefined),
      );
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      return problem("SCHEMA_NOT_ALLOWED", `${L}${describeValue(value)} is not one of ${allowed}`, description ?? "Use one of the listed values.");
    }
    case "const":
      return problem("SCHEMA_NOT_ALLOWED", `${L}${describeValue(value)} is not ${JSON.stringify(params.allowedValue)}`, description);
    case "pattern":
      return problem("SCHEMA_BAD_PATTERN", `${L}${describeValue(value)} is not valid`, description ?? `It must match ${params.pattern as string}.`);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const low = parent.minimum ?? (parent.exclusiveMinimum !== undefined ? parent.exclusiveMinimum + 1 : undefined);
      const high = parent.maximum ?? (parent.exclusiveMaximum !== undefined ? parent.exclusiveMaximum - 1 : undefined);
      const range = low !== undefined && high !== undefined ? `outside ${low}-${high}` : e.keyword.endsWith("inimum") ? `below ${low}` : `above ${high}`;
      const write = low !== undefined && high !== undefined ? `Write a number from ${low} to ${high}.` : `Write a number ${low !== undefined ? `from ${low}` : `up to ${high}`}.`;
      return problem("SCHEMA_OUT_OF_RANGE", `${L}${describeValue(value)} is ${range}`, description ? `${description}` : write);
    }
    case "minLength": {
      const length = typeof value === "string" ? [...value].length : 0;
      if (length === 0) return problem("SCHEMA_EMPTY_VALUE", `${label || "the value"} is empty`, description ? `Write it: ${lowerFirst(description)}` : "Write a value.");
      return problem("SCHEMA_TOO_SHORT", `${L}${describeValue(value)} is ${plural(length, "character")} long; at least ${limit} are needed`, description);
    }
    case "maxLength": {
      const length = typeof value === "string" ? [...value].length : 0;
      return problem("SCHEMA_TOO_LONG", `${L}${describeValue(value)} is ${plural(length, "character")} long; at most ${limit} are allowed`, description);
    }
    case "minItems":
      return problem(
        "SCHEMA_TOO_FEW",
        `${L}${Array.isArray(value) && value.length === 0 ? "the list is empty" : `has ${plural(Array.isArray(value) ? value.length : 0, "entry", "entries")}`}; at least ${limit} ${limit === 1 ? "is" : "are"} needed`,
        description,
      );
    case "maxItems":
      return problem("SCHEMA_TOO_MANY", `${L}has ${plural(Array.isArray(value) ? value.length : 0, "entry", "entries")}; at most ${limit} are allowed`, description);
    case "minProperties":
    case "maxProperties": {
      const count = value && typeof value === "object" ? Object.keys(value).length : 0;
      return problem(
        e.keyword === "minProperties" ? "SCHEMA_TOO_FEW" : "SCHEMA_TOO_MANY",
        `${L}has ${plural(count, "entry", "entries")}; ${e.keyword === "minProperties" ? "at least" : "at most"} ${limit} ${limit === 1 ? "is" : "are"} ${e.keyword === "minProperties" ? "needed" : "allowed"}`,
        description,
      );
    }
    case "uniqueItems": {
      const { i, j } = params as { i: number; j: number };
      const item = Array.isArray(value) ? value[i] : undefined;
      return problem("SCHEMA_REPEATED_ENTRY", `${L}${describeValue(item)} appears twice (entries ${j + 1} and ${i + 1})`, "Remove the repeated entry.", source.locate([...path, i]));
    }
    case "oneOf":
      return problem("SCHEMA_NO_MATCH", `${L}${describeValue(value)} is not ${parent.title ?? "valid here"}`, description);
    default:
      return problem("SCHEMA_INVALID", `${L}${describeValue(value)} ${e.message ?? "is invalid"}`, description);
  }
}

function typeWords(type: string): string {
  const words: Record<string, string> = { string: "text", integer: "a whole number", number: "a number", boolean: "true or false", array: "a list", object: "a mapping", null: "nothing" };
  return type
    .split(",")
    .map((t) => words[t] ?? t)
    .join(" or ");
}

/** A value as a message shows it: short, and saying what kind of thing it is where that matters. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing (the field is empty)";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    const inner = v.every((x) => x === null || typeof x !== "object") ? JSON.stringify(v) : "";
    return inner && inner.length <= 60 ? `the list ${inner}` : `a list of ${plural(v.length, "entry", "entries")}`;
  }
  return "a mapping";
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Where the state lives" for a sentence's middle; "CIDRs" stays as written. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = data;
  for (const k of path) v = v && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}
