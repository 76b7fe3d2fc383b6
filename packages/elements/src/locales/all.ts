// The built-in locales other than English (Simplified Chinese, Arabic) for all four elements.
import './fb-rating.js';
import './fb-prompt.js';
import './fb-survey.js';
import './fb-kiosk.js';
