import { useState } from 'preact/hooks';
import { bankAccount } from '../../../../functions/domain/programs/common.ts';
import { ApiError } from '../../api.ts';
import { BankAccountStep, problemsOf, type BankDraft } from './form-kit.tsx';

/**
 * A card typed in outside a form (correcting a failed payment's account, confirming a proposal to
 * another card): checked as the worker types, the API's field errors shown at their fields, and
 * one request at a time.
 */
export function useBankAccountEntry(holder: string) {
  const [value, setValue] = useState<BankDraft>({ holder, bank: '', number: '' });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string>();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const parsed = bankAccount.safeParse(value);
  const problems = problemsOf(parsed, 'bankAccount');
  const form = { errorOf: (path: string) => serverErrors[path] || (touched.has(path) ? problems[path] : undefined) };

  return {
    value,
    error,
    busy,
    /** Shows every problem of the card; true when it may be sent. */
    checked(): boolean {
      setTouched(new Set(Object.keys(problems)));
      return parsed.success;
    },
    /** Sends with the API's errors kept for the card's fields. */
    async send(request: () => Promise<void>): Promise<void> {
      setBusy(true);
      setError(undefined);
      try {
        await request();
      } catch (caught) {
        if (!(caught instanceof ApiError)) throw caught;
        setError(caught.message);
        setServerErrors(caught.byPath('bankAccount.'));
      } finally {
        setBusy(false);
      }
    },
    fields: () => (
      <BankAccountStep
        form={form}
        value={value}
        onChange={(change, path) => {
          setValue((v) => ({ ...v, ...change }));
          setTouched((s) => new Set(s).add(path));
          setServerErrors((e) => ({ ...e, [path]: '' }));
        }}
      />
    ),
  };
}
