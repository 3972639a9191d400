// The runtime-neutral fourws/proxy cases (cases.mjs), in Node.
import { test } from "node:test";
import { createProxy } from "../../pkg/proxy-node.js";
import { Client, FourWsError } from "../../pkg/node.js";
import { cases } from "./cases.mjs";

for (const { name, fn } of cases({ createProxy, Client, FourWsError })) test(name, fn);
