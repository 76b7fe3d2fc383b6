// @feedbackkit/core throughput: tally 10 million responses and compute every metric, and
// merge 10,000 shard tallies — each against the naive way (an array of response objects,
// scored by the direct functions) measured in the same run. Imports the BUILT package.
import {
  createTally,
  addToTally,
  tallyAdder,
  mergeTallies,
  tallyMetrics,
  tallyOf,
  nps,
  meanScore,
  scales,
} from '@feedbackkit/core';
import { prng } from '../../scripts/prng.mjs';


/** NPS answers with a plausible skew (many 8–10s, a tail of low scores). */
function answers(n, seed) {
  const rand = prng(seed);
  const cdf = [0.03, 0.05, 0.07, 0.09, 0.11, 0.15, 0.2, 0.3, 0.5, 0.72, 1];
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    let v = 0;
    while (r > cdf[v]) v++;
    out[i] = v;
  }
  return out;
}

const time = (fn) => {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
};
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export default async function coreBench({ quick, log }) {
  const N = quick ? 1_000_000 : 10_000_000;
  const SHARDS = 10_000;
  const perShard = N / SHARDS;
  const data = answers(N, 20261122);
  const scale = scales.nps;
  log(`${fmt(N)} NPS answers generated`);

  // Warm up every path on a small slice so the JIT is comparable.
  {
    const w = data.subarray(0, 50_000);
    const objs = Array.from(w, (value) => ({ value, weight: 1 }));
    nps(objs);
    meanScore(objs, scale);
    const t = createTally(scale);
    const add = tallyAdder(t);
    for (let i = 0; i < w.length; i++) add(w[i]);
    for (let i = 0; i < w.length; i++) addToTally(t, w[i]);
    tallyMetrics(t);
  }

  const rows = [];

  // 1. Naive: keep every response as an object, score the array.
  const naive = time(() => {
    const objs = new Array(N);
    for (let i = 0; i < N; i++) objs[i] = { value: data[i], weight: 1 };
    return { nps: nps(objs), mean: meanScore(objs, scale), objs };
  });
  const objs = naive.result.objs;
  log(`naive: ${fmt(naive.ms)} ms`);

  // 2. Tally with the hot-loop adder.
  const fast = time(() => {
    const t = createTally(scale);
    const add = tallyAdder(t);
    for (let i = 0; i < N; i++) add(data[i]);
    return tallyMetrics(t);
  });
  log(`tallyAdder: ${fmt(fast.ms)} ms`);

  // 3. Tally with addToTally (validates and looks the scale up on every call).
  const plain = time(() => {
    const t = createTally(scale);
    for (let i = 0; i < N; i++) addToTally(t, data[i]);
    return tallyMetrics(t);
  });
  log(`addToTally: ${fmt(plain.ms)} ms`);

  const same = (a, b) => Math.abs(a - b) < 1e-9;
  const agree =
    same(fast.result.nps.score, naive.result.nps.score) &&
    same(fast.result.nps.marginOfError, naive.result.nps.marginOfError) &&
    same(plain.result.mean.mean, naive.result.mean.mean);
  if (!agree) throw new Error('tally metrics differ from the direct metrics');

  const perSec = (n, ms) => `${fmt(n / (ms / 1000) / 1e6, 1)} M/s`;
  rows.push(
    { task: `score ${fmt(N)} responses: array of { value, weight } objects → nps() + meanScore() (baseline)`, 'time (ms)': fmt(naive.ms), throughput: perSec(N, naive.ms), 'vs baseline': '1.0×' },
    { task: `score ${fmt(N)} responses: tallyAdder per response → tallyMetrics()`, 'time (ms)': fmt(fast.ms), throughput: perSec(N, fast.ms), 'vs baseline': `${fmt(naive.ms / fast.ms, 1)}×` },
    { task: `score ${fmt(N)} responses: addToTally per response → tallyMetrics()`, 'time (ms)': fmt(plain.ms), throughput: perSec(N, plain.ms), 'vs baseline': `${fmt(naive.ms / plain.ms, 1)}×` },
  );

  // Shards: 10,000 slices of the same data, as arrays of objects and as tallies.
  const shardObjs = [];
  const shardTallies = [];
  for (let s = 0; s < SHARDS; s++) {
    shardObjs.push(objs.slice(s * perShard, (s + 1) * perShard));
    shardTallies.push(tallyOf(scale, Array.from(data.subarray(s * perShard, (s + 1) * perShard))));
  }
  const shardJson = shardTallies.map((t) => JSON.stringify(t));
  log(`${fmt(SHARDS)} shards of ${fmt(perShard)} responses prepared`);

  // 4. Naive merge: concatenate the raw shards and rescore.
  const naiveMerge = time(() => {
    const all = [].concat(...shardObjs);
    return { nps: nps(all), mean: meanScore(all, scale) };
  });
  // 5. Merge tallies.
  const merged = time(() => tallyMetrics(mergeTallies(...shardTallies)));
  // 6. Merge tallies arriving as JSON (parse + validate each shard).
  const mergedJson = time(() => tallyMetrics(mergeTallies(...shardJson.map((j) => JSON.parse(j)))));
  if (!same(merged.result.nps.score, naiveMerge.result.nps.score) || !same(mergedJson.result.nps.score, naive.result.nps.score)) {
    throw new Error('merged metrics differ');
  }
  const shardsPerSec = (ms) => `${fmt(SHARDS / (ms / 1000) / 1e3, 1)} k shards/s`;
  rows.push(
    { task: `merge ${fmt(SHARDS)} shards: concatenate object arrays → nps() + meanScore() (baseline)`, 'time (ms)': fmt(naiveMerge.ms, 1), throughput: shardsPerSec(naiveMerge.ms), 'vs baseline': '1.0×' },
    { task: `merge ${fmt(SHARDS)} shard tallies: mergeTallies() → tallyMetrics()`, 'time (ms)': fmt(merged.ms, 1), throughput: shardsPerSec(merged.ms), 'vs baseline': `${fmt(naiveMerge.ms / merged.ms, 1)}×` },
    { task: `merge ${fmt(SHARDS)} shard tallies from JSON: JSON.parse + validate + merge → tallyMetrics()`, 'time (ms)': fmt(mergedJson.ms, 1), throughput: shardsPerSec(mergedJson.ms), 'vs baseline': `${fmt(naiveMerge.ms / mergedJson.ms, 1)}×` },
  );

  const r = fast.result.nps;
  return {
    title: '@feedbackkit/core: tallies vs arrays of responses',
    command: `cd packages/core && ../../node_modules/.bin/rollup -c rollup.config.mjs && cd ../.. && node tests/bench/run.mjs core${quick ? ' --quick' : ''}`,
    rows,
    notes: [
      `Data: ${fmt(N)} seeded NPS answers (mulberry32, seed 20261122); every path must produce the same metrics or the bench fails. Result: NPS ${fmt(r.score, 2)} ± ${fmt(r.marginOfError, 2)}, mean ${fmt(fast.result.mean.mean, 3)}.`,
      '"All metrics" for an NPS tally: NPS with margin of error and interval, mean with t interval, 0–100 index, top/bottom-box shares with Wilson intervals. The baseline computes the same set with nps() and meanScore().',
      `A tally is ${JSON.stringify(createTally(scale)).length} bytes of JSON (11 counts, 11 weight sums, Σw²) whatever the number of responses; the baseline keeps every response object in memory.`,
      'Single run, shared 2-core machine: read the ratios, not the absolute times.',
    ],
  };
}
