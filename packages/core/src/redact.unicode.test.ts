// What a privacy audit found redact() missing (full-width and Arabic-Indic digits, Unicode
// spaces, phones with a trunk prefix or brackets, e-mail with non-ASCII letters) and masking
// that it should leave alone (pairs of ISO dates, amounts after a '+').
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cnIdValid, luhnValid, redact } from './redact.js';

/** Full-width forms U+FF01–U+FF5E of ASCII '!'–'~' (worked independently of the code under test). */
const wide = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Back to ASCII: full-width forms, Arabic-Indic and Eastern Arabic-Indic digits. */
const ascii = (s: string) =>
  s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u0660-\u0669]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x0660 + 48))
    .replace(/[\u06f0-\u06f9]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x06f0 + 48));
const digitsOf = (s: string) => ascii(s).replace(/\D/g, '');
/** ISO, day-month and month-day dates with dashes, standing alone (what redact reads as a date). */
const DATE_SHAPED =
  /(?<![\d-])(?:(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])-(?:0[1-9]|[12]\d|3[01])-(?:19|20)\d\d)(?![\d-])/;

describe('full-width and Arabic-Indic digits (the mask lands on the original characters)', () => {
  it('CN mobile typed with a Chinese IME', () => {
    expect(redact('请回电１３８１２３４５６７８谢谢')).toEqual({ text: '请回电１３８••••５６７８谢谢', found: ['phone'] });
    expect(redact('手机：138１２３４5678')).toEqual({ text: '手机：138••••5678', found: ['phone'] });
    expect(redact('电话＋８６　１３８　１２３４　５６７８').text).toBe('电话＋８６　１３８　••••　５６７８');
  });
  it('resident id, card, IBAN and e-mail in full-width forms', () => {
    expect(redact('身份证１１０１０５１９４９１２３１００２Ｘ')).toEqual({ text: '身份证••••••••••••••００２Ｘ', found: ['cn-id'] });
    expect(redact(`卡号${wide('4111111111111111')}`)).toEqual({ text: '卡号•••• １１１１', found: ['card'] });
    expect(redact(wide('DE89 3704 0044 0532 0130 00')).text).toBe(`ＤＥ•• •••• •••• •••• ••${wide('30 00')}`);
    expect(redact(wide('john@example.com'))).toEqual({ text: `ｊ•••${wide('@example.com')}`, found: ['email'] });
  });
  it('Arabic-Indic and Eastern Arabic-Indic digits', () => {
    expect(redact('电话 +٩٧١٥٠١٢٣٤٥٦٧')).toEqual({ text: '电话 +••••••••٤٥٦٧', found: ['phone'] });
    expect(redact('card ۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱').text).toBe('card •••• ۱۱۱۱');
  });
  it('a full-width digit is no mask', () => {
    expect(() => redact('x', { mask: '１' })).toThrow(/mask/);
  });
});

describe('Unicode spaces and brackets as separators; non-ASCII e-mail', () => {
  it('cards spaced with NBSP, thin space, narrow NBSP, ideographic space or two spaces', () => {
    for (const sep of ['\u00a0', '\u2009', '\u202f', '\u3000', '  ']) {
      expect(redact(`card 4111${sep}1111${sep}1111${sep}1111`), JSON.stringify(sep)).toEqual({ text: 'card •••• 1111', found: ['card'] });
    }
    expect(luhnValid('6222021234567890128')).toBe(true);
    expect(redact('卡号6222\u30000212\u30003456\u30007890\u3000128').text).toBe('卡号•••• 0128');
  });
  it('phones with a trunk prefix in brackets, an area code in brackets, or dots', () => {
    expect(redact('Call me on +44 (0)20 7946 0958 please')).toEqual({ text: 'Call me on +•• (•)•• •••• 0958 please', found: ['phone'] });
    expect(redact('+1 (212) 555-0199')).toEqual({ text: '+• (•••) •••-0199', found: ['phone'] });
    expect(redact('Tel +49 (0)30 1234567').text).toBe('Tel +•• (•)•• •••4567');
    expect(redact('+33 6.12.34.56.78').text).toBe('+•• •.••.••.56.78');
    // a comma between two mobiles is no decimal comma
    expect(redact('13812345678，13912345678').text).toBe('138••••5678，139••••5678');
    expect(redact('电话\u00a0+86\u00a0138\u00a01234\u00a05678').text).toBe('电话\u00a0+86\u00a0138\u00a0••••\u00a05678');
  });
  it('e-mail with non-ASCII letters; Chinese text next to an address stays', () => {
    expect(redact('mail josé@correo.es')).toEqual({ text: 'mail j•••@correo.es', found: ['email'] });
    expect(redact('mail info@müller.de')).toEqual({ text: 'mail i•••@müller.de', found: ['email'] });
    expect(redact('邮箱josé@correo.es谢谢').text).toBe('邮箱j•••@correo.es谢谢');
    expect(redact('Ünal.Öztürk@posta.com.tr').text).toBe('Ü•••@posta.com.tr');
  });
});

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dmy = (ms: number) => iso(ms).split('-').reverse().join('-');
const mdy = (ms: number) => iso(ms).replace(/^(\d+)-(\d+)-(\d+)$/, '$2-$3-$1');

describe('leaves dates and amounts alone', () => {
  it('every pair of consecutive days and every weekly triple of 2026, space-separated, ISO, day-month or month-day', () => {
    for (const order of [iso, dmy, mdy]) {
      for (let d = 0; d < 365; d++) {
        const a = Date.UTC(2026, 0, 1) + d * DAY;
        for (const t of [`dates ${order(a)} ${order(a + DAY)}`, `我在 ${order(a)} ${order(a + 7 * DAY)} ${order(a + 14 * DAY)} 三次来办业务`]) {
          expect(redact(t)).toEqual({ text: t, found: [] });
        }
      }
    }
  });
  it('an amount after a sign is no phone number', () => {
    for (const t of ['入账 +5000000.00元', 'balance change +1250000.00 EUR', 'Saldo +1 234 567,89 €', '+12345678.5', '余额 13812345678.00', '余额 +1.00 (2026-01-01)', '入账 +10000.00) No.1000 and', '余额13812345678.00。']) {
      expect(redact(t)).toEqual({ text: t, found: [] });
    }
  });
});

// Properties. The contexts hold no digits, so every digit left in the output is one the mask
// shows on purpose.
const SPACES = [' ', '\u00a0', '\u2009', '\u202f', '\u3000', '  '];
const digit = (d: number) => fc.constantFrom(String(d), wide(String(d)), String.fromCharCode(0x0660 + d), String.fromCharCode(0x06f0 + d));
/** The digits of `s`, each in a random width or script. */
const printed = (s: string) => fc.tuple(...[...s].map((c) => (/\d/.test(c) ? digit(+c) : fc.constantFrom(c, wide(c))))).map((cs) => cs.join(''));
const context = fc.string({ unit: fc.constantFrom(...'ab xyz,:;/()卡号请回电，。'.split('')), maxLength: 12 });
const before = fc.tuple(context, fc.constantFrom(' ', '号', '：', '(', ',')).map(([t, b]) => t + b);
const after = fc.tuple(fc.constantFrom(' ', '谢', '，', ')', '.'), context).map(([b, t]) => b + t);

/** Luhn check digit appended (worked independently of the code under test). */
function withCheckDigit(body: number[]): string {
  let sum = 0;
  body.forEach((d, i) => {
    // from the right, the first body digit sits next to the check digit and is doubled
    const k = (body.length - i) % 2 === 1 ? d * 2 : d;
    sum += k > 9 ? k - 9 : k;
  });
  return [...body, (10 - (sum % 10)) % 10].join('');
}

describe('always masks (property)', () => {
  it('a valid card in any width, with Unicode spaces, two spaces or dashes', () => {
    const card = fc
      .integer({ min: 13, max: 19 })
      .chain((n) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n - 2, maxLength: n - 2 })))
      .map(([f, rest]) => withCheckDigit([f, ...rest]));
    const grouped = card.chain((c) =>
      fc.tuple(fc.constant(c), fc.array(fc.constantFrom('', '', '', ...SPACES, '-'), { minLength: c.length - 1, maxLength: c.length - 1 })),
    );
    fc.assert(
      fc.property(
        grouped.chain(([c, gaps]) => fc.tuple(fc.constant(c), printed([...c].map((d, i) => (i ? gaps[i - 1] : '') + d).join('')))),
        before,
        after,
        ([c, p], b, a) => {
          expect(luhnValid(c)).toBe(true);
          // a date-shaped group (4111 2019-12-05 1119) reads as a date (README, Limits)
          fc.pre(!DATE_SHAPED.test(ascii(b + p + a)));
          const { text, found } = redact(b + p + a);
          expect(found.length, text).toBeGreaterThan(0);
          expect(digitsOf(text), `${p} → ${text}`).toBe(c.slice(-4));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a CN mobile (optionally +86) in any width, with Unicode spaces, shows only its prefix and last four', () => {
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })).map(([s, r]) => `1${s}${r.join('')}`);
    const shaped = fc
      .tuple(mobile, fc.constantFrom('', '+86', '+86 ', '0086 ', '+86\u3000'), fc.constantFrom('', ...SPACES.slice(0, 5), '-'))
      .chain(([m, cc, sep]) => fc.tuple(fc.constant(m), fc.constant(cc), printed(`${cc}${m.slice(0, 3)}${sep}${m.slice(3, 7)}${sep}${m.slice(7)}`)));
    fc.assert(
      fc.property(shaped, before, after, ([m, cc, p], b, a) => {
        const { text, found } = redact(b + p + a);
        expect(found, text).toEqual(['phone']);
        expect(digitsOf(text), `${p} → ${text}`).toBe(cc.replace(/\D/g, '') + m.slice(0, 3) + m.slice(-4));
      }),
      { numRuns: 300 },
    );
  });

  it('an E.164 number with a trunk prefix, brackets or dots, in any width, shows only its last four', () => {
    const national = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 10 }).map((d) => d.join(''));
    const shaped = fc
      .tuple(fc.constantFrom('1', '44', '49', '33', '971'), national, fc.constantFrom(...SPACES.slice(0, 5)), fc.integer({ min: 0, max: 2 }))
      .map(([cc, n, sp, f]) =>
        [
          `+${cc}${sp}(0)${n.slice(0, 2)}${sp}${n.slice(2, 6)}${sp}${n.slice(6)}`,
          `+${cc}${sp}(${n.slice(0, 3)})${sp}${n.slice(3, 6)}-${n.slice(6)}`,
          `+${cc}${sp}${n[0]}.${n.slice(1, 3)}.${n.slice(3, 5)}.${n.slice(5, 7)}.${n.slice(7)}`,
        ][f]!,
      )
      .chain((s) => fc.tuple(fc.constant(s), printed(s)));
    fc.assert(
      fc.property(shaped, before, after, ([s, p], b, a) => {
        const { text, found } = redact(b + p + a);
        expect(found, text).toEqual(['phone']);
        expect(digitsOf(text), `${p} → ${text}`).toBe(s.replace(/\D/g, '').slice(-4));
      }),
      { numRuns: 300 },
    );
  });

  it('an e-mail address with non-ASCII letters keeps only its first character and domain', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzéèüöäñçøåßłšžőя'.split('');
    const local = fc
      .tuple(fc.constantFrom(...letters, ...letters.map((c) => c.toUpperCase())), fc.string({ unit: fc.constantFrom(...letters, '0', '7', '.', '_', '-'), maxLength: 10 }))
      .map(([f, r]) => f + r);
    const label = fc.string({ unit: fc.constantFrom(...letters, '0', '9'), minLength: 1, maxLength: 8 });
    const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'de', 'es', 'cn', 'рф')).map(([ls, tld]) => `${ls.join('.')}.${tld}`);
    fc.assert(
      fc.property(local, domain, fc.boolean(), before, after, (l, d, w, b, a) => {
        const at = w ? '＠' : '@';
        const { text, found } = redact(b + l + at + d + a);
        expect(found).toEqual(['email']);
        expect(text).toBe(`${b}${[...l][0]}•••${at}${d}${a}`);
      }),
      { numRuns: 300 },
    );
  });

  it('a PRC resident id in any width, optionally spaced, shows only its last four', () => {
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const id = fc
      .tuple(
        fc.integer({ min: 110000, max: 659999 }),
        fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2025, 11, 31)), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('X', 'x'),
      )
      .map(([area, born, seq, x]) => {
        const body = `${area}${born.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
        const sum = [...body].reduce((s, c, i) => s + +c * W[i]!, 0);
        const check = '10X98765432'[sum % 11]!;
        return body + (check === 'X' ? x : check);
      });
    const shaped = fc
      .tuple(id, fc.constantFrom('', ' ', '\u3000'))
      .chain(([i, sep]) => fc.tuple(fc.constant(i), printed(`${i.slice(0, 6)}${sep}${i.slice(6, 14)}${sep}${i.slice(14)}`)));
    fc.assert(
      fc.property(shaped, before, after, ([i, p], b, a) => {
        const { text, found } = redact(b + p + a);
        expect(found, text).toContain('cn-id');
        expect(digitsOf(text), `${p} → ${text}`).toBe(i.slice(-4).replace(/\D/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('never masks dates, amounts or order numbers (property)', () => {
  const dates = fc
    .array(fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2030, 11, 31)), noInvalidDate: true }), { minLength: 1, maxLength: 4 })
    .chain((ds) => fc.constantFrom(iso, dmy, mdy).map((order) => ds.map((d) => order(d.getTime())).join(' ')));
  const amount = fc
    .tuple(
      fc.constantFrom('', '+', '-', '¥', '€ ', 'CNY ', '入账 +'),
      fc.bigInt({ min: 1n, max: 999_999_999_999n }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 2 }),
    )
    .map(([sign, n, cents, f]) => {
      const whole = String(n);
      const c = String(cents).padStart(2, '0');
      const grouped = (sep: string) => whole.replace(/\B(?=(\d{3})+$)/g, sep);
      return sign + [`${grouped(',')}.${c}`, `${whole}.${c}`, `${grouped(' ')},${c}`][f]!;
    });
  const luhnFailing = fc
    .integer({ min: 13, max: 19 })
    .chain((n) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n - 2, maxLength: n - 2 })))
    .map(([f, rest]) => {
      const valid = withCheckDigit([f, ...rest]);
      return valid.slice(0, -1) + ((+valid.slice(-1) + 1) % 10);
    })
    // 18 digits with a birth date and the right check character are a resident id, rightly masked
    .filter((n) => !cnIdValid(n));
  const order = fc.tuple(
    fc.constantFrom('#', 'No.', 'order ', 'SO-', '订单'),
    fc.oneof(fc.integer({ min: 1000, max: 9_999_999_999 }).map(String), luhnFailing),
  ).map(([p, n]) => p + n);
  it('in any order, joined by words or punctuation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(dates, amount, order), fc.constantFrom(' and ', '，', '; ', ' 到 ', ' (', ') ')), { minLength: 1, maxLength: 5 }), (items) => {
        const t = items.map(([x, j]) => x + j).join('');
        expect(redact(t)).toEqual({ text: t, found: [] });
      }),
      { numRuns: 500 },
    );
  });
});
