//! Customers export (`getCustomersExport_v3`): a `subject` and its `privacy` consents.

use crate::core::schema::*;

/// A customer as the customers export sends it.
pub static CUSTOMER: Schema = Schema {
    name: "Customer",
    doc: doc("A customer of the customers export (`getCustomersExport_v3`)."),
    fields: &[
        object("subject", &SUBJECT, "The customer's master data.").required(),
        list("privacy", &PRIVACY, "The customer's privacy consents."),
    ],
};

/// The `subject` section.
pub static SUBJECT: Schema = Schema {
    name: "CustomerSubject",
    doc: doc("Subject section of a customer."),
    fields: &[
        code("subjectCode", "Code of the customer."),
        text("subjectName", "Name of the customer."),
        text("subjectSurname", "Surname of the customer."),
        text(
            "subjectCompanyName",
            "Company name related to the customer.",
        ),
        text("address1", "Address of the customer."),
        text("address2", "Address of the customer."),
        code("zipCode", "Zip code of the address."),
        text("municipality", "Municipality."),
        text("city", "City of the customer."),
        text("state", "State of the address (used for USA states)."),
        text("country", "Code of country of the address."),
        text("language", "Language of the customer."),
        text("currency", "Currency of the customer."),
        text(
            "sex",
            "Sex of the customer (a one-letter code, kept as sent).",
        ),
        stamp("birthday", "Date of birth (ISO 8601)."),
        code("fiscalCode", "Fiscal code."),
        code("companyVatCode", "Vat code of the company."),
        code("idCard", "Number of the identity card."),
        code("passport", "Number of the passport."),
        stamp("createDate", "Create date of the subject (ISO 8601, GMT)."),
        stamp("lastUpdate", "Update date of the subject (ISO 8601, GMT)."),
        code("cardBarcode", "Code of the card."),
        number("earnedPoints", "Points earned related to the card."),
        code("entityCode", "Code of store that issued the fidelity."),
        text("entityDescription", "Description of that store."),
        text("email", "Email address of the customer."),
        code("phone", "Phone number of the customer."),
    ],
};

/// One entry of the `privacy` section.
pub static PRIVACY: Schema = Schema {
    name: "CustomerPrivacy",
    doc: doc("A privacy consent of a customer."),
    fields: &[
        code("privacyType", "Code of privacy type."),
        text("privacyTypeDescription", "Description of privacy type."),
        flag(
            "privacyConsent",
            "Privacy concession for data treatment (T/F on the wire).",
        ),
        stamp(
            "consentDate",
            "Date of consent for data treatment (ISO 8601, GMT).",
        ),
        stamp(
            "recessDate",
            "Date of recess for data treatment (ISO 8601, GMT).",
        ),
    ],
};
