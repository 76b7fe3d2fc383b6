// Peer: PostHog surveys, smallest setup that renders an NPS survey with no remote script —
// the slim core without the external-script loader, only the surveys extension bundle (it
// brings feature flags, used for survey targeting), and the survey renderer bundled locally:
//   import posthog, { DisplaySurveyType } from 'posthog-js/dist/module.slim.no-external'
//   import { SurveysExtensions } from 'posthog-js/dist/extension-bundles'
//   import 'posthog-js/dist/surveys'
// posthog-js has no package "exports" map, so these deep dist/ paths are the public way in.
// The NPS question itself (a rating question, scale 10) is defined in the PostHog project and
// fetched from the API at run time as data; `displaySurvey` shows it as a popover and the
// renderer sends the answer as a `survey sent` event. The three files are separately built
// bundles, so code they share is shipped more than once — that is what a page gets.
import posthog, { DisplaySurveyType } from 'posthog-js/dist/module.slim.no-external';
import { SurveysExtensions } from 'posthog-js/dist/extension-bundles';
import 'posthog-js/dist/surveys';

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
