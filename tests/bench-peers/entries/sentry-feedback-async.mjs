// Peer: Sentry user feedback with `feedbackAsyncIntegration` — only the trigger button is
// bundled; the form/modal code is fetched from Sentry's CDN at run time when it is opened
// (a <script> injected by lazyLoadIntegration; the host is configurable with `cdnBaseUrl`).
//   import { init, feedbackAsyncIntegration } from '@sentry/browser'
// The figure is therefore the initial bundle only, NOT what the user downloads before they can
// answer; on a strict-CSP page (script-src 'self') the lazy load is blocked unless the CDN is
// allow-listed or the bundle is self-hosted. Same form as sentry-feedback.mjs, no rating.
import { init, feedbackAsyncIntegration } from '@sentry/browser';

init({
  dsn: 'https://public@o0.ingest.sentry.example/1',
  integrations: [
    feedbackAsyncIntegration({
      colorScheme: 'system',
      showName: false,
      showEmail: false,
      formTitle: 'How likely are you to recommend us to a friend?',
      messageLabel: 'Your score (0–10) and why',
    }),
  ],
});
