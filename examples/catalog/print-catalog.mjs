// Prints the typed image-model catalog from the *built* @pictor/contract package, as a user
// who installed it would see it: one row per model with what it accepts and what it costs.
import { displayModelId, isDeactivated, listImageModels } from "@pictor/contract";

/** "$0.045/image", "$0.04–0.075/image by size", "≈$0.134/image (1K, tokens)". */
function price(pricing, defaultTier) {
  switch (pricing.kind) {
    case "per_image":
      return `$${pricing.per_image}/image`;
    case "per_tier": {
      const values = Object.values(pricing.tiers);
      return `$${Math.min(...values)}–${Math.max(...values)}/image`;
    }
    case "per_token": {
      const tier = defaultTier ?? Object.keys(pricing.output_image_tokens ?? {})[0];
      const tokens = pricing.output_image_tokens?.[tier];
      if (tokens === undefined) return `$${pricing.output_image_per_million}/M image tokens`;
      return `≈$${((tokens * pricing.output_image_per_million) / 1e6).toFixed(3)}/image (${tier})`;
    }
  }
}

function sizes({ sizes, image_sizes }) {
  const wxh =
    sizes.kind === "list"
      ? sizes.values.join(" ")
      : sizes.kind === "pixels"
        ? `WxH${sizes.rule.max_edge ? ` ≤${sizes.rule.max_edge}px` : ""}${sizes.rule.max_pixels ? ` ≤${(sizes.rule.max_pixels / 1e6).toFixed(1)}MP` : ""}`
        : "";
  return [wxh, image_sizes.join("/")].filter(Boolean).join(" · ");
}

const rows = listImageModels()
  .filter((model) => !isDeactivated(model))
  .map((model) => ({
    model: displayModelId(model),
    price: price(model.pricing, model.image.default_image_size),
    sizes: sizes(model.image),
    ratios:
      model.image.aspect_ratios.length > 0 ? `${model.image.aspect_ratios.length} ratios` : "-",
    n: String(model.image.max_n),
    edits: model.edits.supported ? `yes (≤${model.edits.max_input_images})` : "no",
    seed: model.image.seed ? "chat" : "-",
  }));

const columns = Object.keys(rows[0]);
const widths = columns.map((column) =>
  Math.max(column.length, ...rows.map((row) => row[column].length)),
);
const line = (cells) =>
  cells
    .map((cell, index) => cell.padEnd(widths[index]))
    .join("  ")
    .trimEnd();
console.log(
  `Pictor knows ${rows.length} active image models (switch provider by changing the model string):\n`,
);
console.log(line(columns));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const row of rows) console.log(line(columns.map((column) => row[column])));
