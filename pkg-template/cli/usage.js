// Errors of the command line itself, shell quoting and the password mask of stderr.

/** Bad usage: exits 2 with its message. */
export class UsageError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * One argument as a POSIX shell reads it back unchanged.
 * @param {string} arg
 */
export function shellQuote(arg) {
  if (arg !== "" && /^[A-Za-z0-9_\-./=:@,+%]+$/.test(arg)) return arg;
  return "'" + arg.replaceAll("'", `'\\''`) + "'";
}

/**
 * Masks every occurrence of the password (defence in depth: the library already masks it
 * in its errors) in text bound for stderr. Passwords shorter than 3 characters are not
 * masked, as that would garble every message without protecting anything.
 * @param {string} text
 * @param {string | null} password
 */
export function redact(text, password) {
  if (!password || password.length < 3) return text;
  return text.split(password).join("***");
}
