#!/usr/bin/env node
// The `fourws` command (package.json "bin"). See `fourws --help`.
import { main } from "./cli/main.js";

const code = await main(process.argv.slice(2));
process.exitCode = code;
if (code === 130) process.exit(code);
