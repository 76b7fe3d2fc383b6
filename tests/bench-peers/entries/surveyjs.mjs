// Peer: SurveyJS Form Library — the framework-independent model (survey-core) and its
// vanilla-JS renderer (survey-js-ui, Preact inside), one NPS rating question (0–10), the
// answer POSTed in `onComplete` (SurveyJS has no transport of its own; this fetch is ours).
//   import { Model } from 'survey-core'
//   import { renderSurvey } from 'survey-js-ui'
// Its stylesheet (survey-core/survey-core.min.css) is required for the question to look like
// anything; it is measured as a separate row by size.bench.mjs, not imported here. That
// default stylesheet pulls its Open Sans web font from a Google Fonts host; the
// `survey-core.fontless.min.css` variant does not. Everything else is local.
import { Model } from 'survey-core';
import { renderSurvey } from 'survey-js-ui';

const survey = new Model({
  elements: [
    {
      type: 'rating',
      name: 'nps',
      title: 'How likely are you to recommend us to a friend?',
      isRequired: true,
      rateCount: 11,
      rateMin: 0,
      rateMax: 10,
      minRateDescription: 'Not at all likely',
      maxRateDescription: 'Extremely likely',
    },
  ],
});
survey.onComplete.add((sender) => {
  void fetch('/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sender.data),
    keepalive: true,
  });
});
const host = document.getElementById('nps');
if (host) renderSurvey(survey, host);
