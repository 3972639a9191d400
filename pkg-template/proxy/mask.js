// fourws/proxy: masking the password (every form the client's core masks, from
// `secretForms`) in what an upstream answer passes back to the page.

function indexOf(haystack, needle, from) {
  const first = needle[0];
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= haystack.length - needle.length; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Replaces every form of the secret in `bytes` by `***` (bytes untouched when absent). */
export function maskBytes(bytes, forms) {
  const encoder = new TextEncoder();
  const stars = encoder.encode("***");
  let out = bytes;
  for (const form of forms) {
    const needle = encoder.encode(form);
    let at = indexOf(out, needle, 0);
    if (at === -1) continue;
    const parts = [];
    let from = 0;
    while (at !== -1) {
      parts.push(out.subarray(from, at), stars);
      from = at + needle.length;
      at = indexOf(out, needle, from);
    }
    parts.push(out.subarray(from));
    const next = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let pos = 0;
    for (const p of parts) {
      next.set(p, pos);
      pos += p.byteLength;
    }
    out = next;
  }
  return out;
}

export function maskText(text, forms) {
  let out = text;
  for (const form of forms) out = out.split(form).join("***");
  return out;
}
