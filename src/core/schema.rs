//! Record schemas: for every record type, its fields, how each is normalised, and whether
//! the docs make it mandatory. One table drives both the decoder (`crate::core::decode`)
//! and the TypeScript declarations shipped in the package ([`typescript`]), so the types
//! cannot drift from what the decoder emits.

/// How a field's value is checked and normalised.
#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    /// A string; `""` becomes `null` unless the field is required.
    Text,
    /// An identifier sent as a string or a number; emitted as a string, `""` → `null`.
    Code,
    /// A number, or a numeric string (emitted as a number); `""` → `null`.
    Number,
    /// `yyyy-MM-dd HH:mm:ss` (GMT) → `yyyy-MM-ddTHH:mm:ssZ`; `yyyy-MM-dd` kept; `""` → `null`.
    Timestamp,
    /// `T`/`F` or `Y`/`N` → boolean; `""` → `null`.
    Flag,
    /// A nested record.
    Object(&'static Schema),
    /// An array of nested records.
    List(&'static Schema),
    /// Any JSON value, kept as it came.
    Any,
}

/// Whether a field must be there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// May be missing or `null`.
    Optional,
    /// Must be present (the docs mark it mandatory) but may be `null`, as the docs'
    /// own examples send it (e.g. `priceListEndDate: null`).
    Mandatory,
    /// Must be present and not `null`.
    Required,
}

/// One field of a record.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The JSON name, as the API sends it.
    pub name: &'static str,
    /// How the value is checked and normalised.
    pub kind: FieldKind,
    /// Whether it must be there.
    pub presence: Presence,
    /// What it means (from the docs), for the TypeScript declarations (empty in wasm, see
    /// [`doc`]).
    pub doc: &'static str,
}

impl Field {
    /// The same field, mandatory (present, possibly `null`).
    pub const fn mandatory(mut self) -> Self {
        self.presence = Presence::Mandatory;
        self
    }

    /// The same field, required (present and not `null`).
    pub const fn required(mut self) -> Self {
        self.presence = Presence::Required;
        self
    }
}

const fn field(name: &'static str, kind: FieldKind, doc: &'static str) -> Field {
    Field {
        name,
        kind,
        presence: Presence::Optional,
        doc: self::doc(doc),
    }
}

/// A record's or field's doc text, for `records.d.ts`, which is generated natively: the
/// wasm does not carry them (about 13 KB of its data, issue 17), so it is empty there.
pub const fn doc(text: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        text
    }
}

/// A text field.
pub const fn text(name: &'static str, doc: &'static str) -> Field {
    field(name, FieldKind::Text, doc)
}
/// A code field (string or number on the wire, string out).
pub const fn code(name: &'static str, doc: &'static str) -> Field {
    field(name, FieldKind::Code, doc)
}
/// A numeric field.
pub const fn number(name: &'static str, doc: &'static str) -> Field {
    field(name, FieldKind::Number, doc)
}
/// A date or date-time field.
pub const fn stamp(name: &'static str, doc: &'static str) -> Field {
    field(name, FieldKind::Timestamp, doc)
}
/// A `T`/`F` or `Y`/`N` flag.
pub const fn flag(name: &'static str, doc: &'static str) -> Field {
    field(name, FieldKind::Flag, doc)
}
/// A nested record.
pub const fn object(name: &'static str, schema: &'static Schema, doc: &'static str) -> Field {
    field(name, FieldKind::Object(schema), doc)
}
/// An array of nested records.
pub const fn list(name: &'static str, schema: &'static Schema, doc: &'static str) -> Field {
    field(name, FieldKind::List(schema), doc)
}
/// A field kept exactly as it came.
pub const fn any(name: &'static str, doc: &'static str) -> Field {
    field(name, FieldKind::Any, doc)
}

/// A record type.
#[derive(Debug)]
pub struct Schema {
    /// The TypeScript interface name.
    pub name: &'static str,
    /// What the record is (empty in wasm, see [`doc`]).
    pub doc: &'static str,
    /// Its documented fields, in the order the server usually sends them.
    pub fields: &'static [Field],
}

impl Schema {
    /// The index of the field named `key`, looking first at `hint` (the field after the
    /// previous one matched, since servers send fields in a stable order).
    pub fn find(&self, key: &[u8], hint: usize) -> Option<usize> {
        if let Some(f) = self.fields.get(hint) {
            if f.name.as_bytes() == key {
                return Some(hint);
            }
        }
        self.fields.iter().position(|f| f.name.as_bytes() == key)
    }
}

/// The typed way to reach fields the docs do not list (emitted once, before the records).
///
/// The record interfaces have no index signature, so that a misspelt field is a compile
/// error under plain `--strict`; the fields the decoder keeps but the docs do not list are
/// reached explicitly, through `(record as Unlisted<Customer>).newField` (typed `unknown`).
const UNLISTED: &str = "\
/**
 * A record with the fields the docs do not list (which fourws keeps, as the server sent
 * them) reachable, typed `unknown`: `(customer as Unlisted<Customer>).someNewField`.
 * The record types themselves have no index signature, so a misspelt field
 * (`customer.subject.brithday`) is a compile error.
 */
export type Unlisted<T> = T & { readonly [field: string]: unknown };

";

/// TypeScript declarations for `roots` and every record type they contain.
pub fn typescript(roots: &[&'static Schema]) -> String {
    let mut seen: Vec<&'static str> = Vec::new();
    let mut out = String::from(UNLISTED);
    for root in roots {
        emit(root, &mut seen, &mut out);
    }
    out
}

fn emit(schema: &'static Schema, seen: &mut Vec<&'static str>, out: &mut String) {
    if seen.contains(&schema.name) {
        return;
    }
    seen.push(schema.name);
    out.push_str(&format!(
        "/**\n * {}\n * Fields the docs do not list are kept: `Unlisted<{}>` reaches them.\n */\n\
         export interface {} {{\n",
        schema.doc, schema.name, schema.name
    ));
    for f in schema.fields {
        let base = match f.kind {
            FieldKind::Text | FieldKind::Code | FieldKind::Timestamp => "string".to_owned(),
            FieldKind::Number => "number".to_owned(),
            FieldKind::Flag => "boolean".to_owned(),
            FieldKind::Object(s) => s.name.to_owned(),
            FieldKind::List(s) => format!("{}[]", s.name),
            FieldKind::Any => "unknown".to_owned(),
        };
        let (optional, ty) = match (f.presence, f.kind) {
            (_, FieldKind::Any) => (f.presence == Presence::Optional, base),
            (Presence::Optional, _) => (true, format!("{base} | null")),
            (Presence::Mandatory, _) => (false, format!("{base} | null")),
            (Presence::Required, _) => (false, base),
        };
        if !f.doc.is_empty() {
            out.push_str(&format!("  /** {} */\n", f.doc));
        }
        out.push_str(&format!(
            "  {}{}: {};\n",
            f.name,
            if optional { "?" } else { "" },
            ty
        ));
    }
    out.push_str("}\n\n");
    for f in schema.fields {
        if let FieldKind::Object(s) | FieldKind::List(s) = f.kind {
            emit(s, seen, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static INNER: Schema = Schema {
        name: "Inner",
        doc: "An inner record.",
        fields: &[flag("ok", "A flag.")],
    };
    static OUTER: Schema = Schema {
        name: "Outer",
        doc: "An outer record.",
        fields: &[
            code("id", "Identifier.").required(),
            number("amount", "").mandatory(),
            object("inner", &INNER, "Nested."),
            list("rows", &INNER, "Rows."),
            any("extra", "Anything."),
        ],
    };

    #[test]
    fn typescript_reflects_kind_and_presence() {
        let ts = typescript(&[&OUTER, &INNER]);
        assert!(ts.contains("export interface Outer {"));
        assert!(ts.contains("  id: string;\n"));
        assert!(ts.contains("  amount: number | null;\n"));
        assert!(ts.contains("  inner?: Inner | null;\n"));
        assert!(ts.contains("  rows?: Inner[] | null;\n"));
        assert!(ts.contains("  extra?: unknown;\n"));
        assert_eq!(ts.matches("export interface Inner {").count(), 1);
        assert!(ts.contains("  ok?: boolean | null;\n"));
    }

    #[test]
    fn typescript_has_no_index_signature_but_a_typed_escape_hatch() {
        let ts = typescript(&[&OUTER, &INNER]);
        // a misspelt field must not compile: no `[field: string]` inside a record interface
        assert_eq!(ts.matches("[field: string]").count(), 1);
        assert!(ts.starts_with(UNLISTED));
        assert!(ts.contains("export type Unlisted<T> = T & { readonly [field: string]: unknown };"));
        assert!(ts.contains("`Unlisted<Outer>` reaches them."));
    }

    #[test]
    fn find_uses_the_hint_then_scans() {
        assert_eq!(OUTER.find(b"amount", 1), Some(1));
        assert_eq!(OUTER.find(b"rows", 0), Some(3));
        assert_eq!(OUTER.find(b"nope", 0), None);
        assert_eq!(OUTER.find(b"id", 99), Some(0));
    }
}
