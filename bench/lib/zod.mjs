// Baseline (c): `res.json()` + zod 4 schemas with the same transforms as fourws (dates to
// ISO 8601 with calendar validation, T/F and Y/N → booleans, "" → null, numeric strings →
// numbers, numeric codes → strings, mandatory fields, unknown fields kept via looseObject).
// Built from the same schema tables as the hand-written normaliser; the resulting zod
// objects are what one would write by hand, field by field.
import { z } from "zod";
import { ENDPOINTS, ENVELOPE_KEYS } from "./schemas.mjs";
import { flagOf, numberOf, stampOf } from "./normalise.mjs";

/** Runs one of the normaliser's scalar rules inside a zod transform, as a zod issue on failure. */
const via = (rule, required) => (v, ctx) => {
  try {
    return rule(v, "", required);
  } catch (e) {
    ctx.issues.push({ code: "custom", message: e.message, input: v });
    return z.NEVER;
  }
};

function scalar(kind, required) {
  switch (kind) {
    case "text":
      return required ? z.string() : z.string().transform((v) => (v === "" ? null : v));
    case "code":
      return z.union([
        required ? z.string() : z.string().transform((v) => (v === "" ? null : v)),
        z.number().transform((n) => String(n)),
      ]);
    case "number":
      return z.union([z.number(), z.string().transform(via(numberOf, required))]);
    case "stamp":
      return z.string().transform(via(stampOf, required));
    case "flag":
      return z.union([z.boolean(), z.string().transform(via(flagOf, required))]);
    case "any":
      return z.unknown();
  }
  throw new Error(`unknown kind ${kind}`);
}

/** The zod schema of a record type (memoised, so shared sub-records are built once). */
function build(schema, memo = new Map()) {
  if (memo.has(schema)) return memo.get(schema);
  const shape = {};
  for (const field of schema.fields) {
    const required = field.presence === "required";
    let s;
    if (field.kind === "object") s = build(field.schema, memo);
    else if (field.kind === "list") s = z.array(build(field.schema, memo));
    else s = scalar(field.kind, required);
    if (field.kind === "any") {
      // z.unknown() accepts anything, missing included.
    } else if (field.presence === "optional") s = s.nullable().optional();
    else if (field.presence === "mandatory") s = s.nullable();
    shape[field.name] = s;
  }
  const out = z.looseObject(shape);
  memo.set(schema, out);
  return out;
}

export const zodSchemas = {};
for (const [name, ep] of Object.entries(ENDPOINTS)) {
  zodSchemas[name] = z.looseObject({
    success: z.boolean().optional(),
    moreRows: z.boolean(),
    resultSetLength: z.number().int().nonnegative().nullable().optional(),
    valueObjectList: z.array(build(ep.record)),
    ...(ep.summary ? Object.fromEntries(Object.entries(build(ep.summary).shape)) : {}),
  });
}

/**
 * A parsed envelope → `{ items, moreRows, total, summary }` through zod (throws a ZodError,
 * whose issues carry the path, on the first page with an invalid record).
 */
export function zodEnvelope(env, endpoint) {
  const ep = ENDPOINTS[endpoint];
  if (env && env.success === false) throw new Error(`the server says: ${env.message}`);
  const out = zodSchemas[endpoint].parse(env);
  let summary = null;
  for (const key in out) {
    if (ENVELOPE_KEYS.has(key)) continue;
    summary ??= {};
    summary[key] = out[key];
  }
  return { items: out.valueObjectList, moreRows: out.moreRows, total: ep.keepit ? (out.resultSetLength ?? null) : null, summary };
}

/** Baseline (c): a fetch Response → validated, normalised page parts via zod 4. */
export async function decodeWithZod(res, endpoint) {
  return zodEnvelope(await res.json(), endpoint);
}
