// Command-line plumbing shared by the sections: `--quick`, and `--out FILE` where a section
// writes its JSON result for bench/run.mjs (stdout otherwise).
import { writeFileSync } from "node:fs";

/** @returns {{ quick: boolean, out: string | null }} */
export function args(argv = process.argv.slice(2)) {
  const i = argv.indexOf("--out");
  return { quick: argv.includes("--quick"), out: i >= 0 ? argv[i + 1] : null };
}

/** Writes a section's result where run.mjs expects it. */
export function emit(result) {
  const { out } = args();
  const text = JSON.stringify(result, null, 1);
  if (out) writeFileSync(out, text);
  else process.stdout.write(text + "\n");
}
