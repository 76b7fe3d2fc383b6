import type { Catalog } from '../shared/i18n.js';

export type SurveyMessageKey =
  | 'progress'
  | 'next'
  | 'back'
  | 'submit'
  | 'retry'
  | 'thanks'
  | 'reasonsPrompt'
  | 'required'
  | 'too-long'
  | 'contact-required'
  | 'contact-invalid'
  | 'notTaken'
  | 'loadFailed'
  | 'redacted'
  | 'redactionNote'
  | 'characters'
  | 'yes'
  | 'no'
  | 'expectation'
  | 'perception'
  | 'contactEmail'
  | 'contactPhone'
  | 'kano.like'
  | 'kano.must-be'
  | 'kano.neutral'
  | 'kano.live-with'
  | 'kano.dislike'
  | 'kind.card'
  | 'kind.iban'
  | 'kind.cn-id'
  | 'kind.phone'
  | 'kind.email';

export const surveyMessages: Catalog<SurveyMessageKey> = {
  en: {
    progress: 'Question {index} of {total}',
    next: 'Next',
    back: 'Back',
    submit: 'Submit',
    retry: 'Try again',
    thanks: 'Thank you for your feedback.',
    reasonsPrompt: 'What was the main reason for your score?',
    required: 'Please answer this question.',
    'too-long': 'Please shorten your answer to at most {max} characters.',
    'contact-required': 'Please enter how we may contact you, or untick the box.',
    'contact-invalid': 'This does not look like a valid contact. Please check it.',
    notTaken: 'Your answers could not be saved. Please try again.',
    loadFailed: 'This survey could not be loaded.',
    redacted: 'For your safety we removed personal details from your comment: {kinds}.',
    redactionNote: 'Card, account, ID numbers, phone numbers and e-mail addresses are removed automatically.',
    characters: { one: '{count} character left', other: '{count} characters left' },
    yes: 'Yes',
    no: 'No',
    expectation: 'What did you expect?',
    perception: 'What did you get?',
    contactEmail: 'E-mail address',
    contactPhone: 'Phone number',
    'kano.like': 'I like it',
    'kano.must-be': 'I expect it',
    'kano.neutral': 'I am neutral',
    'kano.live-with': 'I can live with it',
    'kano.dislike': 'I dislike it',
    'kind.card': 'card number',
    'kind.iban': 'account number',
    'kind.cn-id': 'ID number',
    'kind.phone': 'phone number',
    'kind.email': 'e-mail address',
  },
};
