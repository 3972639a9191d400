//! The record schemas of the five endpoints, one module per resource, from the field
//! tables and example responses of the 4WS Suite API docs (the examples are kept in
//! `tests/fixtures/docs/`, their decoded forms in `tests/golden/`). Where the tables and the
//! examples disagree, both spellings are listed, so whichever the server sends is
//! normalised and nothing is dropped (README, "Where the docs are ambiguous").

pub mod customer;
pub mod digital_order;
pub mod price;
pub mod sale;
pub mod voucher;

use super::schema::{typescript, Schema};

/// Every top-level record and summary schema, in the order the TypeScript file lists them.
pub const ROOTS: [&Schema; 6] = [
    &customer::CUSTOMER,
    &price::PRICE_LIST,
    &sale::SALE,
    &voucher::LOYALTY_VOUCHER,
    &voucher::LOYALTY_SUMMARY,
    &digital_order::DIGITAL_ORDER,
];

/// The TypeScript declarations of every record type (shipped as `records.d.ts`).
pub fn records_typescript() -> String {
    let mut out = String::from(
        "// Generated from src/core/records by `cargo test` (see tests in src/core/records/mod.rs).\n\
         // Do not edit by hand: change the schema and run `UPDATE_GOLDEN=1 cargo test`.\n\n",
    );
    out.push_str(&typescript(&ROOTS));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::schema::FieldKind;

    fn walk(s: &'static Schema, f: &mut dyn FnMut(&'static Schema)) {
        f(s);
        for field in s.fields {
            if let FieldKind::Object(inner) | FieldKind::List(inner) = field.kind {
                walk(inner, f);
            }
        }
    }

    #[test]
    fn schemas_fit_the_decoder_limits_and_have_no_duplicate_fields() {
        for root in ROOTS {
            walk(root, &mut |s| {
                assert!(s.fields.len() <= 128, "{} has too many fields", s.name);
                for (i, a) in s.fields.iter().enumerate() {
                    for b in &s.fields[i + 1..] {
                        assert_ne!(a.name, b.name, "{} lists {} twice", s.name, a.name);
                    }
                }
            });
        }
    }

    /// The package ships `pkg-template/records.d.ts`; it must be what the schemas say.
    #[test]
    fn shipped_typescript_matches_the_schemas() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/records.d.ts");
        let want = records_typescript();
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "pkg-template/records.d.ts is out of date: run `UPDATE_GOLDEN=1 cargo test`"
        );
    }
}
