import { reasonFollowUp, visibleQuestions } from '@feedbackkit/core';
import type { SurveyLogic } from './survey-runner.js';

/**
 * The runner's view of core's survey logic, so `<fb-survey>` and the collector agree on
 * what is asked and what is valid: show-if visibility and the reason-code follow-up rule
 * (default: the scale's bottom box) come from `@feedbackkit/core`.
 */
export const surveyLogic: SurveyLogic = {
  visibleQuestions,
  wantsReasons: (definition, question, answers) => reasonFollowUp(definition, question.id, answers) !== null,
};
