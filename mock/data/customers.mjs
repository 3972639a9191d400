// getCustomersExport_v3 elements: element 0 is the docs' example, the rest are generated.
import { clone, docs } from "./docs-examples.mjs";
import { randFor } from "./rand.mjs";
import { asciiSlug, date, dateTime, DAY, ean13, pad } from "./format.mjs";
import { COMPANIES, FIRST_NAMES_F, FIRST_NAMES_M, PLACES, SHOPS, STREETS, SURNAMES } from "./names.mjs";

/** Default number of customers in the export. */
export const CUSTOMERS_TOTAL = 137;

const DOCS_CUSTOMER = docs.customers.valueObjectList[0];
const CARD_BASE = 800000400000; // 12-digit EAN body of generated cards, + index

const PRIVACY_TYPES = [
  ["TRATTA_DATI", "Consenso al trattamento dei dati"],
  ["MARKETING", "Consenso a ricevere comunicazioni marketing"],
  ["PROFILAZIONE", "Consenso alla profilazione"],
];

/**
 * The loyalty card of customer `index` (13 digits, unique per customer).
 * @param {number} index
 * @returns {string}
 */
export function customerCardBarcode(index) {
  if (index === 0) return DOCS_CUSTOMER.subject.cardBarcode;
  return ean13(String(CARD_BASE + index));
}

/**
 * The customer index a card belongs to, or -1 for a card no customer holds.
 * @param {string} card
 * @returns {number}
 */
export function customerIndexOfCard(card) {
  if (card === DOCS_CUSTOMER.subject.cardBarcode) return 0;
  if (!/^\d{13}$/.test(card)) return -1;
  const index = Number(card.slice(0, 12)) - CARD_BASE;
  return index >= 1 && ean13(card.slice(0, 12)) === card ? index : -1;
}

/**
 * Customer `index` as the export sends it: `{ subject, privacy }`.
 * @param {number} index
 * @returns {object}
 */
export function customer(index) {
  if (index === 0) return clone(DOCS_CUSTOMER);
  const r = randFor("customer", index);
  const female = r.chance(0.5);
  const shout = r.chance(0.35); // some shops type names in capitals, as in the docs' example
  const name = r.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M);
  const surname = r.pick(SURNAMES);
  const isCompany = r.chance(0.12);
  const [city, zipCode, province, country, municipality] = r.pick(PLACES);
  const bornMs = r.chance(0.04)
    ? Date.UTC(1988, 1, 29) // a leap day, valid
    : Date.UTC(r.int(1940, 2006), r.int(0, 11), r.int(1, 28));
  const birthday = r.chance(0.12) ? null : `${date(bornMs)} 00:00:00`;
  const createMs = Date.UTC(2015, 0, 1) + r.int(0, 3400) * DAY + r.int(0, 86399) * 1000;
  const createDate = r.chance(0.08) ? null : dateTime(createMs);
  const lastUpdate = createDate && r.chance(0.6) ? dateTime(createMs + r.int(1, 900) * DAY + r.int(0, 86399) * 1000) : null;
  const points = r.chance(0.2) ? 0 : r.int(1, 2500);
  const [entityCode, entityDescription] = r.pick(SHOPS);
  const up = (s) => (shout ? s.toUpperCase() : s);

  const subject = {
    subjectCode: String(100020 + index),
    subjectName: up(name),
    subjectSurname: up(surname),
    subjectCompanyName: isCompany ? r.pick(COMPANIES) : r.chance(0.1) ? "" : null,
    address1: up(`${r.pick(STREETS[country] ?? STREETS.IT)}, ${r.int(1, 220)}`),
    address2: r.chance(0.7) ? null : r.pick(["Scala B, interno 4", "", "c/o Studio Müller", "Piano 2°", "Cortile €uro"]),
    zipCode,
    municipality,
    city,
    state: country === "US" || (country === "IT" && r.chance(0.5)) ? province : null,
    country,
    language: country === "IT" ? "IT" : ["DE", "AT", "CH"].includes(country) ? "DE" : "EN",
    currency: r.chance(0.6) ? null : country === "CH" ? "CHF" : country === "US" ? "USD" : "EUR",
    sex: r.chance(0.1) ? null : female ? "F" : "M",
    birthday,
    fiscalCode: country !== "IT" ? null : r.chance(0.08) ? "" : fiscalCode(r, name, surname, bornMs, female),
    companyVatCode: isCompany ? `${country}${r.digits(11)}` : r.chance(0.15) ? "" : null,
    idCard: r.chance(0.2) ? `CA${r.digits(5)}${r.pick(["AB", "CD", "XZ"])}` : null,
    passport: r.chance(0.08) ? `YA${r.digits(7)}` : null,
    createDate,
    lastUpdate,
    cardBarcode: customerCardBarcode(index),
    earnedPoints: r.chance(0.08) ? String(points) : points, // a few sent as numeric strings
    entityCode,
    entityDescription,
    email: r.chance(0.1) ? null : r.chance(0.05) ? "" : `${asciiSlug(name)}.${asciiSlug(surname)}${index}@example.it`,
    phone: r.chance(0.15) ? null : r.chance(0.3) ? `+39 3${r.digits(9)}` : `0${r.digits(9)}`,
  };
  const privacy = PRIVACY_TYPES.map(([privacyType, privacyTypeDescription], k) => {
    const consent = r.chance(k === 0 ? 0.95 : 0.5);
    return {
      privacyType,
      privacyTypeDescription,
      privacyConsent: consent ? "T" : "F",
      consentDate: consent && createDate && r.chance(0.7) ? createDate : null,
      recessDate: !consent && r.chance(0.2) ? dateTime(createMs + r.int(30, 600) * DAY) : null,
    };
  });
  return { subject, privacy };
}

/** A plausible (not checksummed) Italian fiscal code. */
function fiscalCode(r, name, surname, bornMs, female) {
  const letters = (s) => (asciiSlug(s).replace(/[^a-z]/g, "").toUpperCase() + "XXX").slice(0, 3);
  const d = new Date(bornMs);
  const month = "ABCDEHLMPRST"[d.getUTCMonth()];
  const day = d.getUTCDate() + (female ? 40 : 0);
  return `${letters(surname)}${letters(name)}${pad(d.getUTCFullYear() % 100, 2)}${month}${pad(day, 2)}${r.pick(["H501", "F205", "C745", "D704"])}${String.fromCharCode(65 + r.int(0, 25))}`;
}
