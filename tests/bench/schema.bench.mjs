// @feedbackkit/schema throughput: validating submissions and 500-item ingest batches with the
// zod/mini parsers, against (a) ajv running the exported JSON Schema (what a non-TypeScript
// backend would do, minus the cross-field rules) and (b) JSON.parse of the same bytes (the
// floor every backend pays). All in one run; imports the BUILT package.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseIngestRequest, safeParseSubmission } from '@feedbackkit/schema';
import { jsonSchemas } from '@feedbackkit/schema/json-schema';
import { prng } from '../../scripts/prng.mjs';


/** Realistic submissions: an NPS rating with reasons, a comment, a checklist, full counter context. */
function submissions(n, seed) {
  const rand = prng(seed);
  const hex = (k) => Array.from({ length: k }, () => Math.floor(rand() * 16).toString(16)).join('');
  return Array.from({ length: n }, (_, i) => ({
    id: `${hex(8)}-${hex(4)}-7${hex(3)}-${'89ab'[i % 4]}${hex(3)}-${i.toString(16).padStart(12, '0')}`,
    createdAt: new Date(Date.UTC(2026, 10, 22) + i * 1000).toISOString(),
    survey: { id: 'branch-visit', version: 3 },
    status: 'complete',
    answers: {
      nps: { type: 'rating', scale: { kind: 'nps' }, value: Math.floor(rand() * 11), reasons: rand() < 0.2 ? ['waiting', 'attitude'] : undefined },
      comment: { type: 'text', value: 'The teller was helpful but the queue was long. '.repeat(1 + Math.floor(rand() * 3)) },
      etiquette: { type: 'checklist', value: { greeted: rand() < 0.9, thanked: rand() < 0.8 } },
    },
    context: {
      channel: 'counter',
      branch: `sh-${Math.floor(rand() * 200)}`,
      counter: `w${Math.floor(rand() * 12)}`,
      staff: `E${1000 + Math.floor(rand() * 900)}`,
      transaction: `T-2026-${i}`,
      locale: 'zh-CN',
      measures: { waitSeconds: Math.round(rand() * 900), handlingSeconds: Math.round(rand() * 300) },
    },
    classification: 'confidential',
  })).map((s) => JSON.parse(JSON.stringify(s))); // drop the undefined reasons, as the wire would
}

const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Best of `rounds` timings of fn() over the whole data set, in ms. */
function best(fn, rounds) {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

export default async function schemaBench({ root, quick, log }) {
  const N = quick ? 5_000 : 50_000;
  const rounds = quick ? 3 : 5;
  const data = submissions(N, 20261122);
  const texts = data.map((s) => JSON.stringify(s));
  const batches = [];
  for (let i = 0; i < N; i += 500) batches.push({ protocol: 1, sentAt: '2026-11-22T10:00:00.000Z', submissions: data.slice(i, i + 500) });
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  log(`${fmt(N)} submissions, ${fmt(bytes / N)} bytes of JSON each`);

  // ajv is the schema package's devDependency; resolve it from there.
  const require = createRequire(join(root, 'packages/schema/package.json'));
  const { Ajv2020 } = require('ajv/dist/2020.js');
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  const ajvSubmission = ajv.compile(jsonSchemas.submission);
  const ajvRequest = ajv.compile(jsonSchemas.ingestRequest);

  // Every path must agree that the data is valid before anything is timed.
  for (const s of data.slice(0, 1000)) {
    if (!safeParseSubmission(s).success || !ajvSubmission(s)) throw new Error(`bench data invalid: ${JSON.stringify(s)}`);
  }

  const bad = { ...data[0], id: 'not-a-uuid', status: 'done', answers: { nps: { type: 'rating', scale: { kind: 'nps' }, value: 'nine' } } };
  const badN = Math.floor(N / 10);

  const runs = [
    ['JSON.parse of each submission (floor)', N, () => { for (const t of texts) JSON.parse(t); }],
    ['safeParseSubmission (zod/mini), valid', N, () => { for (const s of data) safeParseSubmission(s); }],
    ['ajv + exported JSON Schema, valid', N, () => { for (const s of data) ajvSubmission(s); }],
    ['parseIngestRequest, 500-item batches', N, () => { for (const b of batches) parseIngestRequest(b); }],
    ['ajv + ingest-request JSON Schema, 500-item batches', N, () => { for (const b of batches) ajvRequest(b); }],
    ['safeParseSubmission, invalid (3 issues, messages built)', badN, () => { for (let i = 0; i < badN; i++) safeParseSubmission(bad); }],
  ];
  for (const [, , fn] of runs) best(fn, 1); // warm-up
  const rows = [];
  let zodMs;
  for (const [what, count, fn] of runs) {
    const ms = best(fn, rounds);
    if (what.startsWith('safeParseSubmission (zod/mini)')) zodMs = ms / count;
    rows.push({ what, items: fmt(count), 'best ms': fmt(ms, 1), 'submissions/s': fmt((count / ms) * 1000), 'µs each': fmt((ms / count) * 1000, 2) });
    log(what, fmt(ms, 1), 'ms');
  }
  for (const row of rows) row['× zod/mini time'] = fmt(Number(row['µs each'].replace(/,/g, '')) / 1000 / zodMs, 2);

  return {
    title: '@feedbackkit/schema validation throughput',
    command: 'node tests/bench/run.mjs schema',
    rows,
    notes: [
      `${fmt(N)} generated submissions (NPS rating, comment, checklist, counter context; ${fmt(bytes / N)} bytes of JSON each), best of ${rounds} rounds after a warm-up, one thread.`,
      'zod/mini runs jitless (no `new Function`, strict-CSP safe) and reports every issue with a readable message; ajv compiles the JSON Schema to code (needs `unsafe-eval` in a browser) and does not check the cross-field rules (duplicate ids).',
      'The "× zod/mini time" column is each row\'s time per item divided by safeParseSubmission\'s, measured in the same run.',
    ],
  };
}
