/**
 * Preloaded into a CLI child process (`nodeArgs: terminalStderr`) so its stderr, a pipe to the
 * test, passes for a terminal: the spinner runs, and its escape sequences (cursor hidden and
 * shown) reach the test as they would reach a terminal.
 */
import { clearLine, cursorTo, moveCursor } from "node:readline";

Object.assign(process.stderr, {
  isTTY: true,
  columns: 80,
  cursorTo: (x: number, y?: number) => cursorTo(process.stderr, x, y),
  moveCursor: (dx: number, dy: number) => moveCursor(process.stderr, dx, dy),
  clearLine: (dir: -1 | 0 | 1) => clearLine(process.stderr, dir),
});
