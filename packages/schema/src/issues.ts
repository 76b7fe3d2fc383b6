// Turning zod's issues into one readable line per failing path, and the SchemaError thrown
// by the parse functions.

/** One failing path and why, e.g. `{ path: 'answers.q1.value', message: 'expected a finite number, got "nine"' }`. */
export interface SchemaIssue {
  /** Dotted path with `[i]` for array items; `''` is the value itself. */
  path: string;
  message: string;
}

export type SchemaErrorCode =
  | 'invalid-submission'
  | 'invalid-definition'
  | 'invalid-ingest-request'
  | 'invalid-ingest-response';

/** How many issues a SchemaError's message spells out; `issues` always holds them all. */
const MESSAGE_ISSUES = 10;

/** Thrown by the `parse*` functions. `field` is the first failing path; `issues` lists every one. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  readonly code: SchemaErrorCode;
  readonly field: string;
  readonly issues: SchemaIssue[];

  constructor(code: SchemaErrorCode, issues: SchemaIssue[]) {
    const what = code.replace(/^invalid-/, '').replace(/-/g, ' ');
    const lines = issues.slice(0, MESSAGE_ISSUES).map((i) => `  ${i.path || '(root)'}: ${i.message}`);
    if (issues.length > MESSAGE_ISSUES) lines.push(`  … and ${issues.length - MESSAGE_ISSUES} more`);
    super(`invalid ${what}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`);
    this.code = code;
    this.field = issues[0]?.path ?? '';
    this.issues = issues;
  }
}

/** The subset of a zod issue this module reads (zod's own type is a wide union). */
export interface RawIssue {
  readonly code: string;
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly origin?: string;
  readonly maximum?: number | bigint;
  readonly minimum?: number | bigint;
  readonly inclusive?: boolean;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly errors?: ReadonlyArray<ReadonlyArray<RawIssue>>;
  readonly issues?: ReadonlyArray<RawIssue>;
  readonly note?: string;
  readonly divisor?: number;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `['answers', 'q1', 'value']` → `answers.q1.value`; `['questions', 3, 'id']` → `questions[3].id`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A value as it should appear in a message: bounded, escaped, unambiguous. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}…` : value;
    const quoted = JSON.stringify(shown);
    return value.length > 40 ? `${quoted} (${value.length} characters)` : quoted;
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined || value === null || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a finite number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

function got(issue: RawIssue): string {
  return 'input' in issue ? `, got ${describeValue(issue.input)}` : '';
}

function sizeOf(input: unknown): number | undefined {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  return undefined;
}

function bound(issue: RawIssue): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  const size = sizeOf(issue.input);
  if (issue.origin === 'string' || issue.origin === 'array') {
    const unit = issue.origin === 'string' ? 'character' : 'item';
    const units = (n: number) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    if (!big && limit === 1) return issue.origin === 'string' ? 'must not be empty' : 'must have at least 1 item';
    return `must have ${big ? 'at most' : 'at least'} ${units(limit)}${size === undefined ? '' : `, got ${size}`}`;
  }
  const op = big ? (issue.inclusive === false ? '<' : '≤') : issue.inclusive === false ? '>' : '≥';
  return `must be ${op} ${limit}${got(issue)}`;
}

/** One zod issue → readable issues (an unknown-keys issue becomes one per key). */
function explain(issue: RawIssue, prefix: ReadonlyArray<PropertyKey>, out: SchemaIssue[]): void {
  const path = [...prefix, ...issue.path];
  const push = (message: string, at = path) => out.push({ path: formatPath(at), message });
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected ?? ''] ?? issue.expected ?? 'something else';
      if ('input' in issue && issue.input === undefined) push(`is required (expected ${expected})`);
      else push(`expected ${expected}${got(issue)}`);
      return;
    }
    case 'too_big':
    case 'too_small':
      push(bound(issue));
      return;
    case 'unrecognized_keys':
      for (const key of issue.keys ?? []) push('is not a known field', [...path, key]);
      return;
    case 'invalid_value': {
      const values = (issue.values ?? []).map((v) => JSON.stringify(v));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      if ('input' in issue && issue.input === undefined) push(`is required (expected ${expected})`);
      else push(`expected ${expected}${got(issue)}`);
      return;
    }
    case 'not_multiple_of':
      push(`must be a multiple of ${issue.divisor}${got(issue)}`);
      return;
    case 'invalid_format':
      push(`${issue.message}${got(issue)}`);
      return;
    case 'invalid_key':
      for (const inner of issue.issues ?? []) {
        const sub: SchemaIssue[] = [];
        explain({ ...inner, path: [] }, [], sub);
        for (const s of sub) push(`key ${describeValue(issue.input)} is invalid: ${s.message}`);
      }
      return;
    case 'invalid_union':
      explainUnion(issue, path, push, out);
      return;
    default:
      push(issue.message);
  }
}

/**
 * A union that matched no branch. A discriminated union names the allowed tags. Otherwise the
 * branch the input evidently meant (the only one whose own fields fit) is explained in full;
 * failing that, the union's own description is given.
 */
function explainUnion(issue: RawIssue, path: PropertyKey[], push: (m: string) => void, out: SchemaIssue[]): void {
  if (issue.note === 'No matching discriminator') {
    const tag = typeof issue.input === 'object' && issue.input !== null ? (issue.input as Record<PropertyKey, unknown>)[path[path.length - 1] ?? ''] : undefined;
    const options = (issue.options ?? []).map((o) => JSON.stringify(o)).join(', ');
    push(tag === undefined ? `is required (expected one of ${options})` : `expected one of ${options}, got ${describeValue(tag)}`);
    return;
  }
  const branches = (issue.errors ?? []).filter(
    (issues) => !issues.some((i) => i.path.length === 0 && ['invalid_type', 'unrecognized_keys', 'invalid_value'].includes(i.code)) &&
      !issues.some((i) => i.path.length === 1 && i.code === 'invalid_type' && 'input' in i && i.input === undefined),
  );
  if (branches.length === 1) {
    for (const inner of branches[0]!) explain(inner, path, out);
    return;
  }
  if ('input' in issue && issue.input === undefined) push(`is required (${issue.message})`);
  else push(`${issue.message}${got(issue)}`);
}

/** Every failing path of a zod error, in zod's order. */
export function explainIssues(issues: ReadonlyArray<RawIssue>): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const issue of issues) explain(issue, [], out);
  return out;
}
