// Peer: PostHog surveys on the slim core with the surveys extension, leaving the survey
// renderer to posthog-js's default behaviour: it is loaded at run time as a <script> from
// PostHog's asset host (`/static/surveys.js`) the first time a survey is to be shown.
//   import posthog, { DisplaySurveyType } from 'posthog-js/dist/module.slim'
//   import { SurveysExtensions } from 'posthog-js/dist/extension-bundles'
// The figure is the initial bundle only; the renderer comes on top, from a third-party host,
// which a strict-CSP page (script-src 'self') blocks. Survey (one NPS rating question) defined
// in the PostHog project, fetched as data; answer sent as a `survey sent` event.
import posthog, { DisplaySurveyType } from 'posthog-js/dist/module.slim';
import { SurveysExtensions } from 'posthog-js/dist/extension-bundles';

posthog.init('phc_bench', {
  api_host: 'https://eu.i.posthog.example',
  autocapture: false,
  capture_pageview: false,
  disable_session_recording: true,
  __extensionClasses: { ...SurveysExtensions },
});
posthog.displaySurvey('nps-survey-id', {
  displayType: DisplaySurveyType.Popover,
  ignoreConditions: true,
  ignoreDelay: true,
});
