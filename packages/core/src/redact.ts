import { FeedbackError, describeValue } from './errors.js';

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
// When matches overlap, the strongest evidence names the kind; the union is masked.
const PRIORITY: Record<RedactKind, number> = { 'cn-id': 0, iban: 1, card: 2, phone: 3, email: 4 };

interface Match {
  start: number;
  end: number;
  kind: RedactKind;
}

const isAlnum = (c: string | undefined) => c !== undefined && /[0-9A-Za-z]/.test(c);

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
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = v > 9 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return rest === 1;
}

/** PRC resident identity number check character (GB 11643, ISO 7064 MOD 11-2) and birth date. */
export function cnIdValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * weights[i]!;
  if ('10X98765432'[sum % 11] !== id[17]!.toUpperCase()) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  return y >= 1800 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * Card candidates: runs of digit groups joined by one space or dash. Every span of whole
 * groups holding 13–19 digits that passes Luhn is a match (overlapping spans are merged
 * later), so a card is found however it is grouped and whatever numbers sit next to it.
 */
function findCards(text: string, out: Match[]): void {
  for (const run of text.matchAll(/\d+(?:[ -]\d+)*/g)) {
    const groups: Array<{ start: number; end: number; digits: string }> = [];
    for (const g of run[0].matchAll(/\d+/g)) groups.push({ start: run.index + g.index, end: run.index + g.index + g[0].length, digits: g[0] });
    for (let i = 0; i < groups.length; i++) {
      // No payment card number starts with 0 (ISO/IEC 7812 major industry identifier 0 is
      // not issued to card networks); this keeps '0086 138…' a phone number.
      if (groups[i]!.digits[0] === '0') continue;
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        digits += groups[j]!.digits;
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhnValid(digits)) out.push({ start: groups[i]!.start, end: groups[j]!.end, kind: 'card' });
      }
    }
  }
}

// IBAN length per country (ISO 13616 registry), grouped by length: "18DKFI…" means DK and FI
// IBANs have 18 characters. A known country is checked at its one length only; trying every
// length 15–34 would make a random group of digits pass mod-97 about one time in five.
const IBAN_LENGTHS =
  '15NO16BE18DKFIFOGLNL19MKSI20ATBAEEKZLTLUXK21CHHRLILV22BGBHCRDEGBGEIEMERSVA23AEGIILIQTL24ADCZESMDPKROSASESKTNVG25LYPTST26ISTR27FRGRITMCMRSM28ALAZBYCYDOGTHULBPLSV29BREGPSQAUA30JOKWMU31MTSC32LC33RU';

/** The registered IBAN length of `country` (two capital letters), if it is in the table. */
function ibanLength(country: string): number | undefined {
  // From a length, whole two-letter codes up to the country (never across the next length).
  const m = new RegExp(`(\\d\\d)(?:[A-Z]{2})*?${country}`).exec(IBAN_LENGTHS);
  return m ? Number(m[1]) : undefined;
}

function findIbans(text: string, out: Match[]): void {
  // A country code and check digits, then letters/digits in printed groups. The greedy match
  // may swallow a next word or number: cut it at the country's length, or (a country not in
  // the table) shrink from the right until the mod-97 check passes.
  for (const m of text.matchAll(/(?<![0-9A-Za-z])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,34}/g)) {
    const raw = m[0];
    let compact = '';
    const ends: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] !== ' ' && raw[i] !== '-') {
        compact += raw[i];
        ends.push(i + 1);
      }
    }
    const known = ibanLength(compact.slice(0, 2));
    for (let len = Math.min(known ?? 34, compact.length); len >= (known ?? 15); len--) {
      const end = m.index + ends[len - 1]!;
      // Never cut through a word or number.
      if (!isAlnum(text[end]) && ibanValid(compact.slice(0, len))) {
        out.push({ start: m.index, end, kind: 'iban' });
        break;
      }
    }
  }
}

function findCnIds(text: string, out: Match[]): void {
  for (const m of text.matchAll(/(?<![0-9A-Za-z])(\d{6})[ -]?(\d{8})[ -]?(\d{3}[\dXx])(?![0-9A-Za-z])/g)) {
    if (cnIdValid(m[1]! + m[2]! + m[3]!)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'cn-id' });
  }
}

function findPhones(text: string, out: Match[]): void {
  // CN mobile 1[3-9]x xxxx xxxx, optionally +86 / 0086; E.164 '+' then 7–15 digits.
  const re = /(?<![0-9A-Za-z+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)|(?<![0-9+])\+[1-9](?:[ -]?\d){6,14}(?!\d)/g;
  for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'phone' });
}

function findEmails(text: string, out: Match[]): void {
  const re = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
  for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'email' });
}

/** Masks letters and digits except the first `keepFirst` and last `keepLast`; keeps separators. */
function maskAlnum(s: string, keepFirst: number, keepLast: number, mask: string): string {
  let total = 0;
  for (const c of s) if (isAlnum(c)) total++;
  let seen = 0;
  let out = '';
  for (const c of s) {
    if (isAlnum(c)) {
      out += seen < keepFirst || seen >= total - keepLast ? c : mask;
      seen++;
    } else out += c;
  }
  return out;
}

function maskAs(kind: RedactKind, s: string, mask: string): string {
  switch (kind) {
    case 'card':
      // Neither the length nor the grouping survives: "•••• 1111".
      return `${mask.repeat(4)} ${s.replace(/\D/g, '').slice(-4)}`;
    case 'iban':
      return maskAlnum(s, 2, 4, mask);
    case 'cn-id':
      return maskAlnum(s, 0, 4, mask);
    case 'phone': {
      // Keep a country code and, for CN mobiles, the 3-digit carrier prefix (138••••5678).
      const cc = /^(\+|00)86[ -]?/.exec(s)?.[0] ?? (s.startsWith('+') ? '+' : '');
      const rest = s.slice(cc.length);
      return cc + maskAlnum(rest, /^1[3-9]/.test(rest) && cc !== '+' ? 3 : 0, 4, mask);
    }
    case 'email': {
      const at = s.indexOf('@');
      return s[0] + mask.repeat(3) + s.slice(at);
    }
  }
}

/**
 * Finds and masks personal data in free text: payment card numbers (13–19 digits,
 * Luhn-checked, spaced or dashed), IBANs (mod-97), PRC resident ID numbers (check
 * character and birth date), phone numbers (CN mobile, E.164 with '+') and e-mail addresses.
 * Masks keep the text readable — "card •••• 1111", "138••••5678", "j•••@example.com".
 */
export function redact(text: string, opts: RedactOptions = {}): RedactResult {
  if (typeof text !== 'string') {
    throw new FeedbackError('invalid-value', `text: ${describeValue(text)} is not a string`, { field: 'text', value: text });
  }
  const kinds = opts.kinds ?? ALL;
  if (!Array.isArray(kinds) || kinds.some((k) => !ALL.includes(k))) {
    throw new FeedbackError('invalid-option', `kinds: ${describeValue(kinds)} must list kinds from ${ALL.join(', ')}`, {
      field: 'kinds',
      value: kinds,
    });
  }
  const mask = opts.mask ?? '•';
  if (typeof mask !== 'string' || mask.length === 0 || /[0-9A-Za-z]/.test(mask)) {
    throw new FeedbackError('invalid-option', `mask: ${describeValue(mask)} must be a non-empty string without letters or digits`, {
      field: 'mask',
      value: mask,
    });
  }
  if (!/[0-9@]/.test(text)) return { text, found: [] };
  const matches: Match[] = [];
  if (kinds.includes('card')) findCards(text, matches);
  if (kinds.includes('iban')) findIbans(text, matches);
  if (kinds.includes('cn-id')) findCnIds(text, matches);
  if (kinds.includes('phone')) findPhones(text, matches);
  if (kinds.includes('email')) findEmails(text, matches);
  if (matches.length === 0) return { text, found: [] };

  // Overlapping matches form one region, masked as its highest-priority kind, so no part
  // of a card can escape through a weaker, overlapping match.
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  const found: RedactKind[] = [];
  for (let i = 0; i < matches.length; ) {
    const first = matches[i]!;
    let { start, end, kind } = first;
    let j = i + 1;
    for (; j < matches.length && matches[j]!.start < end; j++) {
      end = Math.max(end, matches[j]!.end);
      if (PRIORITY[matches[j]!.kind] < PRIORITY[kind]) kind = matches[j]!.kind;
    }
    // '+' and digits that the phone pattern takes whole (an E.164 number that happens to
    // pass Luhn) stay a phone; its mask hides all but the last four digits too.
    if (kind === 'card' && first.kind === 'phone' && first.end === end && text[start] === '+') kind = 'phone';
    out += text.slice(pos, start) + maskAs(kind, text.slice(start, end), mask);
    pos = end;
    if (!found.includes(kind)) found.push(kind);
    i = j;
  }
  return { text: out + text.slice(pos), found };
}
