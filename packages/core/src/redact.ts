import { fieldError } from './errors.js';

/** Kinds of personal data `redact` finds. */
export type RedactKind = 'card' | 'iban' | 'cn-id' | 'phone' | 'email';

export interface RedactOptions {
  /** Kinds to look for (default: all). */
  kinds?: readonly RedactKind[];
  /** Character that replaces hidden characters (default '•'). */
  mask?: string;
}

export interface RedactResult {
  /** The text with every match masked; everything else unchanged. */
  text: string;
  /** Kinds found, each once, in order of first appearance. */
  found: RedactKind[];
}

const ALL: readonly RedactKind[] = ['card', 'iban', 'cn-id', 'phone', 'email'];
// When matches overlap, the strongest evidence names the kind (earlier here is stronger); the
// union is masked.
const STRENGTH = 'cn-id iban card phone email';

/** [start, end, kind] */
type Match = [number, number, RedactKind];

/** Luhn checksum over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** IBAN mod-97 check (ISO 13616) on a compact upper-case IBAN. */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  let rest = 0;
  for (const ch of iban.slice(4) + iban.slice(0, 4)) {
    // A–Z count as 10–35, two digits each.
    const v = parseInt(ch, 36);
    rest = (rest * (v > 9 ? 100 : 10) + v) % 97;
  }
  return rest === 1;
}

/** PRC resident identity number check character (GB 11643, ISO 7064 MOD 11-2) and birth date. */
export function cnIdValid(id: string): boolean {
  // Shape and a plausible birth date (years 1800–2199, month 01–12, day 01–31) in one pattern.
  if (!/^\d{6}(1[89]|2[01])\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]$/i.test(id)) return false;
  // The weights 7 9 10 5 8 4 2 1 6 3 … are 2^17, 2^16, … mod 11: Horner's rule doubles as it goes.
  let sum = 0;
  for (let i = 0; i < 17; i++) sum = ((sum + id.charCodeAt(i) - 48) * 2) % 11;
  return '10X98765432'[sum] === id[17]!.toUpperCase();
}

// IBAN length per country (ISO 13616 registry), grouped by length: "18dkfi…" means DK and FI
// IBANs have 18 characters. A known country is checked at its one length only; trying every
// length 15–34 would make a random group of digits pass mod-97 about one time in five. (Lower
// case, read case-insensitively: lower-case letters cost fewer bits in the gzipped bundle.)
const IBAN_LENGTHS =
  '15no16be18dkfifoglnl19mksi20atbaeekzltluxk21chhrlilv22bgbhcrdegbgeiemersva23aegiiliqtl24adczesmdpkrosasesktnvg25lyptst26istr27frgritmcmrsm28alazbycydogthulbplsv29bregpsqaua30jokwmu31mtsc32lc33ru';

/**
 * The text as the scans read it: each character that NFKC maps to one character as that one
 * (full-width forms from Chinese and Japanese IMEs become ASCII, NBSP, thin and ideographic
 * spaces a space), Arabic-Indic and Eastern Arabic-Indic digits as ASCII digits. One UTF-16 unit
 * for one, so a position in the view is the same position in the text.
 */
const view = (s: string) =>
  s
    .replace(/[^\0-~]/g, (c) => {
      const n = c.normalize('NFKC');
      return n[1] ? c : n;
    })
    .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (c) => '' + (c.charCodeAt(0) % 16));

/** Masks `o` (the original text) as a `kind`, reading it through `v`, its view. */
function maskAs(kind: RedactKind, v: string, o: string, mask: string): string {
  // Letters and digits shown: an IBAN's country code, a phone's country code and, for CN
  // mobiles, the 3-digit carrier prefix (138••••5678); then the last four. Separators stay.
  const cc = /^(?:(?:\+|00)86[ -]?|\+)?/.exec(v)![0];
  const first = kind === 'phone' ? cc.replace(/\D/g, '').length + (cc !== '+' && /^1[3-9]/.test(v.slice(cc.length)) ? 3 : 0) : kind === 'iban' ? 2 : 0;
  const last = v.replace(/[^0-9A-Za-z]/g, '').length - 4;
  let seen = 0;
  // Each character is the original's, or the mask where the view has a hidden letter or digit; a
  // card drops its separators.
  const masked = v.replace(/[^]/g, (c, i: number) => (/[0-9A-Za-z]/.test(c) ? (seen++ >= first && seen <= last ? mask : o[i]!) : kind === 'card' ? '' : o[i]!));
  return kind === 'card'
    ? // Neither the length nor the grouping survives: "•••• 1111".
      `${mask.repeat(4)} ${masked.slice(-4)}`
    : kind === 'email'
      ? [...o][0] + mask.repeat(3) + o.slice(v.indexOf('@'))
      : masked;
}

/**
 * Finds and masks personal data in free text: payment card numbers (13–19 digits,
 * Luhn-checked, spaced or dashed), IBANs (mod-97), PRC resident ID numbers (check
 * character and birth date), phone numbers (CN mobile, E.164 with '+') and e-mail addresses.
 * Masks keep the text readable — "card •••• 1111", "138••••5678", "j•••@example.com".
 */
export function redact(text: string, opts: RedactOptions = {}): RedactResult {
  if (typeof text !== 'string') {
    throw fieldError('invalid-value', 'text', text, 'is not a string');
  }
  const kinds = opts.kinds ?? ALL;
  if (!Array.isArray(kinds) || kinds.some((k) => !ALL.includes(k))) {
    throw fieldError('invalid-option', 'kinds', kinds, `must list kinds from ${ALL.join(', ')}`);
  }
  const mask = opts.mask ?? '•';
  if (typeof mask !== 'string' || !/^[^0-9A-Za-z]+$/.test(view(mask))) {
    throw fieldError('invalid-option', 'mask', mask, 'must be a non-empty string without letters or digits');
  }
  const matches: Match[] = [];
  const v = view(text);
  /** Each match of `re` in `src` (default: the view) whose end `check` gives (default: the match's end) is a `kind`. */
  const scan = (kind: RedactKind, re: RegExp, check = (m: RegExpExecArray): number | false | undefined | void => m.index + m[0].length, src = v) => {
    if (kinds.includes(kind)) {
      for (const m of src.matchAll(re)) {
        const end = check(m);
        if (end) matches.push([m.index, end, kind]);
      }
    }
  };
  if (/[0-9@]/.test(v)) {
    // Cards: runs of digit groups joined by one or two spaces or a dash. Every span of whole
    // groups holding 13–19 digits that passes Luhn is a match (overlapping spans are merged
    // below), so a card is found however it is grouped and whatever numbers sit next to it. An
    // ISO date (2026-01-23), or a day-month or month-day one (23-01-2026, 01-23-2026), is no
    // part of a run: dates side by side are not a card.
    scan('card', /\d+(?:  ?\d+|-\d+)*/g, (run) => {
      const groups = [...run[0].matchAll(/\d+/g)];
      groups.forEach((g, i) => {
        let digits = '';
        // No payment card number starts with 0 (ISO/IEC 7812 major industry identifier 0 is
        // not issued to card networks); this keeps '0086 138…' a phone number.
        if (g[0][0] !== '0') {
          for (let j = i; j < groups.length && (digits += groups[j]![0]).length < 20; j++) {
            if (digits.length > 12 && luhnValid(digits)) matches.push([run.index + g.index, run.index + groups[j]!.index + groups[j]![0].length, 'card']);
          }
        }
      });
    }, v.replace(/(?<![\d-])(?:(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])-(?:0[1-9]|[12]\d|3[01])-(?:19|20)\d\d)(?![\d-])/g, '__________'));
    // IBANs: a country code and check digits, then letters/digits in printed groups. The greedy
    // match may swallow a next word or number: cut it at the country's length, or (a country not
    // in the table) shrink from the right until the mod-97 check passes.
    scan('iban', /(?<![0-9A-Za-z])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,34}/g, (m) => {
      const compact = m[0].replace(/[ -]/g, '');
      // From a length, whole two-letter codes up to the country (never across the next length).
      const known = +(new RegExp(`(\\d\\d)(?:[A-Z]{2})*?${compact.slice(0, 2)}`, 'i').exec(IBAN_LENGTHS)?.[1] ?? 0);
      // Where each letter or digit of the match ends (the others are ' ' and '-', both below '0').
      const ends: number[] = [];
      [...m[0]].forEach((c, i) => c >= '0' && ends.push(i + 1));
      for (let len = Math.min(known || 34, compact.length); len >= (known || 15); len--) {
        // Where the first `len` letters and digits end; never cut through a word or number.
        const end = m.index + ends[len - 1]!;
        if (!/[0-9A-Za-z]/.test(v[end] ?? '') && ibanValid(compact.slice(0, len))) return end;
      }
    });
    scan('cn-id', /(?<![0-9A-Za-z])(\d{6})[ -]?(\d{8})[ -]?(\d{3}[\dXx])(?![0-9A-Za-z])/g, (m) => cnIdValid(m[1]! + m[2]! + m[3]!) && m.index + m[0].length);
    // CN mobile 1[3-9]x xxxx xxxx, optionally +86 / 0086; E.164 '+' then 7–15 digits, spaced,
    // dashed, dotted or slashed, an area code in brackets, a trunk prefix '(0)' not counted. A
    // number whose first '.' (or a ',') has 1–2 decimals after it, in it or right after it
    // (+5000000.00), is an amount; '+33 6.12.34.56.78' is not.
    scan('phone', /(?<![0-9A-Za-z+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)|(?<![0-9+])\+[1-9](?:\d{0,2} ?\(0\))?(?:[ ./-]?\(?\d\)?){6,14}(?!\d)/g, (m) => {
      const end = m.index + m[0].length;
      return !/^[^.]*[.,]\d\d?(?![\d.])/.test(m[0] + v.slice(end, end + 4)) && end;
    });
    // Letters of any script but kana, Han (U+3040–9FFF: kana, Bopomofo, CJK extension A, unified
    // ideographs) and Hangul syllables (U+AC00–D7AF): Chinese text right before or after an
    // address is not part of it.
    scan('email', /(?<![^\P{L}\u3040-\u9fff\uac00-\ud7af]|[\p{M}\d._%+-])(?:[^\P{L}\u3040-\u9fff\uac00-\ud7af]|[\p{M}\d._%+-])+@(?:[^\P{L}\u3040-\u9fff\uac00-\ud7af]|[\p{M}\d-])+(?:\.(?:[^\P{L}\u3040-\u9fff\uac00-\ud7af]|[\p{M}\d-])+)*\.(?:[^\P{L}\u3040-\u9fff\uac00-\ud7af]|\p{M}){2,}(?![^\P{L}\u3040-\u9fff\uac00-\ud7af]|[\p{M}\d-])/gu);
  }

  // Overlapping matches form one region, masked as its strongest kind, so no part of a card can
  // escape through a weaker, overlapping match.
  matches.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let pos = 0;
  const found: RedactKind[] = [];
  for (let i = 0; i < matches.length; ) {
    const first = matches[i]!;
    let [start, end, kind] = first;
    while (++i < matches.length && matches[i]![0] < end) {
      end = Math.max(end, matches[i]![1]);
      if (STRENGTH.indexOf(matches[i]![2]) < STRENGTH.indexOf(kind)) kind = matches[i]![2];
    }
    // '+' and digits that the phone pattern takes whole (an E.164 number that happens to
    // pass Luhn) stay a phone; its mask hides all but the last four digits too.
    if (kind === 'card' && first[2] === 'phone' && first[1] === end && v[start] === '+') kind = 'phone';
    out += text.slice(pos, start) + maskAs(kind, v.slice(start, end), text.slice(start, end), mask);
    pos = end;
    if (!found.includes(kind)) found.push(kind);
  }
  return { text: out + text.slice(pos), found };
}
