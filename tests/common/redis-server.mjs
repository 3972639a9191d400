// A real redis-server for the tests that share limits (the Debian package scripts/setup.sh
// installs): started on a free port, without persistence, and waited for.
import net from "node:net";
import { spawn } from "node:child_process";

export const REDIS_SERVER = "/usr/bin/redis-server";

/** A TCP port nothing listens on now. */
export async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * Starts redis-server on `port` (a free one when omitted) and resolves once it accepts
 * connections; rejects, naming the setup script, when it does not start.
 * @returns {Promise<{ port: number, child: import("node:child_process").ChildProcess }>}
 */
export async function startRedis(port) {
  port ??= await freePort();
  const child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  child.on("error", () => {});
  for (let tries = 0; ; tries++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(s.end() && true));
      s.on("error", () => resolve(false));
    });
    if (up) return { port, child };
    if (tries > 100 || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`${REDIS_SERVER} did not start (is it installed? scripts/setup.sh)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
