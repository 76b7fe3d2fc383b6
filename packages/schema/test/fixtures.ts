// Valid examples of every answer and question type, shared by the tests. Plain literals
// (not produced by the code under test) so a test's expectation is visible here.
import type { Answer, IngestRequest, Question, Submission, SurveyDefinition } from '@feedbackkit/core';

/** A UUIDv7: 48-bit ms timestamp 0x0193_70f4_3c1a, version nibble 7, variant nibble b (10xx). */
export const ID = '019370f4-3c1a-7b2e-bf00-123456789abc';
export const ID2 = '019370f4-3c1a-7b2e-8f00-123456789abd';

export const answers: Record<Answer['type'], Answer> = {
  rating: { type: 'rating', scale: { kind: 'nps' }, value: 9, reasons: ['speed', 'waiting'] },
  choice: { type: 'choice', value: ['mobile-app', 'branch'] },
  text: { type: 'text', value: 'Teller was kind.\nQueue was long.' },
  checklist: { type: 'checklist', value: { greeted: true, 'answered-question': true, thanked: false } },
  'expectation-gap': { type: 'expectation-gap', dimension: 'timeliness', expectation: 6, perception: 4.5 },
  'kano-pair': { type: 'kano-pair', feature: 'queue-sms', functional: 'like', dysfunctional: 'live-with' },
  consent: { type: 'consent', value: true, contact: 'a@example.com' },
};

export function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: ID,
    createdAt: '2026-11-22T10:00:00.000+08:00',
    survey: { id: 'branch-visit', version: 3 },
    status: 'complete',
    answers: { q1: answers.rating },
    context: {
      site: 'bank-cn',
      channel: 'counter',
      branch: 'sh-001',
      branchTier: 'flagship',
      counter: 'w07',
      staff: 'E1024',
      transaction: 'T-2026-000123',
      stage: 'completed',
      segment: 'vip',
      locale: 'zh-CN',
      page: '/branch/sh-001',
      measures: { waitSeconds: 420, handlingSeconds: 95.5, errors: 0, queueLength: 7 },
      flags: ['burst'],
    },
    classification: 'confidential',
    ...overrides,
  };
}

export const questions: Record<Question['type'], Question> = {
  rating: {
    id: 'nps',
    type: 'rating',
    prompt: { en: 'How likely are you to recommend us?', 'zh-CN': '您向朋友推荐我们的可能性有多大？' },
    scale: { kind: 'nps' },
    required: true,
    reasons: {
      codes: [
        { id: 'attitude', label: { en: 'Attitude', 'zh-CN': '态度' } },
        { id: 'waiting', label: 'Waiting' },
      ],
      prompt: 'What went wrong?',
      when: { question: 'nps', op: 'lte', value: 6 },
      multiple: true,
    },
  },
  choice: {
    id: 'channel',
    type: 'choice',
    prompt: 'How did you come?',
    options: [
      { id: 'branch', label: 'Branch' },
      { id: 'app', label: 'App' },
    ],
    multiple: false,
  },
  text: {
    id: 'comment',
    type: 'text',
    prompt: 'Anything else?',
    help: 'Please do not type card numbers.',
    maxLength: 500,
    multiline: true,
    redact: true,
    showIf: { any: [{ question: 'nps', op: 'lt', value: 7 }, { not: { question: 'channel', op: 'in', value: ['app'] } }] },
  },
  checklist: {
    id: 'etiquette',
    type: 'checklist',
    prompt: 'Did the teller…',
    items: [
      { id: 'greeted', label: 'greet you?' },
      { id: 'thanked', label: 'thank you?' },
    ],
  },
  'expectation-gap': { id: 'speed', type: 'expectation-gap', prompt: 'Speed', dimension: 'timeliness', scale: { kind: 'likert', min: 1, max: 7 } },
  'kano-pair': {
    id: 'sms',
    type: 'kano-pair',
    prompt: 'Queue SMS',
    feature: 'queue-sms',
    functional: 'If we text you when your number is near, how do you feel?',
    dysfunctional: 'If we do not, how do you feel?',
  },
  consent: {
    id: 'callback',
    type: 'consent',
    prompt: 'May we call you back?',
    purpose: { en: 'A manager calls back about this visit.', 'zh-CN': '经理将就本次服务回访您。' },
    contact: 'phone',
    showIf: { all: [{ question: 'nps', op: 'answered' }, { question: 'nps', op: 'lte', value: 6 }] },
  },
};

export function definition(overrides: Partial<SurveyDefinition> = {}): SurveyDefinition {
  return {
    id: 'branch-visit',
    version: 3,
    title: { en: 'Your visit', 'zh-CN': '您的到访' },
    defaultLocale: 'en',
    questions: Object.values(questions),
    thankYou: { en: 'Thank you!', 'zh-CN': '谢谢！' },
    allowPartial: true,
    classification: 'secret',
    ...overrides,
  };
}

export function ingestRequest(overrides: Partial<IngestRequest> = {}): IngestRequest {
  return { protocol: 1, sentAt: '2026-11-22T10:00:05.000Z', submissions: [submission(), submission({ id: ID2 })], ...overrides };
}

/** A deep copy through JSON, so a test can mutate freely. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
