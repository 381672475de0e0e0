import { defineConfig } from "vite";
import { esmModulesBuild } from "../../vite.esm.shared.ts";

export default defineConfig(esmModulesBuild({ index: "src/index.ts", openapi: "src/openapi.ts" }));
