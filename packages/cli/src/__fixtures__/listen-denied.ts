/**
 * Preloaded into a CLI child process (`nodeArgs: listenDenied`): every server's listen fails with
 * EACCES, as a port below 1024 does for a user without privileges (or a port Windows reserves),
 * whichever user runs the tests (root may listen anywhere).
 */
import { Server } from "node:net";

Object.assign(Server.prototype, {
  listen(this: Server) {
    const error = Object.assign(new Error("listen EACCES: permission denied"), {
      code: "EACCES",
      syscall: "listen",
    });
    process.nextTick(() => this.emit("error", error));
    return this;
  },
});
