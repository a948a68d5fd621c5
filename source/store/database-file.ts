/** Whether the database file the session opened is still the one at its path (source/db/replaced-file.ts). */
export {DatabaseReplacedError, databaseFileReplaced} from '../db/replaced-file.js';
