// Compares two V8 heap snapshots (v8.writeHeapSnapshot) by object kind: which kinds of
// objects were added between them, how many and how many bytes. Used by the memory section
// to name what a growing heap holds.
import { readFileSync } from "node:fs";

/** @returns {Map<string, { count: number, bytes: number }>} per "type:name" */
export function snapshotSummary(file) {
  const s = JSON.parse(readFileSync(file, "utf8"));
  const fields = s.snapshot.meta.node_fields;
  const n = fields.length;
  const types = s.snapshot.meta.node_types[0];
  const ti = fields.indexOf("type");
  const ni = fields.indexOf("name");
  const si = fields.indexOf("self_size");
  const out = new Map();
  for (let i = 0; i < s.nodes.length; i += n) {
    const key = `${types[s.nodes[i + ti]]}:${s.strings[s.nodes[i + ni]].slice(0, 50)}`;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += s.nodes[i + si];
    out.set(key, e);
  }
  return out;
}

/** The object kinds that grew most (by bytes) from snapshot `a` to snapshot `b`. */
export function snapshotGrowth(a, b, top = 8) {
  const before = snapshotSummary(a);
  const after = snapshotSummary(b);
  const rows = [];
  for (const [kind, { count, bytes }] of after) {
    const was = before.get(kind) ?? { count: 0, bytes: 0 };
    rows.push({ kind, count: count - was.count, bytes: bytes - was.bytes });
  }
  return rows.sort((x, y) => y.bytes - x.bytes).slice(0, top);
}
