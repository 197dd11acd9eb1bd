/**
 * YAML with source positions plus JSON Schema validation, shared by the
 * catalog and environment loaders so both report `file:line:column`.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { isMap, isPair, isScalar, LineCounter, parseDocument, Document, Node as YamlNode } from "yaml";
import { Problem } from "./errors";
import { SourceLocation } from "./model";

export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Location of the value at a path such as ["rules", 3, "ports", 0]; nearest existing ancestor otherwise. */
  locate(path: readonly (string | number)[], key?: boolean): SourceLocation;
}

/** Shared with scripts/build.js, which precompiles the schemas with these options. */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;
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
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validate = require("./schema-validators.js")[name] as ValidateFunction | undefined;
  } catch {
    validate = undefined;
  }
  validate ??= (ajv ??= new Ajv(AJV_OPTIONS)).compile(schema);
  compiled.set(schema, validate);
  return validate;
}

/** Export name of a schema's precompiled validator: the base name of its $id. */
export function precompiledName(schema: object): string {
  const id = (schema as { $id?: string }).$id ?? "";
  return id.slice(id.lastIndexOf("/") + 1).replace(/\.json$/, "").replace(/\W/g, "_");
}

/** Parses YAML; returns problems for syntax errors instead of throwing. */
export function parseYaml(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        location: at(e.pos[0]),
        message: `YAML syntax error: ${e.message.split("\n")[0]}`,
        hint: "Fix the YAML syntax (indentation, quotes, colons) at this position.",
      })),
    };
  }
  const locate = (path: readonly (string | number)[], key = false): SourceLocation => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(doc, path.slice(0, n), key && n === path.length);
      if (node?.range) return at(node.range[0]);
    }
    return { file, line: 1, column: 1 };
  };
  return { source: { file, data: doc.toJS(), locate }, problems: [] };
}

function nodeAt(doc: Document, path: readonly (string | number)[], key: boolean): YamlNode | undefined {
  if (!key) {
    const node = doc.getIn(path, true);
    return node && typeof node === "object" && "range" in (node as object) ? (node as YamlNode) : undefined;
  }
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[path.length - 1]);
  return pair && isScalar(pair.key) ? (pair.key as YamlNode) : undefined;
}

/** Validates against a JSON Schema; each error becomes a located, readable problem. */
export function validateSchema(
  source: YamlSource,
  schema: object,
  describe: (path: (string | number)[]) => string | undefined,
): Problem[] {
  const validate = validatorFor(schema);
  if (validate(source.data)) return [];
  const errors = pruneOneOf(validate.errors ?? []);
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

/** oneOf failures produce one error per branch; keep the summary only. */
function pruneOneOf(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === "oneOf" || ![...oneOfPaths].some((p) => e.instancePath.startsWith(p)));
}

function schemaProblem(source: YamlSource, e: ErrorObject, path: (string | number)[], subject?: string): Problem {
  const field = path.length > 0 ? `"${path[path.length - 1]}"` : "the document";
  if (e.propertyName !== undefined) {
    return {
      location: source.locate([...path, e.propertyName], true),
      subject,
      message: `${field} has an invalid key ${JSON.stringify(e.propertyName)}`,
      hint: (e.parentSchema as { description?: string })?.description ?? e.message,
    };
  }
  switch (e.keyword) {
    case "additionalProperties": {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
      return {
        location: source.locate([...path, extra], true),
        subject,
        message: `unknown field "${extra}"`,
        hint: `Remove it or use one of: ${allowed.join(", ")}.`,
      };
    }
    case "required": {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return {
        location: source.locate(path),
        subject,
        message: `missing required field "${missing}"`,
        hint: `Add "${missing}".`,
      };
    }
    case "enum":
      return {
        location: source.locate(path),
        subject,
        message: `${field} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`,
        hint: "Use one of the listed values.",
      };
    case "minLength":
      return { location: source.locate(path), subject, message: `${field} must not be empty`, hint: `Write a value for ${field}.` };
    case "pattern":
      return {
        location: source.locate(path),
        subject,
        message: `${field} has an invalid value ${JSON.stringify(valueAt(source.data, path))}`,
        hint: describePattern(e),
      };
    default:
      return {
        location: source.locate(path),
        subject,
        message: `${field} ${e.message ?? "is invalid"}`,
        hint: (e.parentSchema as { description?: string })?.description,
      };
  }
}

function describePattern(e: ErrorObject): string {
  const desc = (e.parentSchema as { description?: string })?.description;
  return desc ?? `It must match ${(e.params as { pattern: string }).pattern}.`;
}

export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = data;
  for (const k of path) v = v && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}
