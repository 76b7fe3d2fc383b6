// Side effect: registers <fb-kiosk> (version-safe: a second copy warns, never throws).
import { FbKiosk } from '../fb-kiosk.js';
import { defineElement } from '../shared/define.js';

defineElement('fb-kiosk', FbKiosk);

export { FbKiosk };
