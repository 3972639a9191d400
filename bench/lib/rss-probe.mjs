// Preloaded with `node --import` into a measured process: at exit, writes its peak RSS
// (process.resourceUsage().maxRSS, KiB) to the file named by FOURWS_BENCH_RSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.FOURWS_BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
