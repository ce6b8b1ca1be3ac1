import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { recordAwsCalls, recordStandInCall } from './aws-calls.ts';
import { traced } from './tracing.ts';

/** Sends one SMS to one phone number. Everything that texts a person goes through this. */
export interface TextNotifier {
  send(phone: string, text: string): Promise<void>;
}

/** One line of the local outbox: what would have gone by SMS, and to whom. */
export interface OutboxLine {
  at: string;
  to: string;
  text: string;
}

/** On AWS: Amazon SNS publishes straight to the number, as a transactional SMS under the configured sender id. */
export function snsNotifier(senderId: string | undefined, client = recordAwsCalls(traced(new SNSClient({})), 'sns')): TextNotifier {
  return {
    async send(phone, text) {
      await client.send(
        new PublishCommand({
          PhoneNumber: phone,
          Message: text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: senderId } } : {}),
          },
        }),
      );
    },
  };
}

/** Locally: each SMS is a JSON line in a file (npm start prints it, tests read it), recorded as the sns:Publish it stands in for. */
export function outboxNotifier(file: string, at: () => string, onSend?: (line: OutboxLine) => void): TextNotifier {
  return {
    async send(phone, text) {
      recordStandInCall('sns', 'Publish', { PhoneNumber: phone });
      const line = { at: at(), to: phone, text };
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, `${JSON.stringify(line)}\n`);
      onSend?.(line);
    },
  };
}

/**
 * The notifier the configuration names: SMS_OUTBOX_FILE (local) or SMS_CHANNEL=sns with
 * SMS_SENDER_ID (AWS); undefined when neither is set, and nothing is texted.
 */
export function configuredNotifier(at: () => string): TextNotifier | undefined {
  if (process.env.SMS_OUTBOX_FILE) return outboxNotifier(process.env.SMS_OUTBOX_FILE, at);
  if (process.env.SMS_CHANNEL === 'sns') return snsNotifier(process.env.SMS_SENDER_ID || undefined);
  return undefined;
}

/** A phone number as logs and records show it: the last four digits only. */
export const maskedPhone = (phone: string): string => `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
