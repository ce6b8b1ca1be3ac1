const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A resident ID number (GB 11643) with a correct check character, for test fixtures. */
export function residentId(region: string, birthDate: string, sequence: string): string {
  const body = `${region}${birthDate.replaceAll('-', '')}${sequence}`;
  if (!/^\d{17}$/.test(body)) throw new Error(`bad ID body ${body}`);
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (WEIGHTS[index] as number), 0);
  return body + CHECK[sum % 11];
}
