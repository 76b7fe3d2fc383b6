// The dashboard page's only script (a module file: the collector's CSP allows no inline script).
import { FkDashboard } from './fk-dashboard.js';

if (!customElements.get('fk-dashboard')) customElements.define('fk-dashboard', FkDashboard);
