// Peer: PostHog surveys the way PostHog's install docs show it — the package's default entry,
// which carries every extension (analytics, replay hooks, flags, surveys, tours…); the survey
// renderer and session-recording code are still loaded at run time from PostHog's asset host.
//   import posthog, { DisplaySurveyType } from 'posthog-js'
// Initial bundle only; see posthog-slim-surveys.mjs for the all-local setup.
import posthog, { DisplaySurveyType } from 'posthog-js';

posthog.init('phc_bench', { api_host: 'https://eu.i.posthog.example' });
posthog.displaySurvey('nps-survey-id', {
  displayType: DisplaySurveyType.Popover,
  ignoreConditions: true,
  ignoreDelay: true,
});
