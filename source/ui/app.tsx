import {Box, Text, useApp, useInput, useStdout} from 'ink';
import type {Key} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {Database} from '../db/connection.js';
import type {PostRow} from '../store/feed-pages.js';
import {applyPendingMigrations, pendingMigrations} from '../store/migrations.js';
import type {DraftFile} from '../store/draft-file.js';
import type {PendingMigrations} from '../store/migrations.js';
import type {SqlLog} from '../store/sql-log.js';
import {message, stageFor} from './app-stage.js';
import type {Stage} from './app-stage.js';
import {BracketedPaste} from './input/bracketed-paste.js';
import {keyName, splitKeys} from './input/keys.js';
import {useRawSequence} from './input/raw-sequence.js';
import {minimumSize, rootHeight} from './layout.js';
import {wrapCells} from './text/cells.js';
import {MainScreen} from './main-screen.js';
import {PendingMigrationsView} from './pending-migrations/pending-migrations-view.js';
import type {FirstPage} from './list/list-controller.js';
import {AppController} from './state/app-controller.js';
import type {CarriedSession} from './state/app-controller.js';
import {withRedraw} from './terminal/terminal-control.js';
import type {TerminalControl} from './terminal/terminal-control.js';
import {ThemeContext, makeTheme} from './theme.js';
import {useTerminalSize} from './use-terminal-size.js';

export type AppProps = {
	readonly database: Database;
	/** `--user NAME`: start with the sign-in form filled in. */
	readonly initialUser?: string;
	/** False for `--no-color` / NO_COLOR: no SGR sequence is written at all. */
	readonly color?: boolean;
	/** Terminal size; defaults to stdout's, following resizes. */
	readonly width?: number;
	readonly height?: number;
	/** How often the database is watched for posts written elsewhere, in ms (0: never; PostgreSQL is told at once). */
	readonly refreshMs?: number;
	/** Called once when the user quits (q on a top view, Ctrl-C). */
	readonly onQuit?: () => void;
	/** The statements the database ran (fed by its `logging` option), for the SQL pane. */
	readonly sqlLog?: SqlLog;
	/** How long a post's write may take before the compose box says "posting…" (100 ms). */
	readonly busyFrameDelayMs?: number;
	/** The migration state of `database` as the caller read it just before: the app does not read it again at start. */
	readonly initialMigrations?: PendingMigrations;
	/** The feed's first page, read ahead with readFirstFeedPage: with the schema current, the first frame shows it. */
	readonly firstFeedPage?: FirstPage<PostRow>;
	/**
	 * Closes the database and opens it again at its path (R once its file was replaced on disk): the caller owns the
	 * databases, and closes the one in use at the end. Without it, R does nothing.
	 */
	readonly reopen?: () => Promise<Database>;
	/**
	 * Closes the database in use at once, its file having been found replaced on disk (see the controller's option
	 * onFileReplaced); `reopen` then opens the path again. With `reopen`, this is given too.
	 */
	readonly release?: () => Promise<void>;
	/** How often the SQLite file is checked for being replaced on disk, in ms (0: never; writes check anyway). */
	readonly fileCheckMs?: number;
	/** The real terminal, for Ctrl-Z and Ctrl-G's editor (run-tui.tsx); without it those keys do nothing. */
	readonly terminal?: TerminalControl;
	/** Where the compose box's draft is kept between sessions (run-tui.tsx); without it, only in memory. */
	readonly drafts?: DraftFile;
	/** Where the layout choices are remembered (the data directory); undefined: for this run only. */
	readonly settingsDirectory?: string;
};

export function App({
	database: firstDatabase,
	initialUser,
	color = true,
	width: widthProp,
	height: heightProp,
	refreshMs,
	busyFrameDelayMs,
	onQuit,
	sqlLog,
	initialMigrations,
	firstFeedPage,
	reopen,
	release,
	fileCheckMs,
	terminal: givenTerminal,
	drafts,
	settingsDirectory,
}: AppProps) {
	const {exit} = useApp();
	const {write} = useStdout();
	// Back from Ctrl-Z or the editor, the whole frame is drawn again.
	const terminal = useMemo(() => givenTerminal && withRedraw(givenTerminal, () => write('')), [givenTerminal, write]);
	// The database in use: the first one, until R reopens it at its path after its file was replaced.
	const [database, setDatabase] = useState(firstDatabase);
	/** The draft and account of the session before a reopen, for the controller made on the reopened database. */
	const carried = useRef<CarriedSession | undefined>(undefined);
	const {width, height} = useTerminalSize(widthProp, heightProp);
	const [stage, setStage] = useState<Stage>(() => (initialMigrations ? stageFor(initialMigrations) : {kind: 'checking'}));
	// Start-up is a chain of round trips: reading the state the caller has just read would add one before the first page.
	const knownAtStart = useRef(initialMigrations !== undefined);
	const stageRef = useRef(stage);
	stageRef.current = stage;
	const quitRef = useRef(false);
	const tooSmall = width < minimumSize.width || height < minimumSize.height;
	const tooSmallRef = useRef(tooSmall);
	tooSmallRef.current = tooSmall;

	const quit = useCallback(() => {
		if (quitRef.current) {
			return;
		}
		quitRef.current = true;
		onQuit?.();
		exit();
	}, [exit, onQuit]);

	// Start-up, and again when the Migrations view is left with the schema below head.
	const [checks, setChecks] = useState(0);
	const schemaBehind = useCallback(() => {
		setStage({kind: 'checking'});
		setChecks(count => count + 1);
	}, []);

	useEffect(() => {
		if (knownAtStart.current) {
			knownAtStart.current = false;
			return;
		}
		let live = true;
		pendingMigrations(database).then(
			status => {
				if (live) {
					setStage(stageFor(status));
				}
			},
			(error: unknown) => live && setStage({kind: 'failed', error: message(error)}),
		);
		return () => {
			live = false;
		};
	}, [database, checks]);

	// The controller is created once the schema is current (it starts reading at once), and then kept for the
	// database's lifetime: a trip through the pending-migrations screen keeps the session and the open views.
	const liveController = useRef<AppController | undefined>(undefined);
	const resumeBelowHead = useRef(false);
	const reopenDatabase = useCallback(
		(session: CarriedSession | undefined) => {
			if (!reopen) {
				return;
			}
			carried.current = session ?? carried.current;
			// Nothing may read the old file while it is closed: the controller stops, its last frame stays until the new one.
			liveController.current?.dispose();
			liveController.current = undefined;
			setController(undefined);
			setStage({kind: 'reopening'});
			reopen().then(
				next => {
					setDatabase(next);
					setStage({kind: 'checking'});
				},
				(error: unknown) => setStage({kind: 'failed', error: message(error), reopenFailed: true}),
			);
		},
		[reopen],
	);
	const newController = (feedPage?: FirstPage<PostRow>) => {
		const session = carried.current;
		carried.current = undefined;
		return new AppController({
			database,
			initialUser,
			height,
			width,
			refreshMs,
			busyFrameDelayMs,
			onQuit: quit,
			onSchemaBehind: schemaBehind,
			firstFeedPage: feedPage,
			fileCheckMs,
			onReopen: reopen ? reopenDatabase : undefined,
			onFileReplaced: release ? () => void release().catch(() => undefined) : undefined,
			carried: session,
			terminal,
			drafts,
			settingsDirectory,
			sqlLog,
		});
	};
	// Current at start (as the caller read it): the controller exists for the first render, so the first frame shows
	// the feed (the page read ahead, or its loading rows), not "opening…" followed by a frame of empty rows. Made in
	// the state's initialiser, which runs once: Ink renders without StrictMode and never discards a render.
	const [controller, setController] = useState<AppController | undefined>(() => {
		if (stage.kind !== 'ready') {
			return undefined;
		}
		liveController.current = newController(firstFeedPage);
		return liveController.current;
	});
	const controllerRef = useRef(controller);
	controllerRef.current = controller;
	const createdAtStart = useRef(controller !== undefined);
	useEffect(() => {
		if (stage.kind !== 'ready') {
			return;
		}
		if (createdAtStart.current) {
			createdAtStart.current = false;
			return;
		}
		if (liveController.current) {
			if (resumeBelowHead.current) {
				// Back in the Migrations view (Esc on the pending screen): nothing reads the lists yet.
				resumeBelowHead.current = false;
			} else {
				liveController.current.schemaAtHead();
			}
			return;
		}
		const created = newController();
		liveController.current = created;
		setController(created);
		// Created once per database; size changes go through setHeight below, the rest is fixed at start.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stage.kind, database]);

	useEffect(
		() => () => {
			liveController.current?.dispose();
			liveController.current = undefined;
			// Another database's 'ready' stage must not show this disposed controller for a frame before the new one exists.
			setController(undefined);
		},
		[database],
	);

	useEffect(() => {
		controller?.setHeight(height);
		controller?.setWidth(width);
	}, [controller, height, width]);

	const applyMigrations = useCallback(() => {
		const current = stageRef.current;
		if (current.kind !== 'pending' || current.applying) {
			return;
		}
		setStage({...current, applying: true, error: undefined});
		applyPendingMigrations(database).then(
			status => setStage(status.pending.length > 0 ? {kind: 'pending', status, applying: false, error: 'some migrations are still pending'} : {kind: 'ready'}),
			(error: unknown) => setStage({...current, applying: false, error: message(error)}),
		);
	}, [database]);

	const rawSequence = useRawSequence();
	// One per app: whether a bracketed paste is under way, between useInput's events.
	const [pastes] = useState(() => new BracketedPaste());
	// The one key handler of the app: the pending-migrations screen or the controller's priority dispatch. A paste
	// is one press named `paste` (its text in `input`), whatever field has focus (source/ui/input/bracketed-paste.ts).
	const handlePress = (name: string, input: string) => {
		const current = stageRef.current;
		if (name === 'ctrl-c') {
			quit();
			return;
		}
		if (name === 'ctrl-z') {
			// Whatever is open, as Ctrl-C: the draft and the views are as they were after `fg`.
			terminal?.suspend(stopped => controllerRef.current?.resumed(stopped));
			return;
		}
		if (tooSmallRef.current) {
			// Nothing of the view is visible: only quitting makes sense, not keys acting on what cannot be seen.
			if (name === 'q') {
				quit();
			}
		} else if (current.kind === 'ready') {
			controllerRef.current?.handleKey(name, input);
		} else if (current.kind === 'pending') {
			if (name === 'm') {
				applyMigrations();
			} else if (name === 'escape' && liveController.current && !current.applying) {
				// Left the Migrations view below head: back into it, the schema still below head.
				liveController.current.reopenMigrations();
				resumeBelowHead.current = true;
				setStage({kind: 'ready'});
			} else if ((name === 'q' || name === 'escape') && !current.applying) {
				quit();
			}
		} else if (current.kind === 'failed' && (name === 'q' || name === 'escape')) {
			quit();
		} else if (current.kind === 'failed' && current.reopenFailed && name === 'R') {
			reopenDatabase(undefined);
		}
	};
	useInput((input: string, key: Key) => {
		for (const event of pastes.take(input, key)) {
			if (event.kind === 'key') {
				handlePress(keyName(event.input, event.key, rawSequence.current), event.input);
			} else if (event.kind === 'paste') {
				handlePress('paste', event.text);
			} else {
				for (const press of splitKeys(event.text)) {
					handlePress(press.name, press.text);
				}
			}
		}
	});

	// One theme object per colour setting: a new one per render would re-render every memoised row.
	const theme = useMemo(() => makeTheme(color), [color]);
	let content;
	if (tooSmall) {
		// Wrapped, not cut: at 20 columns a cut message would not say what size is needed. More lines than rows
		// (a column or two wide) are cut at the bottom: left to Yoga, the rows shrank and overlapped, every other
		// character lost.
		const text = `Terminal too small: ${width}×${height}. Make it at least ${minimumSize.width}×${minimumSize.height}, or press q to quit.`;
		content = wrapCells(text, width)
			.slice(0, rootHeight(height))
			.map((line, index) => <Text key={index}>{line}</Text>);
	} else if (stage.kind === 'pending') {
		content = (
			<PendingMigrationsView
				status={stage.status}
				database={database.location.display}
				applying={stage.applying}
				error={stage.error}
				width={width}
				canGoBack={controller !== undefined}
			/>
		);
	} else if (stage.kind === 'failed' && stage.reopenFailed) {
		content = <Text>{`cannot reopen the database: ${stage.error} (R tries again, q quits)`}</Text>;
	} else if (stage.kind === 'failed') {
		content = <Text>{`cannot read the database: ${stage.error} (q quits)`}</Text>;
	} else if (stage.kind === 'reopening') {
		content = <Text>{`reopening ${database.location.display}…`}</Text>;
	} else if (stage.kind === 'ready' && controller) {
		content = <MainScreen controller={controller} database={database} width={width} height={height} sqlLog={sqlLog} />;
	} else {
		content = <Text>opening…</Text>;
	}
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column" width={width} height={rootHeight(height)} overflowY="hidden">
				{content}
			</Box>
		</ThemeContext.Provider>
	);
}

