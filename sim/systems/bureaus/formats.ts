/** `2024-03-07` → `03072024`: the date form Experian's and Equifax's legacy fixed-width fields kept. */
export function toMmddyyyy(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${month}${day}${year}`;
}

/** `03072024` → `2024-03-07`. */
export function fromMmddyyyy(value: string): string {
  return `${value.slice(4, 8)}-${value.slice(0, 2)}-${value.slice(2, 4)}`;
}

/** Amounts and scores as zero-padded digit strings, as fixed-width bureau segments carry them. */
export function zeroPadded(value: number, width: number): string {
  return String(Math.round(value)).padStart(width, '0');
}
