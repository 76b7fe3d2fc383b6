import { FbRating } from '../fb-rating.js';
import { defineElement } from '../shared/define.js';

defineElement('fb-rating', FbRating);

export { FbRating };
