// Peer: Sentry user feedback, set up the way Sentry's docs lead with — `init` plus the
// synchronous `feedbackIntegration`, whose widget (floating button, form, submit) is bundled.
//   import { init, feedbackIntegration } from '@sentry/browser'
// Sentry's feedback form has name, email and a free-text message; it has no rating control of
// any kind, so the closest it gets to "one NPS question" is putting the question in the form's
// title and asking for the score in the message. `init` also brings Sentry's default
// integrations (error handlers, breadcrumbs, dedupe…): that is what a docs-following page ships.
// No remote script: everything is in this bundle. Submits to the DSN's ingest host.
import { init, feedbackIntegration } from '@sentry/browser';

init({
  dsn: 'https://public@o0.ingest.sentry.example/1',
  integrations: [
    feedbackIntegration({
      colorScheme: 'system',
      showName: false,
      showEmail: false,
      formTitle: 'How likely are you to recommend us to a friend?',
      messageLabel: 'Your score (0–10) and why',
      submitButtonLabel: 'Send',
    }),
  ],
});
