import { describe, expect, it } from 'vitest';
import { redact } from '../../../functions/shared/http.ts';

describe('what reaches the logs', () => {
  it('keeps no resident ID or bank card number, whatever surrounds it', () => {
    const text = redact('ConditionalCheckFailed for child 42010620080315123X, account 6222021234567890123; id=110105199001011234.');
    expect(text).not.toMatch(/\d{12,}/);
    expect(text).not.toContain('42010620080315123X');
    expect(text).toContain('42…(18)');
    expect(text).toContain('62…(19)');
  });

  it('leaves ordinary figures alone', () => {
    expect(redact('level 2 of APP-20261125-0B63D382C7 after 604800 s, ¥5,000.00')).toBe('level 2 of APP-20261125-0B63D382C7 after 604800 s, ¥5,000.00');
  });
});
