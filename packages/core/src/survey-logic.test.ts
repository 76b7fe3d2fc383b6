import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  evaluateCondition,
  isAnswered,
  nextQuestion,
  reasonFollowUp,
  validateDefinition,
  validateResponse,
  validateSubmission,
  visibleQuestions,
} from './survey-logic.js';
import type { Answers } from './survey-logic.js';
import { FeedbackError } from './errors.js';
import type { Answer, SurveyDefinition } from './types.js';

const nps = (value: number, reasons?: string[]): Answer => ({ type: 'rating', scale: { kind: 'nps' }, value, ...(reasons ? { reasons } : {}) });
const choice = (...value: string[]): Answer => ({ type: 'choice', value });

const def: SurveyDefinition = {
  id: 'branch-visit',
  version: 3,
  questions: [
    {
      id: 'nps',
      type: 'rating',
      prompt: 'How likely are you to recommend us?',
      scale: { kind: 'nps' },
      required: true,
      reasons: { codes: [{ id: 'attitude', label: 'Attitude' }, { id: 'speed', label: 'Speed' }, { id: 'waiting', label: 'Waiting' }] },
    },
    { id: 'why', type: 'text', prompt: 'What went wrong?', maxLength: 10, showIf: { question: 'nps', op: 'lte', value: 6 } },
    {
      id: 'channel',
      type: 'choice',
      prompt: 'Where did you bank today?',
      required: true,
      options: [{ id: 'counter', label: 'Counter' }, { id: 'app', label: 'App' }, { id: 'web', label: 'Web' }],
    },
    {
      id: 'app',
      type: 'rating',
      prompt: 'Rate the app',
      scale: { kind: 'csat', points: 5 },
      required: true,
      showIf: { all: [{ question: 'channel', op: 'eq', value: 'app' }, { not: { question: 'nps', op: 'lt', value: 3 } }] },
      reasons: { codes: [{ id: 'crash', label: 'Crashed' }, { id: 'slow', label: 'Slow' }], multiple: false, when: { question: 'app', op: 'lte', value: 3 } },
    },
    { id: 'check', type: 'checklist', prompt: 'Did the teller…', items: [{ id: 'greeted', label: 'greet you' }, { id: 'thanked', label: 'thank you' }] },
    {
      id: 'callback',
      type: 'consent',
      prompt: 'May we call you?',
      purpose: 'service recovery',
      contact: 'phone',
      showIf: { any: [{ question: 'nps', op: 'lte', value: 6 }, { question: 'check', op: 'neq', value: 'greeted' }] },
    },
  ],
};

const ids = (qs: { id: string }[]) => qs.map((q) => q.id);

describe('visibility and flow', () => {
  it('applies show-if with all / any / not, unanswered comparisons being false', () => {
    // nothing answered: why (lte on nothing) false; app (eq false); callback: lte false, neq on nothing false
    expect(ids(visibleQuestions(def, {}))).toEqual(['nps', 'channel', 'check']);
    expect(ids(visibleQuestions(def, { nps: nps(5) }))).toEqual(['nps', 'why', 'channel', 'check', 'callback']);
    // app chosen but nps 2 < 3 → not(lt 3) false → app hidden
    expect(ids(visibleQuestions(def, { nps: nps(2), channel: choice('app') }))).toContain('why');
    expect(ids(visibleQuestions(def, { nps: nps(2), channel: choice('app') }))).not.toContain('app');
    expect(ids(visibleQuestions(def, { nps: nps(9), channel: choice('app') }))).toEqual(['nps', 'channel', 'app', 'check']);
    // checklist without "greeted" ticked → callback shows for a promoter too
    expect(ids(visibleQuestions(def, { nps: nps(9), check: { type: 'checklist', value: { greeted: false, thanked: true } } }))).toContain('callback');
  });

  it('ignores answers to hidden questions when evaluating later conditions', () => {
    const d: SurveyDefinition = {
      id: 's',
      version: 1,
      questions: [
        { id: 'a', type: 'consent', prompt: 'a', purpose: 'p' },
        { id: 'b', type: 'rating', prompt: 'b', scale: { kind: 'thumbs' }, showIf: { question: 'a', op: 'eq', value: true } },
        { id: 'c', type: 'text', prompt: 'c', showIf: { question: 'b', op: 'answered' } },
      ],
    };
    const stale: Answers = { a: { type: 'consent', value: false }, b: { type: 'rating', scale: { kind: 'thumbs' }, value: 1 } };
    expect(ids(visibleQuestions(d, stale))).toEqual(['a']);
  });

  it('nextQuestion walks the visible questions', () => {
    const answers: Answers = { nps: nps(9), channel: choice('app') };
    expect(nextQuestion(def, answers)!.id).toBe('nps');
    expect(nextQuestion(def, answers, 'nps')!.id).toBe('channel'); // 'why' hidden for a 9
    expect(nextQuestion(def, answers, 'channel')!.id).toBe('app');
    expect(nextQuestion(def, answers, 'check')).toBeNull();
    expect(() => nextQuestion(def, answers, 'nope')).toThrow(FeedbackError);
  });

  it('reason follow-up: NPS bottom box 0–6 by default, or the when condition', () => {
    expect(reasonFollowUp(def, 'nps', { nps: nps(6) })).toMatchObject({ question: 'nps', multiple: true });
    expect(reasonFollowUp(def, 'nps', { nps: nps(0) })!.codes.map((c) => c.id)).toEqual(['attitude', 'speed', 'waiting']);
    expect(reasonFollowUp(def, 'nps', { nps: nps(7) })).toBeNull();
    expect(reasonFollowUp(def, 'nps', {})).toBeNull();
    const app = (v: number): Answers => ({ nps: nps(9), channel: choice('app'), app: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: v } });
    expect(reasonFollowUp(def, 'app', app(3))).toMatchObject({ multiple: false }); // when: app ≤ 3
    expect(reasonFollowUp(def, 'app', app(4))).toBeNull();
    // hidden question → no follow-up
    expect(reasonFollowUp(def, 'app', { ...app(1), channel: choice('web') })).toBeNull();
  });

  it('evaluateCondition on choices, checklists, in and text', () => {
    const a: Answers = { c: choice('x', 'y'), k: { type: 'checklist', value: { g: true } }, t: { type: 'text', value: 'hi' }, r: nps(4) };
    expect(evaluateCondition({ question: 'c', op: 'eq', value: 'y' }, a)).toBe(true);
    expect(evaluateCondition({ question: 'c', op: 'in', value: ['z', 'x'] }, a)).toBe(true);
    expect(evaluateCondition({ question: 'c', op: 'neq', value: 'x' }, a)).toBe(false);
    expect(evaluateCondition({ question: 'k', op: 'eq', value: 'g' }, a)).toBe(true);
    expect(evaluateCondition({ question: 't', op: 'eq', value: 'hi' }, a)).toBe(true);
    expect(evaluateCondition({ question: 'r', op: 'in', value: [3, 4] }, a)).toBe(true);
    expect(evaluateCondition({ question: 'r', op: 'gte', value: 4 }, a)).toBe(true);
    expect(evaluateCondition({ question: 'r', op: 'gt', value: 4 }, a)).toBe(false);
    expect(evaluateCondition({ not: { question: 'missing', op: 'eq', value: 1 } }, a)).toBe(true);
    expect(isAnswered({ type: 'text', value: '  ' })).toBe(false);
    expect(isAnswered(choice())).toBe(false);
  });
});

describe('validateResponse', () => {
  const codes = (answers: Answers, d = def) => validateResponse(d, answers).errors.map((e) => [e.question, e.code]);

  it('a complete, valid response', () => {
    const r = validateResponse(def, { nps: nps(4, ['speed', 'waiting']), why: { type: 'text', value: 'queue' }, channel: choice('counter'), callback: { type: 'consent', value: true, contact: '+8613800000000' } });
    expect(r).toEqual({ status: 'complete', valid: true, errors: [], missing: [], visible: ['nps', 'why', 'channel', 'check', 'callback'] });
  });

  it('missing required answers: partial, and an error unless allowPartial', () => {
    const r = validateResponse(def, { nps: nps(9), channel: choice('app') });
    expect(r.status).toBe('partial');
    expect(r.missing).toEqual(['app']);
    expect(r.errors.map((e) => [e.question, e.code])).toEqual([['app', 'required']]);
    const lenient = validateResponse({ ...def, allowPartial: true }, { nps: nps(9), channel: choice('app') });
    expect(lenient).toMatchObject({ status: 'partial', valid: true, errors: [] });
  });

  it('names each wrong answer', () => {
    const base = { channel: choice('counter') };
    expect(codes({ ...base, nps: { type: 'text', value: '9' } })).toEqual([['nps', 'type-mismatch']]);
    expect(codes({ ...base, nps: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: 5 } })).toEqual([['nps', 'scale-mismatch']]);
    expect(codes({ ...base, nps: nps(11) })).toEqual([['nps', 'off-scale']]);
    expect(codes({ ...base, nps: nps(8.5) })).toEqual([['nps', 'off-step']]);
    expect(codes({ ...base, nps: nps(3, ['rude']) })).toEqual([['nps', 'unknown-reason']]);
    expect(codes({ ...base, nps: nps(9, ['speed']) })).toEqual([['nps', 'unexpected-reasons']]);
    expect(codes({ nps: nps(9), channel: choice('branch') })).toEqual([['channel', 'unknown-option']]);
    expect(codes({ nps: nps(9), channel: choice('app', 'web') })).toEqual([
      ['channel', 'too-many'],
      ['app', 'required'],
    ]);
    expect(codes({ ...base, nps: nps(3), why: { type: 'text', value: 'far too long!' } })).toEqual([['why', 'too-long']]);
    expect(codes({ ...base, nps: nps(9), why: { type: 'text', value: 'x' } })).toEqual([['why', 'not-visible']]);
    expect(codes({ ...base, nps: nps(9), extra: { type: 'text', value: 'x' } })).toEqual([['extra', 'unknown-question']]);
    expect(codes({ ...base, nps: nps(9), check: { type: 'checklist', value: { greeted: true, smiled: true } } })).toEqual([['check', 'unknown-option']]);
    // contact details without consent must not travel
    expect(codes({ ...base, nps: nps(3), callback: { type: 'consent', value: false, contact: '+8613800000000' } })).toEqual([['callback', 'invalid-value']]);
    const app = { nps: nps(9), channel: choice('app') };
    expect(codes({ ...app, app: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: 2, reasons: ['crash', 'slow'] } })).toEqual([['app', 'too-many']]);
  });

  it('validateSubmission checks survey, version and status', () => {
    const answers = { nps: nps(9), channel: choice('counter') };
    expect(validateSubmission(def, { survey: { id: 'branch-visit', version: 3 }, status: 'complete', answers }).valid).toBe(true);
    const wrong = validateSubmission(def, { survey: { id: 'branch-visit', version: 2 }, status: 'complete', answers });
    expect(wrong.errors.map((e) => e.code)).toEqual(['survey-mismatch']);
    const claim = validateSubmission(def, { survey: { id: 'branch-visit' }, status: 'complete', answers: { nps: nps(9) } });
    expect(claim.errors.map((e) => e.code)).toEqual(['required', 'status-mismatch']);
    const partial = validateSubmission(def, { survey: { id: 'branch-visit' }, status: 'partial', answers: { nps: nps(9) } });
    expect(partial.errors.map((e) => e.code)).toContain('status-mismatch');
    expect(validateSubmission(def, { survey: { id: 'branch-visit' }, status: 'no-rating', answers: {} }).valid).toBe(true);
  });

  it('property: visibility ignores answers to hidden questions', () => {
    const arb = fc.record(
      {
        nps: fc.integer({ min: 0, max: 10 }).map((v) => nps(v)),
        why: fc.constant<Answer>({ type: 'text', value: 'x' }),
        channel: fc.constantFrom('counter', 'app', 'web').map((c) => choice(c)),
        app: fc.integer({ min: 1, max: 5 }).map((v): Answer => ({ type: 'rating', scale: { kind: 'csat', points: 5 }, value: v })),
        check: fc.record({ greeted: fc.boolean(), thanked: fc.boolean() }).map((value): Answer => ({ type: 'checklist', value })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arb, (answers) => {
        const visible = ids(visibleQuestions(def, answers));
        const kept = Object.fromEntries(Object.entries(answers).filter(([k]) => visible.includes(k)));
        expect(ids(visibleQuestions(def, kept))).toEqual(visible);
        expect(validateResponse(def, kept).errors.filter((e) => e.code === 'not-visible')).toEqual([]);
      }),
    );
  });
});

describe('validateDefinition', () => {
  const field = (d: SurveyDefinition) => {
    try {
      validateDefinition(d);
    } catch (e) {
      expect((e as FeedbackError).code).toBe('invalid-definition');
      return (e as FeedbackError).field;
    }
    return null;
  };
  const q = (extra: object) => ({ ...def, questions: [...def.questions, { id: 'x', type: 'text', prompt: 'x', ...extra }] }) as SurveyDefinition;

  it('every entry point rejects a broken definition with invalid-definition', () => {
    const broken = { id: 'b', version: 1, questions: [{ id: 'c', type: 'choice', prompt: 'c' }] } as unknown as SurveyDefinition;
    for (const f of [() => visibleQuestions(broken, {}), () => nextQuestion(broken, {}), () => validateResponse(broken, {}), () => reasonFollowUp(broken, 'c', {})]) {
      expect(f).toThrow(expect.objectContaining({ code: 'invalid-definition', field: 'questions[0].options' }));
    }
  });

  it('accepts a sound definition', () => {
    expect(field(def)).toBeNull();
  });
  it('rejects duplicate ids, unknown / later / self references and ill-fitting operators', () => {
    expect(field({ ...def, questions: [...def.questions, def.questions[0]!] })).toBe('questions[6].id');
    expect(field(q({ showIf: { question: 'ghost', op: 'answered' } }))).toBe('questions[6].showIf.question');
    expect(field(q({ showIf: { question: 'x', op: 'answered' } }))).toBe('questions[6].showIf.question'); // a cycle
    const later = { ...def, questions: [{ ...def.questions[0]!, showIf: { question: 'channel', op: 'eq', value: 'app' } }, ...def.questions.slice(1)] } as SurveyDefinition;
    expect(field(later)).toBe('questions[0].showIf.question');
    expect(field(q({ showIf: { question: 'channel', op: 'lt', value: 3 } }))).toBe('questions[6].showIf.op');
    expect(field(q({ showIf: { question: 'channel', op: 'eq', value: 'branch' } }))).toBe('questions[6].showIf.value');
    expect(field(q({ showIf: { all: [] } }))).toBe('questions[6].showIf.all');
    expect(field(q({ showIf: { any: [{ not: { question: 'nps', op: 'in', value: [] } }] } }))).toBe('questions[6].showIf.any[0].not.value');
    expect(field(q({ type: 'rating', scale: { kind: 'csat', points: 4 } }))).toBe('questions[6].scale');
    expect(field(q({ type: 'choice', options: [{ id: 'a', label: 'a' }, { id: 'a', label: 'b' }] }))).toBe('questions[6].options[1].id');
    expect(field(q({ type: 'banana' }))).toBe('questions[6].type');
    expect(field({ ...def, questions: [] })).toBe('questions');
    expect(field(q({ prompt: '' }))).toBe('questions[6].prompt');
    expect(field(q({ prompt: { en: 'Hi', 'zh-CN': 3 } }))).toBe('questions[6].prompt');
    expect(field(q({ prompt: { en: 'Hi', 'zh-CN': '你好' } }))).toBeNull();
  });
});
