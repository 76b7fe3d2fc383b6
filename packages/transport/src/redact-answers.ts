import { redact } from '@feedbackkit/core';
import type { Submission } from '@feedbackkit/core';

/**
 * The outbox's default `redact` hook: every free-text answer goes through core's `redact`
 * (card numbers, IBANs, national ids, phone numbers, e-mail addresses are masked) before
 * the submission is written anywhere. Other answers and the context are left as given.
 */
export function redactTextAnswers(submission: Submission): Submission {
  let answers = submission.answers;
  for (const [key, answer] of Object.entries(answers)) {
    if (answer.type !== 'text') continue;
    const { text, found } = redact(answer.value);
    if (found.length) answers = { ...answers, [key]: { ...answer, value: text } };
  }
  return answers === submission.answers ? submission : { ...submission, answers };
}
