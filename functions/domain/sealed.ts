/**
 * A resident-ID or bank-card number as the table keeps it: encrypted (functions/store/sealed-fields.ts
 * seals and opens it), carrying in clear only what the platform shows or compares without the number
 * itself — its masked form, a keyed fingerprint (the same number gives the same one, as the claims'
 * keyed hash does) and, for a card, whether its check digit is right (the payment audit rule).
 *
 *   sealed.v1.<kind>.<check>.<masked>.<fingerprint>.<encrypted data key>.<iv>.<ciphertext+tag>
 *
 * A plain number is a value written before encryption (legacy): every function here takes either.
 */
export const SEALED_PREFIX = 'sealed.v1.';

export type SealedKind = 'id' | 'card';

export interface SealedParts {
  kind: SealedKind;
  /** A card's check digit (Luhn) passes; undefined for an ID number. */
  checkDigitValid: boolean | undefined;
  masked: string;
  fingerprint: string;
  /** The encrypted data key, the IV and the ciphertext with its tag (base64url); empty in a mark. */
  dataKey: string;
  iv: string;
  ciphertext: string;
  /** The part bound to the ciphertext as additional data: changing the masked form or fingerprint breaks it. */
  header: string;
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(SEALED_PREFIX);

/** A sealed number, or its mark (the header alone, see markOf: its encrypted parts are empty). */
export function parseSealed(value: string): SealedParts | undefined {
  if (!isSealed(value)) return undefined;
  const parts = value.slice(SEALED_PREFIX.length).split('.');
  if (parts.length !== 7 && parts.length !== 4) return undefined;
  const [kind, check, masked, fingerprint, dataKey = '', iv = '', ciphertext = ''] = parts as [string, string, string, string, string?, string?, string?];
  if (kind !== 'id' && kind !== 'card') return undefined;
  return { kind, checkDigitValid: check === '-' ? undefined : check === '1', masked, fingerprint, dataKey, iv, ciphertext, header: sealedHeader(kind, check === '-' ? undefined : check === '1', masked, fingerprint) };
}

export const sealedHeader = (kind: SealedKind, checkDigitValid: boolean | undefined, masked: string, fingerprint: string): string =>
  `${SEALED_PREFIX}${kind}.${checkDigitValid === undefined ? '-' : checkDigitValid ? '1' : '0'}.${masked}.${fingerprint}`;

/**
 * What a listing carries of a stored number (functions/store/listing.ts): the sealed value's header
 * alone — kind, check digit, masked form, fingerprint — which masks, compares and passes the check
 * digit rule as the number does, and holds nothing to open. A number not sealed yet (legacy, before
 * `npm run seal-existing`) has none, and a listing leaves it out.
 */
export const markOf = (value: string): string | undefined => parseSealed(value)?.header;

/** The masked form of a stored number (sealed or legacy plain), by the given mask for a plain one. */
export const maskedOf = (value: string, mask: (plain: string) => string): string => parseSealed(value)?.masked ?? mask(value);

/**
 * Whether two stored values are the same number without opening them: by fingerprint when both
 * are sealed, as they are when both are plain. (A sealed and a plain one never match: the one-off
 * migration, README "Sensitive data at rest", seals what was written before.)
 */
export function sameNumber(a: string, b: string): boolean {
  return numberIdentity(a) === numberIdentity(b);
}

/** What `sameNumber` compares: equal for two stored values exactly when they are the same number. */
export function numberIdentity(value: string): string {
  const sealed = parseSealed(value);
  return sealed ? `sealed ${sealed.kind} ${sealed.fingerprint}` : `plain ${value}`;
}
