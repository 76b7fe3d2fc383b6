import type { Catalog } from '../shared/i18n.js';

export type KioskMessageKey =
  | 'prompt'
  | 'attractHint'
  | 'servedBy'
  | 'reasonsPrompt'
  | 'done'
  | 'thanks'
  | 'notSaved'
  | 'retry'
  | 'nextIn'
  | 'warning'
  | 'moreTime'
  | 'queued'
  | 'offline'
  | 'alreadyRated'
  | 'configError'
  | 'redacted';

export const kioskMessages: Catalog<KioskMessageKey> = {
  en: {
    prompt: 'How was our service today?',
    attractHint: 'Tap a face to rate',
    servedBy: 'Served by {staff}',
    reasonsPrompt: 'What could we do better?',
    done: 'Done',
    thanks: 'Thank you!',
    notSaved: 'Your rating could not be saved.',
    retry: 'Try again',
    nextIn: { one: 'Ready for the next customer in {count} second', other: 'Ready for the next customer in {count} seconds' },
    warning: { one: 'Are you still there? This screen resets in {count} second.', other: 'Are you still there? This screen resets in {count} seconds.' },
    moreTime: 'More time',
    queued: { one: '{count} response waiting to be sent', other: '{count} responses waiting to be sent' },
    offline: 'Offline',
    alreadyRated: 'This transaction has already been rated.',
    configError: 'This kiosk is not configured correctly.',
    redacted: 'Personal details were removed from your comment.',
  },
};
