// getPricesExport_v3: the unit of paging is the price ROW. Rows are laid out list after list;
// row i belongs to one price list, so any page of rows can be rebuilt without storing anything.
import { clone, docs } from "./docs-examples.mjs";
import { randFor } from "./rand.mjs";
import { dateTime, DAY, money, pad } from "./format.mjs";
import { PRODUCTS, SHOPS } from "./names.mjs";

/** Default number of price rows: LISTINO1 37 + LISTINO2 5 + LISTINO3 30. */
export const PRICE_ROWS_TOTAL = 72;

const DOCS_LIST = docs.prices.valueObjectList[0];
const FIRST_SIZES = [37, 5, 30]; // LISTINO1 (docs' 20 rows + 17), LISTINO2, LISTINO3
const FIRST_ROWS = FIRST_SIZES.reduce((a, b) => a + b, 0);
const CYCLE = [12, 1, 20, 44, 7, 25]; // sizes of LISTINO4, 5, ... repeating, for larger totals
const CYCLE_ROWS = CYCLE.reduce((a, b) => a + b, 0);

/**
 * Where row `row` lives: the price list number `list` (0-based) and its position `pos` in it.
 * @param {number} row
 * @returns {{ list: number, pos: number }}
 */
export function locateRow(row) {
  if (row < FIRST_ROWS) {
    let list = 0;
    let first = 0;
    while (row >= first + FIRST_SIZES[list]) first += FIRST_SIZES[list++];
    return { list, pos: row - first };
  }
  const off = row - FIRST_ROWS;
  const cycle = Math.floor(off / CYCLE_ROWS);
  let rem = off - cycle * CYCLE_ROWS;
  let k = 0;
  while (rem >= CYCLE[k]) rem -= CYCLE[k++];
  return { list: FIRST_SIZES.length + cycle * CYCLE.length + k, pos: rem };
}

/**
 * Header of price list `list` (every field but `prices`), in the docs' field order.
 * @param {number} list
 * @returns {object}
 */
export function priceListHeader(list) {
  if (list === 0) {
    const { prices, ...header } = clone(DOCS_LIST);
    return header;
  }
  const r = randFor("price-list", list);
  const startMs = Date.UTC(2020, 0, 1) + r.int(0, 1500) * DAY;
  const special = [
    ["A", "Listino 2 – Outlet Città di Castello"],
    ["B", "Listino Saldi € (estate)"],
  ][list - 1];
  const [priceListType, priceListDescription] = special ?? [r.pick(["A", "B", "V"]), `Listino ${list + 1}`];
  const entities = SHOPS.filter((_, k) => (list + k) % 3 !== 0).map(([entityCode, entityDescription]) => ({ entityCode, entityDescription }));
  return {
    priceListType,
    priceList: `LISTINO${list + 1}`,
    priceListDescription,
    priceListStartDate: dateTime(startMs),
    priceListEndDate: r.chance(0.4) ? dateTime(startMs + r.int(90, 720) * DAY) : null,
    entityCodes: entities,
  };
}

/**
 * Price row `row` (`{ itemCode, startDate, price }`).
 * @param {number} row
 * @returns {object}
 */
export function priceRow(row) {
  const { list, pos } = locateRow(row);
  if (list === 0 && pos < DOCS_LIST.prices.length) return clone(DOCS_LIST.prices[pos]);
  const r = randFor("price-row", row);
  const [code, , base] = r.pick(PRODUCTS);
  const suffix = r.pick(["", "", " M", " L", " HO", " I"]);
  return {
    itemCode: `${code}${pad(list, 2)}${pad(pos, 3)}${suffix}`,
    startDate: dateTime(Date.UTC(2020, 5, 5) + r.int(0, 700) * DAY),
    price: r.chance(0.12) ? null : r.chance(0.3) ? Math.round(base) : money(base * (0.5 + r.next() * 0.7)),
  };
}

/**
 * Groups rows into price lists as one page sends them: a list whose rows span several pages
 * is sent once per page, header repeated, `prices` holding only this page's rows.
 * @param {number[]} rows row indexes of the page, ascending
 * @returns {object[]}
 */
export function priceListsForRows(rows) {
  const lists = [];
  let current = null;
  let currentList = -1;
  for (const row of rows) {
    const { list } = locateRow(row);
    if (list !== currentList) {
      const { entityCodes, ...head } = priceListHeader(list);
      current = { ...head, prices: [], entityCodes };
      currentList = list;
      lists.push(current);
    }
    current.prices.push(priceRow(row));
  }
  return lists;
}

/**
 * Number of price rows a page's price lists hold.
 * @param {object[]} lists
 * @returns {number}
 */
export function countRows(lists) {
  return lists.reduce((n, l) => n + l.prices.length, 0);
}
