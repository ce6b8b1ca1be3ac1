/** CSV as spreadsheets and banks expect it: RFC 4180 quoting, CRLF, and a BOM so Excel reads UTF-8. */
export const BOM = '\uFEFF';

/** A cell that Excel would run as a formula is defused with a leading apostrophe. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A cell of digits that Excel must keep as text (16–19 digit account numbers would otherwise show
 * as 6.22E+18 and lose their last digits): written as the formula ="…", which Excel and LibreOffice
 * show as the digits themselves. Only plain digits take this form, so nothing else can become a formula.
 */
export interface TextCell {
  text: string;
}
export const asText = (digits: string): TextCell | string => (/^\d+$/.test(digits) ? { text: digits } : digits);

const cellOf = (value: string | number | TextCell): string => (typeof value === 'object' ? `"=""${value.text}"""` : csvCell(value));

export const csvRow = (cells: (string | number | TextCell)[]): string => `${cells.map(cellOf).join(',')}\r\n`;

/** A cell as Excel saved it back: ="6222…" (text kept by the formula) is read as its digits. */
export const unwrapTextCell = (cell: string): string => /^="(\d+)"$/.exec(cell)?.[1] ?? cell;

/** Splits one CSV line into fields (quoted fields may hold commas and doubled quotes). */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
