import { describe, expect, it } from 'vitest';
import { FeedbackError } from '@feedbackkit/core';
import { isAllowedOrigin, parseAllowedOrigins, parseKioskMessage } from './start-message.js';

describe('kiosk start messages', () => {
  it('reads a start request and keeps only known string fields', () => {
    expect(
      parseKioskMessage({
        type: 'feedbackkit:kiosk-start',
        transaction: 'T-1',
        branch: 'B-17',
        staff: 'E-0815',
        extra: 'dropped',
      }),
    ).toEqual({ type: 'start', request: { transaction: 'T-1', branch: 'B-17', staff: 'E-0815' } });
    expect(parseKioskMessage({ type: 'feedbackkit:kiosk-cancel' })).toEqual({ type: 'cancel' });
  });

  it("ignores messages that are not ours", () => {
    expect(parseKioskMessage('hello')).toBeNull();
    expect(parseKioskMessage(null)).toBeNull();
    expect(parseKioskMessage([1])).toBeNull();
    expect(parseKioskMessage({ type: 'webpackOk' })).toBeNull();
  });

  it('throws a coded error naming the field for a malformed start', () => {
    const fieldOf = (data: unknown) => {
      try {
        parseKioskMessage(data);
      } catch (error) {
        expect(error).toBeInstanceOf(FeedbackError);
        return (error as FeedbackError).field;
      }
      return undefined;
    };
    expect(fieldOf({ type: 'feedbackkit:kiosk-start' })).toBe('transaction');
    expect(fieldOf({ type: 'feedbackkit:kiosk-start', transaction: '' })).toBe('transaction');
    expect(fieldOf({ type: 'feedbackkit:kiosk-start', transaction: 'T', staff: 42 })).toBe('staff');
    expect(fieldOf({ type: 'feedbackkit:kiosk-start', transaction: 'T\n2' })).toBe('transaction');
    expect(fieldOf({ type: 'feedbackkit:kiosk-start', transaction: 'x'.repeat(129) })).toBe('transaction');
  });

  it('parses an origin allow-list and refuses wildcards, paths and opaque origins', () => {
    expect(parseAllowedOrigins('https://teller.example  http://127.0.0.1:8080')).toEqual([
      'https://teller.example',
      'http://127.0.0.1:8080',
    ]);
    expect(parseAllowedOrigins(null)).toEqual([]);
    for (const bad of ['*', 'null', 'https://teller.example/', 'https://teller.example/path', 'teller.example']) {
      expect(() => parseAllowedOrigins(bad)).toThrow(FeedbackError);
    }
  });

  it('matches origins exactly', () => {
    const allowed = ['https://teller.example'];
    expect(isAllowedOrigin('https://teller.example', allowed)).toBe(true);
    expect(isAllowedOrigin('https://teller.example.evil.test', allowed)).toBe(false);
    expect(isAllowedOrigin('http://teller.example', allowed)).toBe(false);
    expect(isAllowedOrigin('null', ['null'])).toBe(false);
    expect(isAllowedOrigin('https://teller.example', [])).toBe(false);
  });
});
