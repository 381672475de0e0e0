import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  // The workspace packages are bundled from their TypeScript sources, so the playground
  // builds from a fresh clone without building the packages first.
  resolve: { conditions: ["@pictor/source", ...defaultClientConditions] },
  build: { outDir: "dist", emptyOutDir: true },
});
