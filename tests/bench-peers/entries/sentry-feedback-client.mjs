// Peer: Sentry user feedback, smallest documented setup — a `BrowserClient` with only the
// feedback integration (Sentry's tree-shaking guide: skip `init` and its default
// integrations, build the client yourself).
//   import { BrowserClient, getCurrentScope, makeFetchTransport, defaultStackParser,
//            feedbackIntegration } from '@sentry/browser'
// Same widget as sentry-feedback.mjs (name/email/message form, no rating control); the
// question goes in the form title. No remote script. Submits to the DSN's ingest host.
import {
  BrowserClient,
  defaultStackParser,
  feedbackIntegration,
  getCurrentScope,
  makeFetchTransport,
} from '@sentry/browser';

const client = new BrowserClient({
  dsn: 'https://public@o0.ingest.sentry.example/1',
  transport: makeFetchTransport,
  stackParser: defaultStackParser,
  integrations: [
    feedbackIntegration({
      colorScheme: 'system',
      showName: false,
      showEmail: false,
      formTitle: 'How likely are you to recommend us to a friend?',
      messageLabel: 'Your score (0–10) and why',
    }),
  ],
});
getCurrentScope().setClient(client);
client.init();
