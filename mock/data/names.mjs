// Pools of realistic values (Italian retail, with some non-ASCII and foreign names).

export const FIRST_NAMES_M = [
  "Luca", "Marco", "Nicolò", "Giuseppe", "Francesco", "Andrea", "Alessandro", "Matteo",
  "Lorenzo", "Niccolò", "Jürgen", "François", "Davide", "Stefano", "Raffaele", "Józef",
];
export const FIRST_NAMES_F = [
  "Giulia", "Chiara", "Francesca", "Sara", "Martina", "Ilaria", "Zoë", "Anna", "Beatrice",
  "Élodie", "Federica", "Agnès", "Lucia", "Benedetta", "Søren", "Maëlle",
];
export const SURNAMES = [
  "Rossi", "Bianchi", "Esposito", "Colombo", "Ricci", "Müller", "D'Angelo", "De Luca",
  "Bruno", "Gallo", "Conti", "Mancini", "Lombardi", "Fabbri", "Schröder", "Niccolai",
  "Lefèvre", "Dell'Acqua", "Greco", "Barbieri", "Fontana", "Santoro", "Marino", "Caruso",
];
export const COMPANIES = [
  "Gräfin Moda GmbH", "Città Bella S.r.l.", "Tutto a 1 € snc", "Bottega Nicolò & Figli",
  "Calzature Forlì S.p.A.", "Müller Textil AG", "Sartoria dell'Arte S.r.l.", "Caffè Cantù",
];
/** [city, zip, province or state, country, municipality] */
export const PLACES = [
  ["MILANO", "20121", "MI", "IT", null],
  ["ROMA", "00184", "RM", "IT", null],
  ["Città di Castello", "06012", "PG", "IT", "Città di Castello"],
  ["Forlì", "47121", "FC", "IT", "Forlì"],
  ["Cantù", "22063", "CO", "IT", "Cantù"],
  ["NAPOLI", "80133", "NA", "IT", null],
  ["SIGILLO", "06028", "PG", "IT", null],
  ["Torino", "10121", "TO", "IT", "Torino"],
  ["Sant'Agata de' Goti", "82019", "BN", "IT", ""],
  ["München", "80331", "BY", "DE", "München"],
  ["Zürich", "8001", "ZH", "CH", "Zürich"],
  ["Wien", "1010", "W", "AT", null],
  ["Paris", "75004", "", "FR", null],
  ["New York", "10001", "NY", "US", null],
];
/** Streets by country (IT is the default). */
export const STREETS = {
  IT: [
    "Via Roma", "Corso Vittorio Emanuele II", "Piazza della Libertà", "Via Garibaldi",
    "Viale Città d'Europa", "Via dei Mille", "Via Nicolò Tommaseo", "Largo Schweitzer", "Piazza Martiri",
  ],
  DE: ["Königstraße", "Maximilianstraße"],
  CH: ["Bahnhofstrasse", "Löwenstrasse"],
  AT: ["Kärntner Straße", "Mariahilfer Straße"],
  FR: ["Rue de Rivoli", "Boulevard Saint-Germain"],
  US: ["Fifth Avenue", "Broadway"],
};
export const SHOPS = [
  ["1", "Negozio 1"], ["2", "Negozio 2"], ["3", "Negozio 3"], ["9", "Negozio 9"],
  ["10", "Negozio 10"], ["11", "Lunerti srl"], ["15", "Curcio srl"], ["33", "Fratelli Ferri spa"],
  ["110", "Negozio 110"], ["1150", "1150 Negozio"], ["210", "Forlì Centro"], ["999", "Eredi Ciarlariello"],
];
export const SELLERS = [
  ["111", "Michele Bozzo"], ["1001", "Marco Bianchi"], ["1002", "Giulia Fabbri"],
  ["1003", "Nicolò Ricci"], ["1004", "Jürgen Schröder"], ["1005", "Élodie Lefèvre"],
];
/** [itemCode prefix, description, list price] */
export const PRODUCTS = [
  ["A68173E", "PORTAFOGLIO LIU", 65],
  ["028P19BK", "SANDALO DONNA", 109],
  ["BF19P0003", "CAMICIA COTONE TWILL COLLO WINDSOR SLIM", 59.9],
  ["MG21C", "MAGLIONE CACHEMIRE – GIROCOLLO", 189],
  ["SC20L", "SCIARPA LANA MÉLANGE", 39.5],
  ["BR22N", "BORSA PELLE NERA “CITTÀ”", 249],
  ["CT19U", "CINTURA CUOIO UOMO", 45],
  ["PN23D", "PANTALONE CHINO SLIM", 79.99],
  ["GC18F", "GIACCA SFODERATA ÉLITE", 329],
  ["CZ24S", "CALZINI COTONE (3 PAIA)", 12.5],
];
export const SIZES = [["44", "44"], ["46", "46"], ["48", "48"], ["50", "50"], ["S", "S"], ["M", "M"], ["L", "L"]];
export const COLOURS = [["BIBL", "Bianco/Blu"], ["NERO", "Nero"], ["BLU", "Blu notte"], ["BEIG", "Beige"], ["ROSS", "Rosso"]];
