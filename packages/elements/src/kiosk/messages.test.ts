import { describe, expect, it } from 'vitest';
import { kioskMessages, levelKey } from './messages.js';
import '../locales/fb-kiosk.js';

describe('kiosk messages', () => {
  it('names 3, 4 and 5 levels low → high', () => {
    expect([0, 1, 2].map((i) => levelKey(i, 3))).toEqual(['level.dissatisfied', 'level.neutral', 'level.satisfied']);
    expect([0, 1, 2, 3].map((i) => levelKey(i, 4))).toEqual([
      'level.very-dissatisfied',
      'level.dissatisfied',
      'level.satisfied',
      'level.very-satisfied',
    ]);
    expect(levelKey(4, 5)).toBe('level.very-satisfied');
  });

  it('ships every key in zh-CN and ar', () => {
    const keys = Object.keys(kioskMessages.en).sort();
    expect(Object.keys(kioskMessages['zh-CN'] ?? {}).sort()).toEqual(keys);
    expect(Object.keys(kioskMessages['ar'] ?? {}).sort()).toEqual(keys);
  });
});
