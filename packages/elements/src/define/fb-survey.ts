// Side effect: registers <fb-survey> (version-safe: a second copy warns, never throws).
import { FbSurvey } from '../fb-survey.js';
import { defineElement } from '../shared/define.js';

defineElement('fb-survey', FbSurvey);

export { FbSurvey };
