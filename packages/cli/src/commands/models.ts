import { displayModelId, type ImageModelEntry, listImageModels } from "@pictor/contract";
import { Command } from "commander";
import type { CliIO } from "../run-cli";
import { filterModels, type ModelFilterFlags, providers, statuses } from "./model-filters";
import { effectiveStatus, statusCell } from "./model-status";

/** `pictor models [filters] [--json]`: the image models Pictor knows, from its catalog (offline). */
export function modelsCommand(io: CliIO): Command {
  return (
    new Command("models")
      .description(
        "list the image models with provider, price, sizes, edit support and status (every one the gateway still serves, unless filtered)",
      )
      .option("--provider <family>", `only models of these providers: ${providers().join(", ")}`)
      .option("--edits", "only models that edit images (pictor edit)")
      .option("--generates", "only models that make images from a prompt alone (pictor generate)")
      .option(
        "--status <status>",
        `only models of these statuses: ${statuses.join(", ")} (default: all but deactivated)`,
      )
      .option(
        "--json",
        "print the catalog entries as JSON, each with effective_status (deactivated past its deactivated_at)",
      )
      // Accepted like generate's and edit's: the list is read from the catalog, offline either way.
      .option("--local", "the catalog is local anyway (accepted for symmetry with generate)")
      .addHelpText(
        "after",
        "\nSeveral values of a filter are comma-separated: pictor models --provider google,openai --edits",
      )
      .action((flags: ModelFilterFlags & { json?: boolean }) => {
        const now = Date.now();
        const models = filterModels(listImageModels(), flags, now);
        if (models.length === 0)
          io.stderr.write(
            "pictor: no model matches these filters; `pictor models` lists them all\n",
          );
        if (flags.json) {
          io.stdout.write(
            // `status` is the catalog's label; `effective_status` the one the gateway goes by today.
            `${JSON.stringify(
              models.map((model) => ({
                model: displayModelId(model),
                ...model,
                effective_status: effectiveStatus(model, now),
              })),
            )}\n`,
          );
          return;
        }
        // A header above no rows would read as a table that failed to print: the message says it.
        if (models.length === 0) return;
        const rows = models.map((model) => [
          displayModelId(model),
          model.provider,
          price(model),
          sizes(model),
          edits(model),
          statusCell(model, now),
        ]);
        const header = ["model", "provider", "price", "sizes", "edits", "status"];
        const widths = header.map((title, index) =>
          Math.max(title.length, ...rows.map((row) => (row[index] ?? "").length)),
        );
        const line = (cells: string[]) =>
          cells
            .map((cell, index) => cell.padEnd(widths[index] ?? 0))
            .join("  ")
            .trimEnd();
        io.stdout.write(
          `${[line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n")}\n`,
        );
      })
  );
}

function price(model: ImageModelEntry): string {
  const { pricing } = model;
  if (pricing.kind === "per_image") return `$${pricing.per_image}/image`;
  if (pricing.kind === "per_tier") {
    const values = Object.values(pricing.tiers);
    return `$${Math.min(...values)}-${Math.max(...values)}/image`;
  }
  const tokens = pricing.output_image_tokens?.[model.image.default_image_size ?? "1K"];
  return tokens === undefined
    ? `$${pricing.output_image_per_million}/M tokens`
    : `~$${((tokens * pricing.output_image_per_million) / 1e6).toFixed(3)}/image`;
}

/** Edit support: "no", "yes (≤N)", or "only (≤N)" for a model that only edits (`generate` refuses it). */
function edits(model: ImageModelEntry): string {
  if (!model.edits.supported) return "no";
  return `${model.edits.requires_input_image ? "only" : "yes"} (≤${model.edits.max_input_images})`;
}

function sizes(model: ImageModelEntry): string {
  const { sizes: wxh, image_sizes: tiers } = model.image;
  const parts: string[] = [];
  if (wxh.kind === "list") parts.push(wxh.values.join(" "));
  if (wxh.kind === "pixels")
    parts.push(
      `WxH up to ${wxh.rule.max_edge ?? Math.round(Math.sqrt(wxh.rule.max_pixels ?? 0))}px`,
    );
  if (tiers.length > 0) parts.push(tiers.join("/"));
  // A model shaped only by aspect ratio (no sizes to give): its ratios, for --aspect.
  if (parts.length === 0 && model.image.aspect_ratios.length > 0)
    parts.push(`--aspect ${model.image.aspect_ratios.join(" ")}`);
  return parts.join(", ");
}
