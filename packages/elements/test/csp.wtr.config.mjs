// Runs test/*.csp.ts in Chromium on pages served with the strict policy banking sites use:
//   default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'
// The test runner injects two inline <script>s of its own (log capture, config); this
// middleware moves them into same-origin files so the harness runs under the same policy
// without loosening it. Nothing of Feedbackkit's is rewritten.
//   node_modules/.bin/wtr --config packages/elements/test/csp.wtr.config.mjs
import base from '../../../web-test-runner.config.mjs';

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
const moved = new Map();
let next = 0;

function strictCsp() {
  return async (ctx, nextMiddleware) => {
    const m = /^\/__csp_inline__\/(\d+)\.js$/.exec(ctx.path);
    if (m && moved.has(m[1])) {
      ctx.type = 'application/javascript';
      ctx.body = moved.get(m[1]);
      return;
    }
    await nextMiddleware();
    if (ctx.path !== '/' || !ctx.response.is('html') || typeof ctx.body !== 'string') return;
    ctx.body = ctx.body.replace(/<script(\s+type="module")?>([\s\S]*?)<\/script>/g, (_, type = '', code) => {
      const id = String(next++);
      moved.set(id, code);
      return `<script${type} src="/__csp_inline__/${id}.js"></script>`;
    });
    ctx.set('Content-Security-Policy', CSP);
  };
}

export default {
  ...base,
  files: ['packages/elements/test/**/*.csp.ts', 'packages/embed/test/**/*.csp.ts'],
  middleware: [strictCsp()],
};
