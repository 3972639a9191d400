// fourws/proxy: Prometheus metrics in the integrator's prom-client Registry (`metrics`).
// prom-client is an optional peer dependency: imported only when `metrics` is given.
// Labels hold only bounded values (a command the proxy knows, an HTTP status, a reason or
// error kind from fixed lists), never a caller's value.
import { FourWsError } from "../fourws.js";

/** Why a call was refused (the `reason` label). */
export const REASONS = [
  "not_allowed",
  "bad_request",
  "method",
  "too_large",
  "unauthorized",
  "rate_limited_caller",
  "rate_limited_upstream",
  "limiter_unavailable",
];

async function promClient() {
  try {
    return await import("prom-client");
  } catch {
    throw new FourWsError(
      "invalidArgument",
      "createProxy: the `metrics` option needs the prom-client package, which is not installed: npm install prom-client",
    );
  }
}

/** The four metrics, registered once per Registry (a second proxy on it shares them). */
export async function proxyMetrics(registry) {
  const prom = await promClient();
  const metric = (Type, config) => registry.getSingleMetric(config.name) ?? new Type({ ...config, registers: [registry] });
  const requests = metric(prom.Counter, {
    name: "fourws_proxy_requests_total",
    help: "Calls answered by the fourws proxy, by 4WS command and HTTP status answered.",
    labelNames: ["cmd", "status"],
  });
  const refused = metric(prom.Counter, {
    name: "fourws_proxy_refused_total",
    help: "Calls the fourws proxy refused without forwarding, by reason.",
    labelNames: ["reason"],
  });
  const duration = metric(prom.Histogram, {
    name: "fourws_proxy_upstream_duration_seconds",
    help: "Time the 4WS host took to answer a forwarded call, by command.",
    labelNames: ["cmd"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const errors = metric(prom.Counter, {
    name: "fourws_proxy_upstream_errors_total",
    help: "Forwarded calls that failed upstream, by kind (network, timeout, http: a non-2xx status).",
    labelNames: ["kind"],
  });
  return {
    request: (cmd, status) => requests.inc({ cmd, status: String(status) }),
    refused: (reason) => refused.inc({ reason }),
    upstream: (cmd, seconds) => duration.observe({ cmd }, seconds),
    upstreamError: (kind) => errors.inc({ kind }),
  };
}
