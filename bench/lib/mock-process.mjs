// Runs the mock 4WS server (mock/server.mjs) in its own process, so that generating pages
// does not share the event loop (or the core) with the client being measured.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../../mock/server.mjs", import.meta.url));

/** The mock's credentials (mock/README.md). */
export const MOCK_CREDENTIALS = { username: "fourws-demo", password: "mock-password", companyId: "MOCK", siteId: "1" };

/**
 * Starts the mock on a free port.
 * @param {{ latencyMs?: number }} [options]
 * @returns {Promise<{ url: string, pid: number, close: () => Promise<void>, requests: () => Promise<any[]>, reset: () => Promise<void> }>}
 */
export function startMockProcess({ latencyMs = 0 } = {}) {
  const child = spawn(process.execPath, [SERVER, "--port", "0", "--latency", String(latencyMs)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buf = "";
    const onData = (chunk) => {
      buf += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (!m) return;
      child.stdout.off("data", onData);
      child.stdout.resume();
      const url = m[1];
      resolve({
        url,
        pid: child.pid,
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
        requests: async () => (await fetch(`${url}/__mock/requests`)).json(),
        reset: async () => {
          await (await fetch(`${url}/__mock/reset`, { method: "POST" })).arrayBuffer();
        },
      });
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`mock server exited early (code ${code})`)));
  });
}
