// Preloaded with `node --import` into a measured process: at exit, writes its peak RSS (bytes)
// and CPU time (user + system, ms) as JSON to the file named by FOURWS_BENCH_RSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.FOURWS_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ rss: u.maxRSS * 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
