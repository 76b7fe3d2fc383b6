import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { safeParseSubmission } from '@feedbackkit/schema';
import { describe, expect, it } from 'vitest';
import { createOutbox } from './index.js';
import { backend, submission } from '../test/helpers.js';

const make = (over: Parameters<typeof createOutbox>[0] extends infer O ? Partial<O> : never = {}) => {
  const b = backend();
  const factory = new IDBFactory();
  const outbox = createOutbox({ endpoint: 'https://c.test/', indexedDB: factory, fetch: b.fetch, autoFlush: false, ...over });
  return { outbox, b, factory };
};

async function allRows(factory: IDBFactory): Promise<string> {
  const db = await new Promise<IDBDatabase>((res) => {
    const r = factory.open('feedbackkit-outbox:default');
    r.onsuccess = () => res(r.result);
  });
  const values = await new Promise<unknown[]>((res) => {
    const r = db.transaction('outbox').objectStore('outbox').getAll();
    r.onsuccess = () => res(r.result);
  });
  db.close();
  return JSON.stringify(values);
}

describe('createOutbox (default entry)', () => {
  it('redacts free-text answers with core redact before the write', async () => {
    const { outbox, b, factory } = make();
    // 4111 1111 1111 1111 passes the Luhn check (a test Visa number), so core masks it
    await outbox.submit(submission({ answers: { why: { type: 'text', value: 'my card 4111 1111 1111 1111 was declined' } } }));
    const stored = await allRows(factory);
    expect(stored).not.toContain('4111 1111 1111 1111');
    expect(stored).toContain('was declined');
    outbox.close();
    await outbox.flush();
    const sent = b.requests[0]!.body.submissions[0]!.answers.why as { value: string };
    expect(sent.value).not.toMatch(/4111 1111 1111 1111/);
    expect(sent.value).toMatch(/^my card .* was declined$/);
  });

  it('redact: false stores the text as given', async () => {
    const { outbox, factory } = make({ redact: false });
    await outbox.submit(submission({ answers: { why: { type: 'text', value: 'card 4111 1111 1111 1111' } } }));
    expect(await allRows(factory)).toContain('4111 1111 1111 1111');
  });

  it('accepts safeParseSubmission from @feedbackkit/schema as the validator', async () => {
    const { outbox } = make({ validate: safeParseSubmission });
    await expect(outbox.submit(submission())).resolves.toMatchObject({ durable: true });
    // the built-in check would pass this (answers is an object); the schema knows a rating value is a number
    const bad = submission({ answers: { q1: { type: 'rating', scale: { kind: 'nps' }, value: 'nine' as never } } });
    await expect(outbox.submit(bad)).rejects.toMatchObject({ code: 'invalid-submission', field: 'answers.q1.value', details: { value: 'nine' } });
  });
});
