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
    expect(lines[0]).toMatch(/^model\s+provider\s+price\s+sizes\s+edits\s+status$/);
    expect(lines[1]).toMatch(/^-+(\s+-+){5}$/);
    const firstColumn = lines.slice(2).map((line) => line.split(/\s+/)[0]);
    for (const model of expectedModels) expect(firstColumn).toContain(model);
    const muse = lines.find((line) => line.startsWith("meta/muse-image-1.0 "));
    expect(muse).toMatch(/1024x1536/);
  });

  it("marks the models that only edit, and gives the aspect ratios of a model that takes no size", async () => {
    const { stdout } = await runPictor(["models"]);
    const lines = stdout.split("\n");
    const rowOf = (id: string) => lines.find((line) => line.startsWith(`${id} `));
    // The edit-only models (Qwen Image Edit Plus and Max) retired on 2026-10-10: every status lists them.
    const everyStatus = await runPictor(["models", "--status", allStatuses]);
    const everyLine = everyStatus.stdout.split("\n");
    const editOnly = listImageModels().filter((model) => model.edits.requires_input_image);
    expect(editOnly.length).toBeGreaterThan(0);
    for (const model of editOnly)
      expect(everyLine.find((line) => line.startsWith(`${displayModelId(model)} `))).toMatch(
        /\bonly \(≤\d+\)\s/,
      );
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
    // The client warns "<model> was deactivated on <date> ...: pictor.models.list() lists the current ones",
    // which the CLI words as "`pictor models` lists the current ones".
    for (const model of gone)
      expect(
        listed,
        `${displayModelId(model)} (deactivated_at ${model.deactivated_at})`,
      ).not.toContain(displayModelId(model));
    expect(listed).toEqual(served.map(displayModelId));
  });

  it("says each model's status, the default model's legacy label included", async () => {
    const { code, stdout, stderr } = await runPictor(["models"]);
    expect(code, stderr).toBe(0);
    const rowOf = (id: string) => stdout.split("\n").find((line) => line.startsWith(`${id} `));
    // The gateway's reference: a legacy id of gemini-3-pro-image, which `generate` uses by default.
    expect(rowOf("gemini-3-pro-image-preview")).toMatch(/\slegacy$/);
    expect(rowOf("gemini-3-pro-image")).toMatch(/\sactive$/);
    const now = Date.now();
    for (const model of listImageModels().filter((entry) => !isDeactivated(entry, now)))
      expect(rowOf(displayModelId(model))).toMatch(
        new RegExp(
          `\\s${model.status}${model.deactivated_at ? `, until ${model.deactivated_at}` : ""}$`,
        ),
      );
  });

  it("a model past its deactivated_at shows as deactivated, with its date, whatever its label", async () => {
    const { code, stdout, stderr } = await runPictor([
      "models",
      "--provider",
      "alibaba",
      "--status",
      "deactivated",
    ]);
    expect(code, stderr).toBe(0);
    // Labelled legacy in the catalog, deactivated on 2026-10-10.
    const row = stdout.split("\n").find((line) => line.startsWith("alibaba/qwen-image-plus "));
    expect(row).toMatch(/\sdeactivated 2026-10-10$/);
    expect(row).not.toMatch(/\slegacy\b/);
  });

  it("--json adds effective_status (deactivated past deactivated_at) and keeps the catalog's status label", async () => {
    const { code, stdout, stderr } = await runPictor([
      "models",
      "--status",
      "legacy,deactivated",
      "--provider",
      "alibaba,google",
      "--json",
    ]);
    expect(code, stderr).toBe(0);
    const parsed: unknown = JSON.parse(stdout);
    expect(parsed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          model: "alibaba/qwen-image-plus",
          status: "legacy",
          deactivated_at: "2026-10-10",
          effective_status: "deactivated",
        }),
        expect.objectContaining({
          model: "gemini-3-pro-image-preview",
          status: "legacy",
          effective_status: "legacy",
        }),
      ]),
    );
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

/** `--status` naming every status, so that retired models are listed too. */
const allStatuses = "active,preview,legacy,deprecated,deactivated";

/** The ids in the first column of a `pictor models` table. */
function listedIds(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split("\n")
    .slice(2)
    .map((line) => line.split(/\s+/)[0] ?? "");
}

/** The ids of a `pictor models --json` array. */
function jsonIds(stdout: string): string[] {
  const parsed: unknown = JSON.parse(stdout);
  if (!Array.isArray(parsed)) throw new Error(`not an array: ${stdout.slice(0, 200)}`);
  return parsed.map((entry: unknown) =>
    typeof entry === "object" && entry !== null && "model" in entry ? String(entry.model) : "",
  );
}

describe("pictor models, filtered", { timeout: 30_000 }, () => {
  const now = Date.now();
  const served = listImageModels().filter((model) => !isDeactivated(model, now));

  it("--provider lists only that provider's models (several comma-separated), in the table and --json", async () => {
    const google = await runPictor(["models", "--provider", "google"]);
    expect(google.code, google.stderr).toBe(0);
    const expected = served.filter((model) => model.provider === "google").map(displayModelId);
    expect(expected.length).toBeGreaterThan(0);
    expect(listedIds(google.stdout)).toEqual(expected);

    const two = await runPictor(["models", "--provider", "openai,bytedance", "--json"]);
    expect(two.code, two.stderr).toBe(0);
    expect(jsonIds(two.stdout)).toEqual(
      served
        .filter((model) => model.provider === "openai" || model.provider === "bytedance")
        .map(displayModelId),
    );
  });

  it("--edits lists the models that edit; --generates leaves out those that only edit", async () => {
    const edits = await runPictor(["models", "--edits", "--json"]);
    expect(edits.code, edits.stderr).toBe(0);
    const editing = served.filter((model) => model.edits.supported);
    expect(editing.length).toBeLessThan(served.length);
    expect(jsonIds(edits.stdout)).toEqual(editing.map(displayModelId));

    // The edit-only models are retired (2026-10-10): every status lists them.
    const generates = await runPictor(["models", "--status", allStatuses, "--generates"]);
    expect(generates.code, generates.stderr).toBe(0);
    const all = listImageModels();
    const generating = all.filter((model) => !model.edits.requires_input_image);
    expect(generating.length).toBeLessThan(all.length);
    expect(listedIds(generates.stdout)).toEqual(generating.map(displayModelId));
  });

  it("--status picks statuses; deactivated lists the models the gateway no longer serves, by date too", async () => {
    const gone = await runPictor(["models", "--status", "deactivated", "--json"]);
    expect(gone.code, gone.stderr).toBe(0);
    const deactivated = listImageModels().filter((model) => isDeactivated(model, now));
    // Some are labelled legacy but past their deactivated_at date.
    expect(deactivated.some((model) => model.status !== "deactivated")).toBe(true);
    expect(jsonIds(gone.stdout)).toEqual(deactivated.map(displayModelId));

    const current = await runPictor(["models", "--status", "active,preview"]);
    expect(current.code, current.stderr).toBe(0);
    expect(listedIds(current.stdout)).toEqual(
      served
        .filter((model) => model.status === "active" || model.status === "preview")
        .map(displayModelId),
    );
  });

  it("filters combine; none matching prints no table, only the message on stderr (--json: [])", async () => {
    const both = await runPictor(["models", "--provider", "alibaba", "--generates", "--json"]);
    expect(both.code, both.stderr).toBe(0);
    const expected = served
      .filter((model) => model.provider === "alibaba" && !model.edits.requires_input_image)
      .map(displayModelId);
    expect(expected.length).toBeGreaterThan(0);
    expect(jsonIds(both.stdout)).toEqual(expected);

    // Z.AI's models make images but edit none.
    expect(served.filter((model) => model.provider === "zai" && model.edits.supported)).toEqual([]);
    const none = await runPictor(["models", "--provider", "zai", "--edits"]);
    expect(none.code, none.stderr).toBe(0);
    // No header above nothing: the message alone says what happened.
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("no model matches these filters");

    const noneJson = await runPictor(["models", "--provider", "zai", "--edits", "--json"]);
    expect(noneJson.code, noneJson.stderr).toBe(0);
    expect(jsonIds(noneJson.stdout)).toEqual([]);
    expect(noneJson.stderr).toContain("no model matches these filters");
  });

  it.each([
    [["--provider", "acme"], '"acme" is not one of google,'],
    [["--provider", "google,acme"], '"acme" is not one of google,'],
    [
      ["--status", "retired"],
      '"retired" is not one of active, preview, legacy, deprecated, deactivated',
    ],
  ])("models %j exits 2 naming the value and the accepted ones", async (args, message) => {
    const { code, stdout, stderr } = await runPictor(["models", ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`pictor: ${args[0]} `);
    expect(stderr).toContain(message);
  });

  it("--help names the filters and the values they take", async () => {
    const { code, stdout } = await runPictor(["models", "--help"]);
    expect(code).toBe(0);
    for (const text of [
      "--provider <family>",
      "--edits",
      "--generates",
      "--status <status>",
      "tencent",
      "deprecated",
    ])
      expect(stdout).toContain(text);
  });
});
