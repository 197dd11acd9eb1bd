/**
 * The package's public surface (index.ts, what its .d.ts declares): every
 * exported symbol, and every public member of an exported class or
 * interface, carries a doc comment; the main entry points carry an example.
 */
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
/** The entry points a new user starts from: their doc comment shows how. */
const WITH_EXAMPLE = [
  "FirewallCatalog",
  "definePolicy",
  "bindPolicy",
  "verifyCatalog",
  "reportCatalog",
  "CatalogBuilder",
  "AwsSecurityGroups",
  "GcpFirewall",
  "AzureNetworkSecurityGroups",
  "loadCatalogFile",
];

/**
 * A compiler host that reads every dependency's declarations as an empty
 * module: the doc comments checked are on our own declarations, and parsing
 * cdktf's and the providers' (about 1,600 files) was most of this test's time.
 * A symbol we re-exported from a dependency would then have no comment, and fail.
 */
function ownSourcesHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const typescriptLib = path.dirname(require.resolve("typescript"));
  host.getSourceFile = (file, version, ...rest) =>
    file.includes(`${path.sep}node_modules${path.sep}`) && !path.resolve(file).startsWith(typescriptLib) ? ts.createSourceFile(file, "export {};", version) : read(file, version, ...rest);
  return host;
}

function publicSurface() {
  const options: ts.CompilerOptions = { strict: true, esModuleInterop: true, resolveJsonModule: true, skipLibCheck: true, noEmit: true, types: [] };
  const program = ts.createProgram([path.join(ROOT, "index.ts")], options, ownSourcesHost(options));
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, "index.ts"))!)!;
  const undocumented: string[] = [];
  const withoutExample: string[] = [];
  const documented = (s: ts.Symbol) => ts.displayPartsToString(s.getDocumentationComment(checker)).trim() !== "";
  for (const exported of checker.getExportsOfModule(index)) {
    const name = exported.getName();
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!documented(symbol)) undocumented.push(name);
    if (WITH_EXAMPLE.includes(name) && !symbol.getJsDocTags(checker).some((t) => t.name === "example")) withoutExample.push(name);
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
      for (const member of symbol.members ? [...symbol.members.values()] : []) {
        const decl = member.declarations?.[0];
        if (!decl || member.getName() === "__constructor" || member.getName().startsWith("__")) continue;
        const modifiers = ts.canHaveModifiers(decl) ? (ts.getModifiers(decl) ?? []) : [];
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        if (!documented(member)) undocumented.push(`${name}.${member.getName()}`);
      }
    }
  }
  return { undocumented, withoutExample };
}

describe("the public surface", () => {
  const { undocumented, withoutExample } = publicSurface();
  test("GIVEN every export of index.ts and every public member of its classes and interfaces THEN each has a doc comment", () => {
    expect(undocumented).toEqual([]);
  });
  test("GIVEN the main entry points THEN each doc comment has an @example", () => {
    expect(withoutExample).toEqual([]);
  });
});
