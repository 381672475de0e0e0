import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderPromptImage } from "@pictor/mock";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildPage } from "../server/build-page";
import { type PlaygroundServer, startPlaygroundServer } from "../server/playground-server";
import { findChromium, type LaunchedChromium, launchChromium } from "./support/chromium";
import { naturalSize } from "./support/page-helpers";

const chromiumPath = findChromium();

if (!chromiumPath) {
  if (process.env.CI) {
    // CI installs Chromium first (.ci/run): a missing one is a broken setup, never a skip.
    describe("playground in Chromium", () => {
      it("finds Chromium", () => {
        throw new Error(
          "chromium not found: install Debian's chromium (/usr/bin/chromium) or set CHROMIUM_PATH",
        );
      });
    });
  } else {
    console.warn("skipped: chromium not found (install Debian's chromium or set CHROMIUM_PATH)");
  }
}

describe.skipIf(!chromiumPath)("playground in Chromium", () => {
  let outDir: string | undefined;
  let started: PlaygroundServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  /** "METHOD /path" of every request the page sent to /api/, in order. */
  let apiRequests: string[];
  /** Uncaught exceptions in the page: any is a failure, whatever the test checked. */
  let pageErrors: string[];

  beforeAll(async () => {
    if (!chromiumPath) throw new Error("unreachable: the suite is skipped without Chromium");
    outDir = await mkdtemp(join(tmpdir(), "pictor-playground-build-"));
    await buildPage(outDir);
    started = await startPlaygroundServer({ port: 0, page: { dir: outDir } });
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    await browser?.close();
    await started?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  /** The server started in beforeAll (which failed the suite if it could not start it). */
  function server(): PlaygroundServer {
    if (!started) throw new Error("the playground server did not start");
    return started;
  }

  beforeEach(async () => {
    server().gateway.reset();
    apiRequests = [];
    pageErrors = [];
    if (!browser) throw new Error("Chromium did not start");
    page = await browser.context.newPage();
    // Every step here takes well under a second: fail in 10 s rather than Playwright's 30.
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith("/api/")) apiRequests.push(`${request.method()} ${pathname}`);
    });
    await page.goto(server().url);
  });

  afterEach(async () => {
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  /** Queues a fault on the local gateway through the server's dev endpoint. */
  async function enqueueFault(fault: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${server().url}/__mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fault),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  function tabPanel(name: string) {
    // Hidden panels are left out of role queries: this is the one on screen.
    return page.getByRole("tabpanel", { name });
  }

  async function generate(prompt: string, options: { size?: string; aspectRatio?: string } = {}) {
    const panel = tabPanel("Generate");
    await panel.getByLabel("Prompt", { exact: true }).fill(prompt);
    await panel.getByLabel("Model", { exact: true }).selectOption("gemini-3.1-flash-image");
    if (options.size) await panel.getByLabel("Size", { exact: true }).selectOption(options.size);
    if (options.aspectRatio)
      await panel.getByLabel("Aspect ratio", { exact: true }).selectOption(options.aspectRatio);
    await panel.getByRole("button", { name: "Generate", exact: true }).click();
    return panel;
  }

  it("renders the first image after exactly one API request", async () => {
    const panel = await generate("A lighthouse at dusk", { size: "1K", aspectRatio: "16:9" });

    // Google's published size of Gemini's 1K tier at 16:9.
    const image = panel.getByRole("region", { name: "Latest result" }).getByRole("img");
    expect(await naturalSize(image)).toEqual({ width: 1376, height: 768 });
    expect(apiRequests).toEqual(["POST /api/pictor/images/generations"]);
    expect(server().gateway.calls.map((call) => call.operation)).toEqual(["generateImages"]);

    const gallery = page.getByRole("region", { name: "Gallery" });
    expect(await naturalSize(gallery.getByRole("img"))).toEqual({ width: 1376, height: 768 });
    const download = gallery.getByRole("link", { name: "Download" });
    expect(await download.getAttribute("href")).toMatch(/^blob:/);
    expect(await download.getAttribute("download")).toBe("pictor-1.png");
  });

  it("offers only tier and aspect-ratio pairs the server's pixel limit allows", async () => {
    const panel = tabPanel("Generate");
    await panel.getByLabel("Model", { exact: true }).selectOption("gemini-3.1-flash-image");
    const ratios = panel.getByLabel("Aspect ratio", { exact: true });
    expect(await ratios.locator("option").allTextContents()).toContain("4:3");
    await ratios.selectOption("4:3");
    // 4K at 4:3 is 4800 × 3584, above the policy's 4096 × 4096 pixels: it is no longer offered,
    // and the ratio chosen before falls back to the model's default.
    await panel.getByLabel("Size", { exact: true }).selectOption("4K");
    expect(await ratios.locator("option").allTextContents()).not.toContain("4:3");
    expect(await ratios.inputValue()).toBe("");

    // 4K at 16:9 (5504 × 3072) is over too; 1:1 is the limit exactly.
    expect(await ratios.locator("option").allTextContents()).not.toContain("16:9");
    await generate("A tall lighthouse", { size: "4K", aspectRatio: "1:1" });
    await panel.getByRole("region", { name: "Latest result" }).getByRole("img").waitFor();
    expect(await panel.getByRole("alert").count()).toBe(0);
  });

  it("cancels a slow generation and is ready again at once", async () => {
    await enqueueFault({ type: "latency", ms: 60_000, operation: "generateImages" });
    const panel = await generate("A very slow lighthouse");
    await panel.getByText(/^Generating… \d+\.\d s$/).waitFor();

    const clicked = Date.now();
    await panel.getByRole("button", { name: "Cancel" }).click();
    await panel.getByText(/^Cancelled after \d+\.\d s\.$/).waitFor({ timeout: 2_000 });

    expect(Date.now() - clicked).toBeLessThan(2_000);
    expect(await panel.getByRole("button", { name: "Generate", exact: true }).isEnabled()).toBe(
      true,
    );
    expect(await panel.getByRole("button", { name: "Cancel" }).count()).toBe(0);
    expect(await panel.getByRole("region", { name: "Latest result" }).count()).toBe(0);
    // The abort went all the way: the gateway stopped waiting instead of running for a minute.
    await expect.poll(() => server().gateway.calls[0]?.status, { timeout: 5_000 }).toBe(499);
  });

  it.each([
    {
      fault: { type: "rate_limit", retryAfterSeconds: 7 },
      title: "Too many requests. Try again in 7 s.",
      detail: "429 Rate limit exceeded",
    },
    {
      fault: { type: "server_error", status: 500 },
      title: "The gateway failed to make the image.",
      detail: "500 Internal Server Error",
    },
  ])("shows a readable error for a forced $detail", async ({ fault, title, detail }) => {
    await enqueueFault({ ...fault, operation: "generateImages" });
    const panel = await generate("A lighthouse in a storm");

    const alert = panel.getByRole("alert");
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain(title);
    expect(text).toContain(detail);
    // Shown as answered: the playground's client does not retry behind the user's back.
    expect(apiRequests).toEqual(["POST /api/pictor/images/generations"]);

    // The fault was for one request: the next one works.
    await panel.getByRole("button", { name: "Generate", exact: true }).click();
    const image = panel.getByRole("region", { name: "Latest result" }).getByRole("img");
    expect(await naturalSize(image)).toEqual({ width: 1024, height: 1024 });
    expect(await panel.getByRole("alert").count()).toBe(0);
  });

  it("edits a generated image picked from the gallery", async () => {
    await generate("A red bicycle", { size: "1K", aspectRatio: "16:9" });
    const gallery = page.getByRole("region", { name: "Gallery" });
    await gallery.getByRole("button", { name: "Edit", exact: true }).click();

    const panel = tabPanel("Edit");
    await panel.getByRole("figure", { name: "Image to edit" }).getByRole("img").waitFor();
    await panel.getByLabel("Edit prompt", { exact: true }).fill("Make it blue");
    await panel.getByRole("button", { name: "Apply edit" }).click();

    // No size asked for: the edit keeps its input's size.
    const edited = panel.getByRole("region", { name: "Edited image" }).getByRole("img");
    expect(await naturalSize(edited)).toEqual({ width: 1376, height: 768 });
    expect(server().gateway.calls.map((call) => call.operation)).toEqual([
      "generateImages",
      "editImages",
    ]);
    expect(JSON.stringify(server().gateway.calls[1]?.body)).toContain("data:image/png;base64,");
    await gallery.getByRole("img").nth(1).waitFor();
    expect(await gallery.getByRole("img").count()).toBe(2);
  });

  it("edits an uploaded file", async () => {
    const photo = await renderPromptImage({
      prompt: "a photo",
      model: "camera",
      index: 0,
      width: 640,
      height: 480,
    });
    await page.getByRole("tab", { name: "Edit" }).click();
    const panel = tabPanel("Edit");
    await panel.getByLabel("Image to edit").setInputFiles({
      name: "photo.png",
      mimeType: "image/png",
      buffer: Buffer.from(photo),
    });
    await panel.getByLabel("Edit prompt", { exact: true }).fill("Turn it into a watercolor");
    await panel.getByRole("button", { name: "Apply edit" }).click();

    const edited = panel.getByRole("region", { name: "Edited image" }).getByRole("img");
    // The edit keeps the photo's 4:3 shape at the model's 1K default tier (Google's 1200x896)
    expect(await naturalSize(edited)).toEqual({ width: 1200, height: 896 });
    expect(apiRequests).toEqual(["POST /api/pictor/images/edits"]);
  });

  it("refines an image over two chat turns", async () => {
    await page.getByRole("tab", { name: "Refine in chat" }).click();
    const panel = tabPanel("Refine in chat");
    const images = panel.getByRole("list", { name: "Conversation" }).getByRole("img");
    const drawing = panel.getByText("Pictor is drawing…");

    await panel.getByLabel("Message", { exact: true }).fill("A lighthouse at dusk");
    await panel.getByRole("button", { name: "Send" }).click();
    expect(await naturalSize(images.first())).toEqual({ width: 1024, height: 1024 });
    await drawing.waitFor({ state: "hidden" });

    await panel.getByLabel("Message", { exact: true }).fill("Make it night");
    await panel.getByRole("button", { name: "Send" }).click();
    expect(await naturalSize(images.nth(1))).toEqual({ width: 1024, height: 1024 });
    await drawing.waitFor({ state: "hidden" });

    expect(apiRequests).toEqual(["POST /api/chat", "POST /api/chat"]);
    const calls = server().gateway.calls;
    expect(calls.map((call) => call.operation)).toEqual([
      "createChatCompletion",
      "createChatCompletion",
    ]);
    // The second turn sent the first image back, so the model edited it.
    expect(JSON.stringify(calls[0]?.body)).not.toContain("data:image/");
    expect(JSON.stringify(calls[1]?.body)).toContain("data:image/png;base64,");
  });

  it("shows a forced 500 in the chat instead of retrying it", async () => {
    await enqueueFault({ type: "server_error", status: 500, operation: "createChatCompletion" });
    await page.getByRole("tab", { name: "Refine in chat" }).click();
    const panel = tabPanel("Refine in chat");
    await panel.getByLabel("Message", { exact: true }).fill("A lighthouse in a storm");
    await panel.getByRole("button", { name: "Send" }).click();

    const alert = panel.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("The chat request failed.");
    expect(await panel.getByRole("list", { name: "Conversation" }).getByRole("img").count()).toBe(
      0,
    );
    // One call: the route did not retry behind the user's back.
    expect(server().gateway.calls.map((call) => call.status)).toEqual([500]);
  });
});
