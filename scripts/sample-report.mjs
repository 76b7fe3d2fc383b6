// A small, real job for the built @feedbackkit/core: generate a deterministic sample of
// branch/counter/staff feedback (seeded PRNG), score it with tallies, and print a report —
// NPS/CSAT/CES with intervals per branch, the counter evaluator's 0–100 index per teller,
// and PII redaction of free-text comments. `npm start` runs it (scripts/start.mjs).
import {
  createTally,
  tallyAdder,
  mergeTallies,
  tallyMetrics,
  meanScore,
  share,
  redact,
  scales,
} from '../packages/core/dist/index.js';
import { prng } from './prng.mjs';


const BRANCHES = [
  { id: 'SH-PD', name: 'Shanghai Pudong', quality: 0.8, responses: 420, counters: ['C1', 'C2', 'C3'] },
  { id: 'BJ-XC', name: 'Beijing Xicheng', quality: 0.55, responses: 260, counters: ['C1', 'C2'] },
  { id: 'SZ-FT', name: 'Shenzhen Futian', quality: 0.3, responses: 140, counters: ['C1', 'C2'] },
];

// Synthetic comments; every number in them is a published test number or made up.
const COMMENTS = [
  'Teller was quick. My card 4111 1111 1111 1111 was returned safely.',
  '请回电 138 1234 5678，柜台等待时间太长',
  'Refund to DE89 3704 0044 0532 0130 00 please, transfer 1,000,000.00 on 2026-11-22',
  '身份证号 11010519491231002X 登记错了',
  'Contact me at li.wei@example.com or +44 20 7946 0958 — order 4111-1111-1111-1112',
];

/** Deterministic sample data: one array of plain response records. */
export function sampleData(seed = 20261122) {
  const rand = prng(seed);
  // A rough bell around a quality-dependent mean, rounded onto the scale.
  const rate = (min, max, quality) => {
    const z = rand() + rand() + rand() - 1.5; // ≈ N(0, 0.5)
    const v = Math.round(min + (max - min) * (0.4 + 0.55 * quality) + z * (max - min) * 0.3);
    return Math.min(max, Math.max(min, v));
  };
  const responses = [];
  for (const b of BRANCHES) {
    for (let i = 0; i < b.responses; i++) {
      const counter = b.counters[Math.floor(rand() * b.counters.length)];
      // two regular tellers per counter, and now and then a trainee (few ratings → small sample)
      const staff = `${b.id}-${counter}-${rand() < 0.04 ? 3 : 1 + Math.floor(rand() * 2)}`;
      responses.push({
        branch: b.id,
        counter,
        staff,
        nps: rate(0, 10, b.quality),
        csat: rate(1, 5, b.quality),
        ces: rate(1, 7, b.quality),
        evaluator: rate(1, 3, b.quality + (staff.endsWith('-1') ? 0.1 : -0.1)),
        complaint: rand() < 0.12 - 0.1 * b.quality,
      });
    }
  }
  return { seed, branches: BRANCHES, responses, comments: COMMENTS };
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const num = (x, d = 1) => x.toFixed(d);
const signed = (x, d = 1) => (x >= 0 ? '+' : '') + x.toFixed(d);
const interval = (ci, f = num) => `[${f(ci[0])}, ${f(ci[1])}]`;

/**
 * Scores the sample and prints the report through `print` (default console.log).
 * Returns the computed figures, so callers (and tests) can use them.
 */
export function printSampleReport({ print = console.log, seed = 20261122 } = {}) {
  const { branches, responses, comments } = sampleData(seed);
  const staffIds = new Set(responses.map((r) => r.staff));
  print(`Feedbackkit sample report — synthetic data (seed ${seed}), scored by @feedbackkit/core`);
  print(`${branches.length} branches, ${branches.reduce((s, b) => s + b.counters.length, 0)} counters, ${staffIds.size} tellers, ${responses.length} responses\n`);

  // One tally per branch and metric, filled in a single pass; merged for the total.
  const tallies = new Map();
  for (const b of branches) {
    tallies.set(b.id, {
      nps: createTally(scales.nps),
      csat: createTally(scales.csat5),
      ces: createTally(scales.ces7),
    });
  }
  const adders = new Map(
    [...tallies].map(([id, t]) => [id, { nps: tallyAdder(t.nps), csat: tallyAdder(t.csat), ces: tallyAdder(t.ces) }]),
  );
  for (const r of responses) {
    const add = adders.get(r.branch);
    add.nps(r.nps);
    add.csat(r.csat);
    add.ces(r.ces);
  }
  const rows = branches.map((b) => ({ name: b.name, ...tallies.get(b.id) }));
  rows.push({
    name: 'All branches (merged)',
    nps: mergeTallies(...rows.map((r) => r.nps)),
    csat: mergeTallies(...rows.map((r) => r.csat)),
    ces: mergeTallies(...rows.map((r) => r.ces)),
  });

  const figures = { branches: {}, staff: {}, redaction: [] };
  print(`${pad('NPS (0–10)', 24)}${lpad('n', 5)}${lpad('NPS', 8)}  ${pad('95 % CI', 17)}${lpad('prom.', 7)}${lpad('pass.', 7)}${lpad('detr.', 7)}`);
  for (const r of rows) {
    const m = tallyMetrics(r.nps).nps;
    figures.branches[r.name] = { nps: m };
    print(`${pad(r.name, 24)}${lpad(m.n, 5)}${lpad(signed(m.score), 8)}  ${pad(interval(m.ci, signed), 17)}${lpad(num(m.promoters) + '%', 7)}${lpad(num(m.passives) + '%', 7)}${lpad(num(m.detractors) + '%', 7)}${m.smallSample ? '  small sample' : ''}`);
  }
  print(`\n${pad('CSAT (1–5, top-2-box)', 24)}${lpad('n', 5)}${lpad('CSAT', 8)}  ${pad('Wilson 95 % CI', 17)}`);
  for (const r of rows) {
    const m = tallyMetrics(r.csat).csat;
    figures.branches[r.name].csat = m;
    print(`${pad(r.name, 24)}${lpad(m.n, 5)}${lpad(num(m.score) + '%', 8)}  ${pad(interval(m.ci), 17)}`);
  }
  print(`\n${pad('CES (1–7, 7 = easy)', 24)}${lpad('n', 5)}${lpad('mean', 8)}  ${pad('95 % CI (t)', 17)}${lpad('agree', 7)}`);
  for (const r of rows) {
    const m = tallyMetrics(r.ces).ces;
    figures.branches[r.name].ces = m;
    print(`${pad(r.name, 24)}${lpad(m.n, 5)}${lpad(num(m.mean, 2), 8)}  ${pad(interval(m.ci, (x) => num(x, 2)), 17)}${lpad(num(m.agree) + '%', 7)}`);
  }

  print(`\nCounter evaluator (satisfied 3 / neutral 2 / dissatisfied 1 → index 0–100), per teller`);
  print(`${pad('teller', 24)}${lpad('n', 5)}${lpad('index', 8)}  ${pad('95 % CI', 17)}`);
  for (const staff of [...staffIds].sort()) {
    const m = meanScore(responses.filter((r) => r.staff === staff).map((r) => r.evaluator), scales.evaluator3, { minSample: 30 });
    figures.staff[staff] = m;
    print(`${pad(staff, 24)}${lpad(m.n, 5)}${lpad(num(m.index), 8)}  ${pad(interval(m.indexCi), 17)}${m.smallSample ? 'small sample: not ranked' : ''}`);
  }

  const complaints = share(responses.map((r) => r.complaint));
  figures.complaintRate = complaints;
  print(`\nComplaint rate: ${num(complaints.share)}% of ${complaints.n} (Wilson 95 % CI ${interval(complaints.ci)})`);

  print('\nPII redaction of free-text comments (synthetic test numbers):');
  for (const c of comments) {
    const r = redact(c);
    figures.redaction.push(r);
    print(`  ${c}\n→ ${r.text}   [${r.found.join(', ') || 'nothing found'}]`);
  }
  return figures;
}
