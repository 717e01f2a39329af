// A CSV cell that starts like a formula (=, +, -, @, a tab or a carriage return) is run by Excel or WPS
// when the file is opened — a contact named =HYPERLINK(…) becomes a link. Export prefixes such a cell
// with an apostrophe, as spreadsheets do for text; import takes that apostrophe off again, so a
// round trip gives back what was written.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
