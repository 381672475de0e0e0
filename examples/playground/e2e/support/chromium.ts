import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/**
 * Debian's Chromium, run as root on a closed network (see shared/toolchain.md): without the
 * background-networking flags it floods the network with refused connections.
 */
const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`; undefined when neither exists. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"];
  return candidates.find(
    (path): path is string => path !== undefined && path !== "" && existsSync(path),
  );
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** Closes the browser and deletes its profile folder. */
  close(): Promise<void>;
}

/** A headless Chromium with a throw-away profile (a folder for `launchPersistentContext`, never `--user-data-dir`). */
export async function launchChromium(executablePath: string): Promise<LaunchedChromium> {
  const profileDir = await mkdtemp(join(tmpdir(), "pictor-playground-profile-"));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      headless: true,
      args: chromiumFlags,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
}
