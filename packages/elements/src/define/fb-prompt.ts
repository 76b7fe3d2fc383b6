import { FbPrompt } from '../fb-prompt.js';
import { defineElement } from '../shared/define.js';

defineElement('fb-prompt', FbPrompt);

export { FbPrompt };
