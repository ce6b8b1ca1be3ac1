import { textMessage } from '../domain/worker-messages.ts';
import { getProfiles } from '../store/directory.ts';
import { listPendingTexts, recordTextOutcome } from '../store/messages.ts';
import { nowIso } from '../shared/clock.ts';
import { maskedPhone, type TextNotifier } from '../shared/notifier.ts';

/**
 * Sends the SMS copies of new worker messages.
 * 1. Read the messages waiting for their SMS, oldest first.
 * 2. Read their workers' member records: only a phone number the record holds is used.
 * 3. Send each (in the member's language, zh-CN unless the record says en) through the notifier,
 *    then take it off the list; a worker without a number is recorded as such, not retried.
 * A send that fails stays on the list for the next run.
 */
export async function sendTextMessages(notifier: TextNotifier, limit = 50): Promise<{ sent: number; withoutPhone: number }> {
  const pending = await listPendingTexts(limit);
  if (pending.length === 0) return { sent: 0, withoutPhone: 0 };
  const profiles = await getProfiles(pending.map((message) => message.sub));
  let sent = 0;
  let withoutPhone = 0;
  for (const message of pending) {
    const member = profiles.get(message.sub)?.member;
    const phone = member?.phone;
    if (!phone) {
      await recordTextOutcome(message, { state: 'no-phone', at: nowIso() });
      withoutPhone += 1;
      continue;
    }
    await notifier.send(phone, textMessage(message.title, message.next, member.language === 'en' ? 'en' : 'zh'));
    await recordTextOutcome(message, { state: 'sent', at: nowIso(), to: maskedPhone(phone) });
    sent += 1;
  }
  return { sent, withoutPhone };
}
