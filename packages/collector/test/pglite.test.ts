import { openPglite } from '../src/sql.js';
import { collectorSuite } from './suite.js';

collectorSuite('PGlite (in memory)', () => openPglite(), (sql) => sql.close());
