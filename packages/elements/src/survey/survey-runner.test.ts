import { describe, expect, it } from 'vitest';
import type { FeedbackError, SurveyDefinition } from '@feedbackkit/core';
import { SurveyRunner } from './survey-runner.js';
import { surveyLogic } from './logic.js';

const definition: SurveyDefinition = {
  id: 'branch-visit',
  version: 3,
  allowPartial: true,
  questions: [
    {
      id: 'nps',
      type: 'rating',
      prompt: 'How likely are you to recommend us?',
      scale: { kind: 'nps' },
      required: true,
      reasons: {
        codes: [
          { id: 'waiting', label: 'Waiting time' },
          { id: 'attitude', label: 'Staff attitude' },
        ],
        multiple: true,
      },
    },
    { id: 'why-low', type: 'text', prompt: 'What went wrong?', showIf: { question: 'nps', op: 'lte', value: 6 }, maxLength: 10 },
    { id: 'praise', type: 'text', prompt: 'What did you like?', showIf: { question: 'nps', op: 'gte', value: 9 } },
    { id: 'contact', type: 'consent', purpose: 'May we call you back?', prompt: 'Call back', contact: 'phone' },
  ],
};

const rating = (value: number) => ({ type: 'rating' as const, scale: { kind: 'nps' as const }, value });

describe('SurveyRunner', () => {
  it('starts at the first visible question and refuses to skip a required one', () => {
    const runner = new SurveyRunner(definition, surveyLogic);
    expect(runner.step).toMatchObject({ kind: 'question', question: { id: 'nps' } });
    expect(runner.next()).toEqual({ problem: 'required', question: 'nps' });
    expect(runner.step).toMatchObject({ kind: 'question', question: { id: 'nps' } });
  });

  it('a detractor score (NPS bottom box 0–6) opens reason codes, then the low-score branch', () => {
    const runner = new SurveyRunner(definition, surveyLogic);
    runner.setAnswer('nps', rating(3));
    expect(runner.atEnd).toBe(false);
    expect(runner.next()).toBeUndefined();
    expect(runner.step).toMatchObject({ kind: 'reasons', question: { id: 'nps' } });
    runner.setReasons('nps', ['waiting']);
    runner.next();
    expect(runner.step).toMatchObject({ kind: 'question', question: { id: 'why-low' } });
    // Visible: nps, why-low, contact (praise hidden) → why-low is 2 of 3.
    expect(runner.progress).toEqual({ index: 2, total: 3 });
    expect(runner.answers['nps']).toEqual({ ...rating(3), reasons: ['waiting'] });
  });

  it('a promoter skips reason codes and gets the praise branch', () => {
    const runner = new SurveyRunner(definition, surveyLogic);
    runner.setAnswer('nps', rating(10));
    runner.next();
    expect(runner.step).toMatchObject({ kind: 'question', question: { id: 'praise' } });
  });

  it('changing the score on Back drops answers and reason codes that no longer apply', () => {
    const runner = new SurveyRunner(definition, surveyLogic);
    runner.setAnswer('nps', rating(2));
    runner.next();
    runner.setReasons('nps', ['attitude']);
    runner.next();
    runner.setAnswer('why-low', { type: 'text', value: 'queue' });
    runner.back();
    runner.back();
    expect(runner.step).toMatchObject({ kind: 'question', question: { id: 'nps' } });
    runner.setAnswer('nps', rating(9));
    expect(runner.answers).toEqual({ nps: rating(9) }); // why-low hidden now, reasons dropped
    runner.next();
    expect(runner.step).toMatchObject({ question: { id: 'praise' } });
  });

  it('enforces maxLength, and a contact only with a valid number when consent is given', () => {
    const runner = new SurveyRunner(definition, surveyLogic);
    runner.setAnswer('nps', rating(5));
    runner.next();
    runner.next(); // no reasons chosen: optional
    runner.setAnswer('why-low', { type: 'text', value: 'x'.repeat(11) });
    expect(runner.next()).toEqual({ problem: 'too-long', question: 'why-low' });
    runner.setAnswer('why-low', { type: 'text', value: 'slow' });
    runner.next();
    runner.setAnswer('contact', { type: 'consent', value: true });
    expect(runner.next()).toEqual({ problem: 'contact-required', question: 'contact' });
    runner.setAnswer('contact', { type: 'consent', value: true, contact: 'call me' });
    expect(runner.next()).toEqual({ problem: 'contact-invalid', question: 'contact' });
    runner.setAnswer('contact', { type: 'consent', value: true, contact: '+86 138 0013 8000' });
    expect(runner.atEnd).toBe(true);
    expect(runner.next()).toBeUndefined();
    expect(runner.finished).toBe(true);
    expect(runner.step).toEqual({ kind: 'thanks' });
    expect(runner.hasPartial).toBe(false);
  });

  it('has a partial response once something is answered, only if the definition allows it', () => {
    const runner = new SurveyRunner(definition, surveyLogic);
    expect(runner.hasPartial).toBe(false);
    runner.setAnswer('nps', rating(8));
    expect(runner.hasPartial).toBe(true);
    const strict = new SurveyRunner({ ...definition, allowPartial: false }, surveyLogic);
    strict.setAnswer('nps', rating(8));
    expect(strict.hasPartial).toBe(false);
  });

  it('refuses a definition core cannot evaluate, naming the field', () => {
    try {
      new SurveyRunner(
        { id: 's', version: 1, questions: [{ id: 'a', type: 'text', prompt: 'x', showIf: { question: 'b', op: 'answered' } }] },
        surveyLogic,
      );
      expect.unreachable();
    } catch (error) {
      expect((error as FeedbackError).code).toBe('invalid-definition');
      expect((error as FeedbackError).field).toBe('questions[0].showIf.question');
    }
  });
});
