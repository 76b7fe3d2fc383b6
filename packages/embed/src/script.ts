// Entry of dist/feedbackkit.min.js, the self-contained script-tag bundle:
//   <script type="module" src=".../feedbackkit.min.js" integrity="sha384-..." crossorigin
//           data-endpoint="/feedback" data-site-key="site-1"></script>
// Configured from its own tag when it has data-endpoint, or later with
// Feedbackkit.init({ endpoint, siteKey }). Module scripts have no document.currentScript,
// so the tag is found by comparing each script's resolved src with import.meta.url.
import { init } from './index.js';

export { init };
export { connect } from './index.js';

declare global {
  interface Window {
    Feedbackkit?: { init: typeof init };
  }
}

window.Feedbackkit = { init };

const tag = Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => s.src === import.meta.url);
const endpoint = tag?.dataset.endpoint;
if (endpoint) init({ endpoint, siteKey: tag.dataset.siteKey, name: tag.dataset.outbox });
