// Lint: typescript-eslint's recommended rules over the sources and tests; formatting is prettier's (npm run lint runs both).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config({ ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", "__tests__/golden/", "**/*.d.ts"] }, js.configs.recommended, ...tseslint.configs.recommended, {
  languageOptions: {
    globals: {
      require: "readonly",
      module: "writable",
      process: "readonly",
      __dirname: "readonly",
      console: "readonly",
      Buffer: "readonly",
      setTimeout: "readonly",
      clearTimeout: "readonly",
      setInterval: "readonly",
      clearInterval: "readonly",
      setImmediate: "readonly",
      fetch: "readonly",
      URL: "readonly",
      AbortController: "readonly",
      TextDecoder: "readonly",
      TextEncoder: "readonly",
    },
  },
  rules: {
    // The bindings and Terraform JSON are untyped trees; `any` there is deliberate and reviewed.
    "@typescript-eslint/no-explicit-any": "off",
    // CDKTF internals and lazily loaded bindings are reached with require (see synth/cdktf-internals.ts).
    "@typescript-eslint/no-require-imports": "off",
    // Tests match indented Terraform and console text: "  - " reads as the output does, " {2}- " does not.
    "no-regex-spaces": "off",
    "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
  },
});
