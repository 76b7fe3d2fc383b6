import { describe, expect, it } from 'vitest';
import { kioskMessages } from './messages.js';
import '../locales/fb-kiosk.js';

describe('kiosk messages', () => {
  it('ships every key in zh-CN and ar', () => {
    const keys = Object.keys(kioskMessages.en).sort();
    expect(Object.keys(kioskMessages['zh-CN'] ?? {}).sort()).toEqual(keys);
    expect(Object.keys(kioskMessages['ar'] ?? {}).sort()).toEqual(keys);
  });
});
