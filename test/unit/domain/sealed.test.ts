import { describe, expect, it } from 'vitest';
import { maskBankAccount, maskIdNumber } from '../../../functions/domain/id-number.ts';
import { luhnValid } from '../../../functions/domain/finance/payment-rules.ts';
import { isSealed, markOf, parseSealed, sameNumber, sealedHeader } from '../../../functions/domain/sealed.ts';

/** A sealed value as the store writes it, with made-up key, IV and ciphertext (the domain never opens one). */
const sealed = (kind: 'id' | 'card', masked: string, fingerprint: string, check?: boolean) => `${sealedHeader(kind, check, masked, fingerprint)}.a2V5.aXY.Y2lwaGVy`;

describe('sealed resident-ID and bank-card numbers, as the domain reads them', () => {
  it('shows a sealed number by the masked form it carries, and a plain (legacy) one masked as before', () => {
    expect(maskIdNumber(sealed('id', '420106********123X', '1~abc'))).toBe('420106********123X');
    expect(maskBankAccount(sealed('card', '***************0123', '1~def', true))).toBe('***************0123');
    expect(maskBankAccount('6222021234567890123')).toBe('***************0123');
  });

  it('takes a card’s check digit from the sealed value, and from the digits of a plain one', () => {
    expect(luhnValid(sealed('card', '****0123', '1~x', true))).toBe(true);
    expect(luhnValid(sealed('card', '****0123', '1~x', false))).toBe(false);
    expect(luhnValid('4111111111111111')).toBe(true);
  });

  it('finds two sealed values the same number by fingerprint and kind, never a sealed one equal to a plain one', () => {
    expect(sameNumber(sealed('id', 'm', '1~same'), sealed('id', 'm', '1~same'))).toBe(true);
    expect(sameNumber(sealed('id', 'm', '1~same'), sealed('card', 'm', '1~same'))).toBe(false);
    expect(sameNumber(sealed('id', 'm', '1~one'), sealed('id', 'm', '1~two'))).toBe(false);
    expect(sameNumber('110105200001011234', '110105200001011234')).toBe(true);
    expect(sameNumber(sealed('id', 'm', '1~one'), '110105200001011234')).toBe(false);
  });

  it('lists a sealed number by its mark, the header alone, which masks, compares and checks as the number does and holds nothing encrypted', () => {
    const card = sealed('card', '***************0123', '1~card', true);
    const mark = markOf(card) as string;
    expect(mark).toBe(sealedHeader('card', true, '***************0123', '1~card'));
    expect(mark).not.toContain('Y2lwaGVy');
    expect(parseSealed(mark)).toMatchObject({ dataKey: '', iv: '', ciphertext: '' });
    expect(maskBankAccount(mark)).toBe('***************0123');
    expect(luhnValid(mark)).toBe(true);
    expect(sameNumber(mark, card)).toBe(true);
    expect(sameNumber(mark, sealed('card', '***************0123', '1~other', true))).toBe(false);
    // A number not sealed yet has no mark: a listing shows it masked instead.
    expect(markOf('6222021234567890123')).toBeUndefined();
  });

  it('recognises only well-formed sealed values', () => {
    expect(isSealed('110105200001011234')).toBe(false);
    expect(parseSealed('sealed.v1.id.-.m.fp.k.iv')).toBeUndefined();
    expect(parseSealed(sealed('id', 'm', '1~f'))?.kind).toBe('id');
  });
});
