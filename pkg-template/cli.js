#!/usr/bin/env -S node --
// The `fourws` command (package.json "bin"). See `fourws --help`.
// `node --` keeps Node from reading the command's own `--env-file FILE` as its option
// (Node 20 does, and exits 9 with its own message when FILE is missing).
import { main } from "./cli/main.js";

const code = await main(process.argv.slice(2));
// Exit now: a write to a stdout nobody reads any more may still wait in the thread pool.
process.exit(code);
