import { displayModelId, isDeactivated, listImageModels } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { runPictor } from "../__fixtures__/run-pictor";

// The first Qwen image models (alibaba/qwen-image-plus, alibaba/qwen-image, ...) are past their
// catalog deactivated_at (2026-10-10), so they are not expected here: see the test on
// deactivated models below. meta/muse-image-1.0 has a size list.
const expectedModels = [
  "bytedance/seedream-4-5",
  "meta/muse-image-1.0",
  "gemini-3-pro-image-preview",
];

describe("pictor models", { timeout: 30_000 }, () => {
  it("prints a table of the models with a header, offline", async () => {
    const { code, stdout, stderr } = await runPictor(["models"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^model\s+provider\s+price\s+sizes\s+edits$/);
    expect(lines[1]).toMatch(/^-+(\s+-+){4}$/);
    const firstColumn = lines.slice(2).map((line) => line.split(/\s+/)[0]);
    for (const model of expectedModels) expect(firstColumn).toContain(model);
    const muse = lines.find((line) => line.startsWith("meta/muse-image-1.0 "));
    expect(muse).toMatch(/1024x1536/);
  });

  it("marks the models that only edit, and gives the aspect ratios of a model that takes no size", async () => {
    const { stdout } = await runPictor(["models"]);
    const lines = stdout.split("\n");
    const rowOf = (id: string) => lines.find((line) => line.startsWith(`${id} `));
    const editOnly = listImageModels().filter(
      (model) => !isDeactivated(model) && model.edits.requires_input_image,
    );
    expect(editOnly.length).toBeGreaterThan(0);
    for (const model of editOnly) expect(rowOf(displayModelId(model))).toMatch(/\bonly \(≤\d+\)$/);
    const ratioOnly = listImageModels().find(
      (model) =>
        !isDeactivated(model) &&
        model.image.sizes.kind === "none" &&
        model.image.image_sizes.length === 0 &&
        model.image.aspect_ratios.length > 0,
    );
    expect(ratioOnly).toBeDefined();
    if (!ratioOnly) return;
    expect(rowOf(displayModelId(ratioOnly))).toContain(
      `--aspect ${ratioOnly.image.aspect_ratios.join(" ")}`,
    );
  });

  it("takes --local as generate and edit do, and prints the same list", async () => {
    const plain = await runPictor(["models"]);
    const local = await runPictor(["models", "--local"]);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toBe(plain.stdout);
  });

  it("lists exactly the catalog models the gateway still serves today (none past its deactivated_at date)", async () => {
    const { code, stdout, stderr } = await runPictor(["models"]);
    expect(code, stderr).toBe(0);
    const listed = stdout
      .trimEnd()
      .split("\n")
      .slice(2)
      .map((line) => line.split(/\s+/)[0]);
    const now = Date.now();
    const served = listImageModels().filter((model) => !isDeactivated(model, now));
    const gone = listImageModels().filter((model) => isDeactivated(model, now));
    // The client warns "<model> was deactivated on <date> ... (see `pictor models` for current ones)".
    for (const model of gone)
      expect(
        listed,
        `${displayModelId(model)} (deactivated_at ${model.deactivated_at})`,
      ).not.toContain(displayModelId(model));
    expect(listed).toEqual(served.map(displayModelId));
  });

  it("--json prints one JSON array of catalog entries, the same models as the table", async () => {
    const { code, stdout, stderr } = await runPictor(["models", "--json"]);
    expect(code, stderr).toBe(0);
    const parsed: unknown = JSON.parse(stdout);
    if (!Array.isArray(parsed)) throw new Error(`not an array: ${stdout.slice(0, 200)}`);
    // The table shows the provider-prefixed id (from pinned_ids) when the catalog has one.
    const ids = parsed.flatMap((entry: unknown) => {
      if (
        typeof entry !== "object" ||
        entry === null ||
        !("id" in entry) ||
        !("pinned_ids" in entry)
      )
        return [];
      const pinned = Array.isArray(entry.pinned_ids) ? entry.pinned_ids : [];
      return [entry.id, ...pinned];
    });
    for (const model of expectedModels) expect(ids).toContain(model);
    for (const entry of parsed)
      expect(entry).toMatchObject({ id: expect.any(String), provider: expect.any(String) });
  });
});
