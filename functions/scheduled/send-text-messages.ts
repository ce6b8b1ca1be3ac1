import { sendTextMessages } from '../use-cases/send-text-messages.ts';
import { nowIso } from '../shared/clock.ts';
import { configuredNotifier } from '../shared/notifier.ts';

/**
 * The SMS sender: on AWS an EventBridge schedule calls it every minute (the only function allowed
 * sns:Publish); locally the runtime calls it every few seconds and writes the outbox file.
 */
export const handler = async (): Promise<{ sent: number; withoutPhone: number }> => {
  const notifier = configuredNotifier(nowIso);
  if (!notifier) return { sent: 0, withoutPhone: 0 };
  const result = await sendTextMessages(notifier);
  if (result.sent + result.withoutPhone > 0) console.log(JSON.stringify({ message: 'text messages', ...result }));
  return result;
};
