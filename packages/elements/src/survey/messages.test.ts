import { describe, expect, it } from 'vitest';
import { surveyMessages } from './messages.js';
import '../locales/fb-survey.js';

describe('survey messages', () => {
  it('ships every key in zh-CN and ar', () => {
    const keys = Object.keys(surveyMessages.en).sort();
    expect(Object.keys(surveyMessages['zh-CN'] ?? {}).sort()).toEqual(keys);
    expect(Object.keys(surveyMessages['ar'] ?? {}).sort()).toEqual(keys);
  });
});
