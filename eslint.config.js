import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["eslint.config.js", "node_modules", "web/dist", "data", ".test-artifacts", "bench/.data", ".tmp"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", TextDecoder: "readonly", TextEncoder: "readonly", AbortController: "readonly", fetch: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "Sem export default: use exports nomeados." }],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    ignores: ["src/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: ["fs", "node:fs", "fs/promises", "node:fs/promises", "net", "node:net", "http", "node:http", "https", "node:https", "child_process", "node:child_process", "better-sqlite3", "pg", "kysely", "nodemailer"],
        patterns: ["../../db/*", "../../http/*", "../../app/*", "../../cli/*"],
      }],
      "no-restricted-properties": ["error",
        { object: "Date", property: "now", message: "domain/ não lê o relógio: receba `now` como argumento." },
        { object: "process", property: "env", message: "domain/ não lê o ambiente." }],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "domain/ não lê o relógio: receba `now` como argumento." },
        { selector: "ExportDefaultDeclaration", message: "Sem export default." }],
    },
  },
  {
    files: ["web/**/*.{ts,tsx}"],
    languageOptions: { globals: { window: "readonly", document: "readonly", navigator: "readonly", localStorage: "readonly", fetch: "readonly", FormData: "readonly", Blob: "readonly", File: "readonly", HTMLElement: "readonly", HTMLInputElement: "readonly", KeyboardEvent: "readonly" } },
  },
);
