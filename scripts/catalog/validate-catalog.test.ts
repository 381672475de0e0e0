import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type Catalog,
  CatalogError,
  type CatalogModel,
  type CatalogProblem,
  loadCatalog,
  parseSize,
  SEMANTIC_RULES,
  sizeRuleViolations,
  validateCatalog,
} from "./validate-catalog.ts";

const catalogPath = fileURLToPath(new URL("../../spec/models.yaml", import.meta.url));
const catalogText = readFileSync(catalogPath, "utf8");

// A fresh, mutable copy of the real catalog for each broken variant.
function freshCatalog(): Catalog {
  return parse(catalogText) as Catalog;
}

// Writes a value the types forbid: the point of these fixtures is to break the catalog.
function poke(target: object, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}

function drop(target: object, key: string): void {
  delete (target as Record<string, unknown>)[key];
}

function indexOf(catalog: Catalog, id: string): number {
  const index = catalog.models.findIndex((m) => m.id === id);
  if (index < 0) throw new Error(`no model ${id} in the catalog`);
  return index;
}

/** Breaks one model of a fresh copy and returns the problems validateCatalog reports. */
function problemsAfter(
  id: string,
  mutate: (model: CatalogModel) => void,
): { index: number; problems: readonly CatalogProblem[]; message: string } {
  const catalog = freshCatalog();
  const index = indexOf(catalog, id);
  const model = catalog.models[index];
  if (!model) throw new Error("unreachable");
  mutate(model);
  try {
    validateCatalog(catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    const catalogError = error as CatalogError;
    return { index, problems: catalogError.problems, message: catalogError.message };
  }
  throw new Error(`validateCatalog accepted the broken copy of ${id}`);
}

describe("the real catalog", () => {
  it("validates", () => {
    const catalog = loadCatalog(catalogPath);
    expect(catalog.catalog_version).toBe(1);
    expect(catalog.models.length).toBeGreaterThanOrEqual(28);
  });

  it("resolves every id users type in the wild, as an id or a pinned id", () => {
    const catalog = loadCatalog(catalogPath);
    const names = new Set(catalog.models.flatMap((m) => [m.id, ...m.aliases, ...m.pinned_ids]));
    for (const typed of [
      "gemini-3-pro-image-preview",
      "alibaba/qwen-image-max",
      "alibaba/qwen-image-plus",
      "bytedance/seedream-4-5",
      "zai/cogview-4",
    ]) {
      expect(names, typed).toContain(typed);
    }
  });

  it("includes every model the SDK promises", () => {
    const ids = loadCatalog(catalogPath).models.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "gemini-3-pro-image-preview",
        "gemini-3-pro-image",
        "gemini-3.1-flash-image",
        "gemini-3.1-flash-image-preview",
        "gemini-nano-banana-2.1",
        "qwen-image-max",
        "qwen-image-plus",
        "qwen-image",
        "qwen-image-3.0",
        "qwen-image-3.0-pro",
        "qwen-image-2.1-pro",
        "qwen-image-edit-plus",
        "qwen-image-edit-max",
        "seedream-4-0",
        "seedream-4-5",
        "seedream-5-0-lite",
        "seedream-5-0-pro",
        "seedream-5-0-flash",
        "cogview-4",
        "glm-image",
        "gpt-image-2",
        "gpt-image-2.5-sunburst",
        "gpt-image-2.5-flare",
        "grok-imagine-image",
        "grok-imagine-image-2-0",
        "reve-create",
        "muse-image-1.0",
        "hy-image-v3.5-preview",
      ]),
    );
  });

  it("names the file as given when relative", () => {
    expect(() => validateCatalog({ catalog_version: 1, models: [] }, "custom/models.yaml")).toThrow(
      /^custom\/models\.yaml: the model catalog is invalid/,
    );
  });
});

describe("structural errors (JSON Schema)", () => {
  it("rejects a wrong type, naming the path", () => {
    const { index, message } = problemsAfter("seedream-4-5", (m) => {
      poke(m.image, "max_n", "4");
    });
    expect(message).toContain(
      `spec/models.yaml: models[${index}] (bytedance/seedream-4-5).image.max_n: must be integer, got "4"`,
    );
  });

  it("rejects an unknown key, naming the path and the allowed keys", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      poke(m.image, "sizez", []);
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).image.sizez: unknown key; allowed here: sizes,`,
    );
  });

  it("rejects a missing required field", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      drop(m.edits, "requires_input_image");
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).edits.requires_input_image: is required`,
    );
  });

  it("rejects a value outside an enum, listing the allowed values", () => {
    const { index, message } = problemsAfter("gpt-image-2", (m) => {
      poke(m.image, "qualities", ["low", "ultra"]);
    });
    expect(message).toContain(
      `models[${index}] (openai/gpt-image-2).image.qualities[1]: "ultra" is not one of: low, medium, high, xhigh, max, auto`,
    );
  });

  it("rejects a display name as an alias (aliases are routable ids)", () => {
    const { index, message } = problemsAfter("gemini-3-pro-image", (m) => {
      m.aliases = ["nano banana pro"];
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).aliases[0]: "nano banana pro" is not valid`,
    );
  });

  it("rejects a bad map key, naming the key", () => {
    const { index, message } = problemsAfter("gemini-3-pro-image", (m) => {
      if (m.pricing.kind === "per_token") poke(m.pricing.output_image_tokens ?? {}, "8K", 3000);
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).pricing.output_image_tokens["8K"]: key "8K" is not one of: 0.5K, 1K, 2K, 4K, default`,
    );
  });

  it("reports a broken top level without crashing", () => {
    expect(() => validateCatalog({ catalog_version: 2, models: "none" })).toThrow(
      /spec\/models\.yaml: catalog_version: must be 1, got 2\n.*spec\/models\.yaml: models: must be array, got "none"/s,
    );
    expect(() => validateCatalog(null)).toThrow(
      /spec\/models\.yaml: \(root\): must be object, got null/,
    );
  });
});

describe("rule: ids, aliases and pinned ids are unique across the catalog", () => {
  it("rejects a duplicate id", () => {
    const catalog = freshCatalog();
    const first = indexOf(catalog, "qwen-image-plus");
    const second = indexOf(catalog, "qwen-image-max");
    const model = catalog.models[second];
    if (!model) throw new Error("unreachable");
    model.id = "qwen-image-plus";
    model.pinned_ids = [];
    expect(() => validateCatalog(catalog)).toThrow(
      `models[${second}] (alibaba/qwen-image-plus).id: "qwen-image-plus" is already used by models[${first}] (alibaba/qwen-image-plus).id`,
    );
  });

  it("rejects a pinned id another model already has", () => {
    const { index, problems } = problemsAfter("qwen-image-max", (m) => {
      m.pinned_ids.push("alibaba/qwen-image-plus");
      m.aliases.push("qwen-image-plus");
    });
    const problem = problems.find(
      (p) => p.rule === "unique-ids" && p.path === `models[${index}].pinned_ids[1]`,
    );
    expect(problem?.message).toMatch(
      /"alibaba\/qwen-image-plus" is already used by models\[\d+\] \(alibaba\/qwen-image-plus\)\.pinned_ids\[0\]/,
    );
  });

  it("rejects an alias that is another model's id, reporting the later of the two", () => {
    const catalog = freshCatalog();
    const owner = indexOf(catalog, "gemini-3-pro-image");
    const later = indexOf(catalog, "gemini-3-pro-image-preview");
    expect(owner).toBeLessThan(later);
    const { message } = problemsAfter("gemini-3-pro-image", (m) => {
      m.aliases = ["gemini-3-pro-image-preview"];
    });
    expect(message).toContain(
      `models[${later}] (google/gemini-3-pro-image-preview).id: "gemini-3-pro-image-preview" is already used by models[${owner}] (google/gemini-3-pro-image).aliases[0]`,
    );
  });
});

describe("rule: pinned ids are <provider>/<id>", () => {
  it("rejects a pinned id without a provider", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      m.pinned_ids = ["cogview-4"];
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).pinned_ids[0]: "cogview-4" is not valid`,
    );
  });

  it("rejects a provider the model is not mapped to", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      m.pinned_ids = ["openai/cogview-4"];
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).pinned_ids[0]: "openai/cogview-4": "openai" is not one of providers[].provider_id (zai)`,
    );
  });

  it("rejects a pinned id naming another model", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      m.pinned_ids = ["zai/glm-image-2"];
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).pinned_ids[0]: "zai/glm-image-2": "glm-image-2" is neither the id nor an alias`,
    );
  });

  it("rejects a provider mapping listed twice", () => {
    const { index, message } = problemsAfter("gpt-image-2", (m) => {
      m.providers.push({ provider_id: "openai", upstream_id: "gpt-image-2", streaming: true });
    });
    expect(message).toContain(
      `models[${index}] (openai/gpt-image-2).providers[2].provider_id: "openai" is listed twice`,
    );
  });
});

describe("rule: sizes", () => {
  it("rejects a list default that is not among the values", () => {
    const { index, message } = problemsAfter("muse-image-1.0", (m) => {
      poke(m.image.sizes, "default", "9999x9999");
    });
    expect(message).toContain(
      `spec/models.yaml: models[${index}] (meta/muse-image-1.0).image.sizes.default: "9999x9999" is not among sizes.values`,
    );
  });

  it("rejects a pixel-rule default that breaks the rule, saying which bound", () => {
    const { index, message } = problemsAfter("seedream-4-5", (m) => {
      poke(m.image.sizes, "default", "9999x9999");
    });
    expect(message).toContain(
      `models[${index}] (bytedance/seedream-4-5).image.sizes.default: "9999x9999" does not satisfy sizes.rule: 99980001 pixels > max_pixels 16777216`,
    );
  });

  it("rejects a list with no values", () => {
    const { index, message } = problemsAfter("muse-image-1.0", (m) => {
      poke(m.image, "sizes", { kind: "list", values: [] });
    });
    expect(message).toContain(
      `models[${index}] (meta/muse-image-1.0).image.sizes.values: must NOT have fewer than 1 items`,
    );
  });

  it("rejects a list value that is not WxH with positive integers", () => {
    const { index, message } = problemsAfter("muse-image-1.0", (m) => {
      poke(m.image.sizes, "values", ["1024x1024", "0x1536", "1536*1024"]);
    });
    expect(message).toContain(
      `models[${index}] (meta/muse-image-1.0).image.sizes.values[1]: "0x1536" is not valid`,
    );
    expect(message).toContain(
      `models[${index}] (meta/muse-image-1.0).image.sizes.values[2]: "1536*1024" is not valid`,
    );
  });

  it("rejects kind pixels without a rule", () => {
    const { index, message } = problemsAfter("gpt-image-2", (m) => {
      drop(m.image.sizes, "rule");
    });
    expect(message).toContain(
      `models[${index}] (openai/gpt-image-2).image.sizes.rule: is required`,
    );
  });

  it("rejects kind none with values", () => {
    const { index, message } = problemsAfter("gemini-3-pro-image", (m) => {
      poke(m.image.sizes, "values", ["1024x1024"]);
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).image.sizes.values: unknown key; allowed here: kind`,
    );
  });

  it("rejects an unknown sizes kind", () => {
    const { index, message } = problemsAfter("gemini-3-pro-image", (m) => {
      poke(m.image.sizes, "kind", "tiers");
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).image.sizes.kind: "tiers" is not one of: list, pixels, none`,
    );
  });

  it("rejects a rule whose minimum exceeds its maximum", () => {
    const { index, message } = problemsAfter("hy-image-v3.5-preview", (m) => {
      if (m.image.sizes.kind === "pixels") m.image.sizes.rule.min_edge = 9000;
    });
    expect(message).toContain(
      `models[${index}] (tencent/hy-image-v3.5-preview).image.sizes.rule.min_edge: 9000 is greater than max_edge 8192`,
    );
  });
});

describe("rule: defaults belong to their lists; aspect ratios look like W:H", () => {
  it("rejects a default_image_size outside image_sizes", () => {
    const { index, message } = problemsAfter("seedream-5-0-pro", (m) => {
      m.image.default_image_size = "4K";
    });
    expect(message).toContain(
      `models[${index}] (bytedance/seedream-5-0-pro).image.default_image_size: "4K" is not among image_sizes [1K, 2K]`,
    );
  });

  it("rejects a default_aspect_ratio outside aspect_ratios", () => {
    const { index, message } = problemsAfter("reve-create", (m) => {
      m.image.default_aspect_ratio = "21:9";
    });
    expect(message).toContain(
      `models[${index}] (reve/reve-create).image.default_aspect_ratio: "21:9" is not among aspect_ratios`,
    );
  });

  it("rejects an aspect ratio that is not W:H or auto", () => {
    const { index, message } = problemsAfter("reve-create", (m) => {
      m.image.aspect_ratios.push("16/10");
    });
    expect(message).toContain(
      `models[${index}] (reve/reve-create).image.aspect_ratios[7]: "16/10" is not valid`,
    );
  });
});

describe("rule: endpoints list exactly the options the model honours", () => {
  it("rejects seed on /images/* (the gateway strips it)", () => {
    const { index, message } = problemsAfter("qwen-image-3.0", (m) => {
      (m.endpoints.images as string[]).push("seed");
    });
    expect(message).toContain(
      `models[${index}] (alibaba/qwen-image-3.0).endpoints.images[2]: "seed" is not one of: size, aspect_ratio, quality, n, moderation`,
    );
  });

  it("rejects seed on chat when the model does not honour a seed", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      m.endpoints.chat.push("seed");
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).endpoints.chat[2]: "seed" is listed, but only allowed when image.seed is true`,
    );
  });

  it("requires seed on chat when the model honours a seed", () => {
    const { index, message } = problemsAfter("hy-image-v3.5-preview", (m) => {
      m.endpoints.chat = ["image_size"];
    });
    expect(message).toContain(
      `models[${index}] (tencent/hy-image-v3.5-preview).endpoints.chat: must list "seed" because image.seed is true`,
    );
  });

  it("rejects aspect_ratio when aspect_ratios is empty", () => {
    const { index, message } = problemsAfter("gpt-image-2", (m) => {
      m.endpoints.images.push("aspect_ratio");
    });
    expect(message).toContain(
      `models[${index}] (openai/gpt-image-2).endpoints.images[4]: "aspect_ratio" is listed, but only allowed when image.aspect_ratios is non-empty`,
    );
  });

  it("rejects quality and image_quality when qualities is empty", () => {
    const { index, message } = problemsAfter("gemini-3-pro-image", (m) => {
      m.endpoints.images.push("quality");
      m.endpoints.chat.push("image_quality");
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).endpoints.images[2]: "quality" is listed, but only allowed when image.qualities is non-empty`,
    );
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).endpoints.chat[2]: "image_quality" is listed, but only allowed when image.qualities is non-empty`,
    );
  });

  it("rejects moderation when the model has no moderation control", () => {
    const { index, message } = problemsAfter("grok-imagine-image", (m) => {
      m.endpoints.images.push("moderation");
    });
    expect(message).toContain(
      `models[${index}] (xai/grok-imagine-image).endpoints.images[4]: "moderation" is listed, but only allowed when image.moderation is true`,
    );
  });

  it("rejects n when the model cannot return several images natively", () => {
    const { index, message } = problemsAfter("gemini-3.1-flash-image", (m) => {
      m.endpoints.chat.push("n");
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3.1-flash-image).endpoints.chat[2]: "n" is listed, but only allowed when image.max_n > 1`,
    );
  });

  it("requires n when the model returns several images natively", () => {
    const { index, message } = problemsAfter("qwen-image-3.0", (m) => {
      m.endpoints.images = ["size"];
    });
    expect(message).toContain(
      `models[${index}] (alibaba/qwen-image-3.0).endpoints.images: must list "n" because image.max_n > 1`,
    );
  });

  it("rejects size when the model takes neither WxH sizes nor tiers", () => {
    const { index, message } = problemsAfter("reve-create", (m) => {
      m.endpoints.images.unshift("size");
    });
    expect(message).toContain(
      `models[${index}] (reve/reve-create).endpoints.images[0]: "size" is listed, but only allowed when image.sizes.kind is not "none" or image.image_sizes is non-empty`,
    );
  });
});

describe("rule: edits", () => {
  it("rejects input images on a model without edits", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      m.edits.max_input_images = 3;
      m.edits.requires_input_image = true;
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).edits.max_input_images: must be 0 when edits.supported is false, got 3`,
    );
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).edits.requires_input_image: must be false when edits.supported is false`,
    );
  });

  it("rejects edits without input images or without image input", () => {
    const { index, message } = problemsAfter("qwen-image-edit-plus", (m) => {
      m.edits.max_input_images = 0;
      m.input_modalities = ["text"];
    });
    expect(message).toContain(
      `models[${index}] (alibaba/qwen-image-edit-plus).edits.max_input_images: must be at least 1 when edits.supported is true`,
    );
    expect(message).toContain(
      `models[${index}] (alibaba/qwen-image-edit-plus).input_modalities: must include "image" because edits.supported is true`,
    );
  });
});

describe("rule: pricing", () => {
  it("rejects a default_tier that is not a tier", () => {
    const { index, message } = problemsAfter("qwen-image-3.0-pro", (m) => {
      poke(m.pricing, "default_tier", "4K");
    });
    expect(message).toContain(
      `models[${index}] (alibaba/qwen-image-3.0-pro).pricing.default_tier: "4K" is not a key of pricing.tiers (1K, 2K)`,
    );
  });

  it("rejects output image tokens for a tier the model does not offer", () => {
    const { index, message } = problemsAfter("gemini-3-pro-image", (m) => {
      if (m.pricing.kind === "per_token") poke(m.pricing.output_image_tokens ?? {}, "0.5K", 747);
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).pricing.output_image_tokens["0.5K"]: "0.5K" is not among image.image_sizes [1K, 2K, 4K]`,
    );
  });

  it("rejects a negative price", () => {
    const { index, message } = problemsAfter("grok-imagine-image-2-0", (m) => {
      if (m.pricing.kind === "per_tier") m.pricing.tiers["low/1k"] = -0.04;
    });
    expect(message).toContain(
      `models[${index}] (xai/grok-imagine-image-2-0).pricing.tiers["low/1k"]: must be >= 0, got -0.04`,
    );
  });

  it("requires the fields of the chosen kind and only those", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      poke(m, "pricing", { kind: "per_tier", per_image: 0.01 });
    });
    expect(message).toContain(`models[${index}] (zai/cogview-4).pricing.tiers: is required`);
    expect(message).toContain(`models[${index}] (zai/cogview-4).pricing.default_tier: is required`);
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).pricing.per_image: unknown key; allowed here: kind, tiers, default_tier, per_input_image`,
    );
  });

  it("rejects an unknown pricing kind", () => {
    const { index, message } = problemsAfter("cogview-4", (m) => {
      poke(m.pricing, "kind", "per_second");
    });
    expect(message).toContain(
      `models[${index}] (zai/cogview-4).pricing.kind: "per_second" is not one of: per_image, per_tier, per_token`,
    );
  });
});

describe("rule: output modalities include image", () => {
  it("rejects a model that outputs no image", () => {
    const { index, message } = problemsAfter("gemini-3-pro-image", (m) => {
      m.output_modalities = ["text"];
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-3-pro-image).output_modalities: must include "image"`,
    );
  });
});

describe("rule: lifecycle", () => {
  it("requires deactivated_at on a deactivated model", () => {
    const { index, message } = problemsAfter("gemini-2.5-flash-image", (m) => {
      delete m.deactivated_at;
    });
    expect(message).toContain(
      `models[${index}] (google/gemini-2.5-flash-image).deactivated_at: is required when status is "deactivated"`,
    );
  });

  it("rejects a date that does not exist", () => {
    const { index, message } = problemsAfter("qwen-image-plus", (m) => {
      m.deactivated_at = "2026-02-30";
    });
    expect(message).toContain(
      `models[${index}] (alibaba/qwen-image-plus).deactivated_at: "2026-02-30" is not a calendar date`,
    );
  });
});

describe("reporting", () => {
  it("lists every problem, schema and semantic, across models, in one error", () => {
    const catalog = freshCatalog();
    const a = indexOf(catalog, "muse-image-1.0");
    const b = indexOf(catalog, "cogview-4");
    const c = indexOf(catalog, "seedream-4-0");
    const [ma, mb, mc] = [catalog.models[a], catalog.models[b], catalog.models[c]];
    if (!ma || !mb || !mc) throw new Error("unreachable");
    poke(ma.image.sizes, "default", "9999x9999"); // semantic
    mb.image.max_n = 0; // schema
    mc.endpoints.chat.push("seed"); // semantic
    let caught: unknown;
    try {
      validateCatalog(catalog);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CatalogError);
    const error = caught as CatalogError;
    expect(error.file).toBe("spec/models.yaml");
    expect(error.problems.map((p) => [p.rule, p.path, p.modelId])).toEqual([
      ["schema", `models[${b}].image.max_n`, "cogview-4"],
      ["sizes", `models[${a}].image.sizes.default`, "muse-image-1.0"],
      ["endpoints", `models[${c}].endpoints.chat[1]`, "seedream-4-0"],
    ]);
    expect(error.message.split("\n")).toEqual([
      "spec/models.yaml: the model catalog is invalid (3 problems):",
      ...error.problems.map((p) => p.line),
    ]);
  });

  it("has one semantic rule per name", () => {
    expect(Object.keys(SEMANTIC_RULES)).toEqual([
      "unique-ids",
      "pinned-ids",
      "unique-providers",
      "sizes",
      "defaults",
      "endpoints",
      "edits",
      "pricing",
      "modalities",
      "lifecycle",
    ]);
  });

  it("turns a YAML syntax error into a CatalogError naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "pictor-catalog-"));
    try {
      const file = join(dir, "models.yaml");
      writeFileSync(file, "catalog_version: 1\nmodels: [\n");
      expect(() => loadCatalog(file)).toThrow(CatalogError);
      expect(() => loadCatalog(file)).toThrow(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("size helpers", () => {
  it("parses WxH and rejects anything else", () => {
    expect(parseSize("1024x1536")).toEqual({ width: 1024, height: 1536 });
    expect(parseSize("1024X1536")).toBeUndefined();
    expect(parseSize("0x10")).toBeUndefined();
    expect(parseSize("2K")).toBeUndefined();
  });

  it("lists every bound a size breaks", () => {
    const rule = {
      multiple_of: 16,
      max_edge: 3840,
      min_pixels: 655360,
      max_pixels: 8294400,
      min_ratio: 0.333,
      max_ratio: 3,
    };
    expect(sizeRuleViolations("3072x2160", rule)).toEqual([]);
    expect(sizeRuleViolations("4096x1024", rule)).toEqual([
      "longer edge 4096 > max_edge 3840",
      "ratio 4 > max_ratio 3",
    ]);
    expect(sizeRuleViolations("500x500", rule)).toEqual([
      "width and height must be multiples of 16",
      "250000 pixels < min_pixels 655360",
    ]);
  });
});
