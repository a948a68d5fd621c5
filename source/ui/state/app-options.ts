import type {Database} from '../../db/connection.js';
import type {DraftFile} from '../../store/draft-file.js';
import type {PostRow} from '../../store/feed-pages.js';
import type {SqlLog} from '../../store/sql-log.js';
import type {FirstPage} from '../list/list-controller.js';
import type {TerminalControl} from '../terminal/terminal-control.js';
import type {CarriedSession} from './replaced-file-state.js';

/** What the app (app.tsx) gives the UI state when it makes it: the database, the terminal's size and its callbacks. */
export type AppControllerOptions = {
	readonly database: Database;
	readonly initialUser?: string;
	readonly height: number;
	readonly width: number;
	/** How often the database is watched for posts written by another process (0: not at all). */
	readonly refreshMs?: number;
	readonly onQuit: () => void;
	/** Leaving the Migrations view with the schema below head: the views cannot read it, the app shows what is pending. */
	readonly onSchemaBehind?: () => void;
	/** How long a post's write may take before the compose box says "posting…" (100 ms). */
	readonly busyFrameDelayMs?: number;
	/** The feed's first page as readFirstFeedPage read it before the app started. */
	readonly firstFeedPage?: FirstPage<PostRow>;
	/** How often the SQLite file is checked for being replaced on disk, in ms (0: never; writes check anyway). */
	readonly fileCheckMs?: number;
	/** R after the file was replaced: reopen the database at its path, carrying the draft and the account over. */
	readonly onReopen?: (carried: CarriedSession) => void;
	/**
	 * The file was found replaced: the caller closes the database at once. Until then the old file's -wal and -shm
	 * sit at the names the new file uses, and any program that opens the new file reads (and checkpoints into it)
	 * the old file's pages: seen with the sqlite3 shell, whose count of the new file's posts was the old one's.
	 */
	readonly onFileReplaced?: () => void;
	/** The statements run, which the SQL pane shows and scrolls through. */
	readonly sqlLog?: SqlLog;
	/** Where the layout choices (preview pane, SQL pane height) are remembered; undefined: for this run only. */
	readonly settingsDirectory?: string;
	/** What a session before a reopen had: the draft is kept, and the account if the reopened file still has it. */
	readonly carried?: CarriedSession;
	/** The real terminal (run-tui.tsx): Ctrl-G hands it to the editor. */
	readonly terminal?: TerminalControl;
	/** Where the draft is kept between sessions (run-tui.tsx: the data directory); without it, only in memory. */
	readonly drafts?: DraftFile;
};
