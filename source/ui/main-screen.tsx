import {Box, Text} from 'ink';
import {useEffect, useState, useSyncExternalStore} from 'react';
import type {ReactNode} from 'react';
import type {Database} from '../db/connection.js';
import type {CursorPosition} from 'ink';
import {AccountForm, AccountMenu, formCursor} from './account/account-form.js';
import {ComposeBox, composeLayout} from './compose/compose-box.js';
import {HelpOverlay, helpMaxOffset} from './help/help-overlay.js';
import type {HelpContext} from './input/keymap.js';
import {previewWidth, rootHeight} from './layout.js';
import type {ListWindow} from './list/list-window.js';
import type {AppController} from './state/app-controller.js';
import type {Modal} from './state/modal.js';
import {replacedFileNotice} from './state/replaced-file-state.js';
import {StatusBar, postSortLabel, userSortLabel} from './status-bar.js';
import {TerminalCursor} from './terminal/terminal-cursor.js';
import {cellWidth, fitCells, truncateCells} from './text/cells.js';
import {formatCount} from './text/format.js';
import {shownBody, shownUsername} from '../text/placeholders.js';
import {sanitize} from './text/sanitize.js';
import {useTheme} from './theme.js';
import {FilterPrompt, filterPromptLayout} from './views/filter-prompt.js';
import {PostList} from './views/post-list.js';
import {PostView} from './views/post-view.js';
import {PreviewPane} from './views/preview-pane.js';
import {ProfileView} from './views/profile-view.js';
import {UsersView} from './views/users-view.js';
import {MigrationsView} from './migrations/migrations-view.js';
import type {MigrationsScreen} from './migrations/migrations-screen.js';
import {SqlPane} from './sql/sql-pane.js';
import type {SqlLog} from '../store/sql-log.js';
import {parsePostFilter} from '../store/feed-pages.js';

export type MainScreenProps = {
	readonly controller: AppController;
	readonly database: Database;
	readonly width: number;
	readonly height: number;
	readonly sqlLog: SqlLog | undefined;
};

function position(window: ListWindow<unknown>): string {
	if (!window.ready) {
		return '…';
	}
	if (window.total === 0) {
		return '0 of 0';
	}
	return `${formatCount(window.selected + 1)} of ${window.counted ? formatCount(window.total) : '…'}`;
}

/** Relative times move on by themselves; one clock for every row, ticking slowly. */
function useNow(intervalMs: number): Date {
	const [now, setNow] = useState(() => new Date());
	useEffect(() => {
		const timer = setInterval(() => setNow(new Date()), intervalMs);
		timer.unref();
		return () => clearInterval(timer);
	}, [intervalMs]);
	return now;
}

export function MainScreen({controller, database, width, height, sqlLog}: MainScreenProps) {
	useSyncExternalStore(controller.subscribe, controller.getVersion);
	const theme = useTheme();
	const now = useNow(30_000);
	const {lists, accounts, messages} = controller;
	const view = controller.view;
	const modal = controller.modal;
	const account = accounts.account;
	const bodyHeight = controller.pane.bodyRows();
	const paneHeight = controller.pane.paneRows();
	// Beside a post list on a wide terminal: the list keeps the rest of the width.
	const preview = (view.kind === 'feed' || view.kind === 'profile') && controller.preview.shown;
	const listWidth = preview ? width - previewWidth(width) : width;

	let viewName: string;
	let sort: string | undefined;
	let where: string | undefined;
	let help: HelpContext;
	let body: ReactNode;
	switch (view.kind) {
		case 'feed': {
			viewName = 'Feed';
			help = 'feed';
			sort = postSortLabel(lists.feedSort);
			where = position(lists.feed.window);
			const filter = lists.feedFilterText;
			body = (
				<PostList
					window={lists.feed.window}
					width={listWidth}
					showAuthor
					now={now}
					filter={parsePostFilter(filter)}
					empty={
						lists.noSuchUser !== undefined
							? `no such user: ${sanitize(lists.noSuchUser)}. Esc clears the filter.`
							: filter
							? `No posts match "${sanitize(filter)}". Esc clears the filter.`
							: account
								? 'No posts yet. Press c to compose the first one.'
								: 'No posts yet. Press c to write the first one (a to sign in or register).'
					}
				/>
			);
			break;
		}
		case 'users': {
			viewName = 'Users';
			help = 'users';
			sort = userSortLabel(lists.usersSort);
			where = position(lists.users.window);
			body = <UsersView window={lists.users.window} width={width} now={now} filterText={lists.usersFilterText} />;
			break;
		}
		case 'profile': {
			viewName = `Profile: ${view.profile ? sanitize(shownUsername(view.profile.username).text) : '…'}`;
			help = 'profile';
			sort = postSortLabel(view.sort);
			where = position(view.list.window);
			body = <ProfileView entry={view} width={listWidth} now={now} />;
			break;
		}
		case 'post': {
			viewName = `Post #${view.post.id}`;
			help = 'post';
			body = <PostView post={view.post} width={width} height={bodyHeight} now={now} />;
			break;
		}
		case 'migrations': {
			viewName = 'Migrations';
			help = 'migrations';
			const rows = view.screen.rows.length;
			where = rows === 0 ? '…' : `${view.screen.selected + 1} of ${rows}`;
			body = <MigrationsView screen={view.screen} dialect={database.dialect} width={width} height={bodyHeight} />;
			break;
		}
	}

	if (preview && (view.kind === 'feed' || view.kind === 'profile')) {
		const selected = (view.kind === 'feed' ? lists.feed : view.list).selected();
		body = (
			<Box flexDirection="row">
				<Box flexDirection="column" width={listWidth} flexShrink={0}>
					{body}
				</Box>
				<PreviewPane post={selected} width={width - listWidth} height={bodyHeight} now={now} />
			</Box>
		);
	}

	let overlay: ReactNode;
	// The real terminal cursor, at the insertion point of the field that has focus (none: hidden). The overlays start
	// on row 1, below the tabs.
	let cursor: CursorPosition | undefined;
	if (modal?.kind === 'help') {
		overlay = <HelpOverlay context={help} width={width} height={bodyHeight} offset={modal.offset} />;
	} else if (modal?.kind === 'compose') {
		const {draft, cursor: insertion} = controller.compose;
		overlay = <ComposeBox draft={draft} cursor={insertion} error={modal.error} busy={modal.busy} width={width} height={bodyHeight} />;
		const at = composeLayout(draft, insertion, width, bodyHeight).cursor;
		cursor = {x: at.x, y: 1 + at.y};
	} else if (modal?.kind === 'form') {
		overlay = <AccountForm form={modal.form} width={width} />;
		const at = formCursor(modal.form, width);
		cursor = at && {x: at.x, y: 1 + at.y};
	} else if (modal?.kind === 'account-menu') {
		overlay = <AccountMenu account={account} width={width} />;
	}

	const top = controller.stack[0]!.kind;
	const newAbove = modal ? 0 : (lists.current?.newAbove ?? 0);
	// Shown instead of moving the list under the user's eyes; it goes when they scroll up to the new rows.
	const arrived = newAbove === 0 ? '' : `  ↑ ${formatCount(newAbove)} new ${view.kind === 'users' ? 'above' : newAbove === 1 ? 'post' : 'posts'}`;
	const filterText = view.kind === 'profile' ? view.filterText : view.kind === 'feed' ? lists.feedFilterText : view.kind === 'users' ? lists.usersFilterText : '';
	const tabs = (
		<Text>
			<Text bold={top === 'feed' && theme.bold} inverse={top === 'feed' && theme.selectedInverse}>
				{top === 'feed' && !theme.enabled ? '[1 Feed]' : ' 1 Feed '}
			</Text>
			{' '}
			<Text bold={top === 'users' && theme.bold} inverse={top === 'users' && theme.selectedInverse}>
				{top === 'users' && !theme.enabled ? '[2 Users]' : ' 2 Users '}
			</Text>
			<Text color={theme.muted}>{truncateCells(`  ${view.kind === 'feed' || view.kind === 'users' ? '' : `› ${viewName}`}${filterText ? `  filter: ${sanitize(filterText)}` : ''}`, Math.max(0, width - 20 - cellWidth(arrived)))}</Text>
			{arrived ? <Text color={theme.accent} bold={theme.bold}>{arrived}</Text> : null}
		</Text>
	);

	let bottom: ReactNode;
	if (modal?.kind === 'filter' && modal.note) {
		bottom = <Text color={theme.warning}>{truncateCells(modal.note, width)}</Text>;
	} else if (modal?.kind === 'filter') {
		const layout = filterPromptLayout(modal.text, modal.cursor, view.kind === 'users', width);
		bottom = <FilterPrompt layout={layout} completions={controller.filter.completions} width={width} />;
		cursor = {x: layout.column, y: 1 + bodyHeight + paneHeight};
	} else if (modal?.kind === 'confirm-delete') {
		bottom = <Text color={theme.warning}>{truncateCells(`Delete this post? y/n  "${sanitize(shownBody(modal.post.body).text)}"`, width)}</Text>;
	} else if (messages.current) {
		bottom = (
			<Text color={messages.current.tone === 'error' ? theme.error : theme.success}>
				{truncateCells(sanitize(messages.current.text), width)}
			</Text>
		);
	} else if (controller.replacedFile.fileReplaced) {
		bottom = <Text color={theme.warning}>{truncateCells(replacedFileNotice, width)}</Text>;
	} else {
		bottom = <Text color={theme.muted}>{fitCells(modal ? modalHint(modal, account !== undefined, helpMaxOffset(help, width, bodyHeight) > 0) : view.kind === 'migrations' ? migrationsHint(view.screen) : hint(view.kind), width).trimEnd()}</Text>;
	}

	return (
		<Box flexDirection="column" width={width} height={rootHeight(height)}>
			{tabs}
			{/* Rows are cut to the width already: clipping only vertically spares Ink slicing every line of every frame. */}
			<Box flexDirection="column" height={bodyHeight} overflowY="hidden">
				{/* The view stays mounted, hidden, under an overlay: closing the compose box after a post then
				    adds the post's row to the list instead of building every row again (a frame ~5 ms sooner). */}
				<Box flexDirection="column" display={overlay === undefined ? 'flex' : 'none'}>
					{body}
				</Box>
				{overlay}
			</Box>
			{paneHeight > 0 ? <SqlPane log={sqlLog} width={width} height={paneHeight} focused={controller.pane.focused} anchor={controller.pane.anchor} /> : null}
			{bottom}
			<TerminalCursor position={cursor} sqlLog={cursor && paneHeight > 0 ? sqlLog : undefined} />
			<StatusBar
				view={viewName}
				sort={sort}
				position={where}
				database={sanitize(database.location.display)}
				user={account ? sanitize(account.username) : undefined}
				width={width}
			/>
		</Box>
	);
}

/** An open form or overlay takes the keys, so the hint line describes its keys, not the view's underneath. */
function modalHint(modal: Modal, signedIn: boolean, helpScrolls: boolean): string {
	switch (modal.kind) {
		case 'help':
			return helpScrolls ? 'j/k ↑/↓ PgUp/PgDn g/G scroll · any other key closes' : 'any key closes the help';
		case 'compose':
			return 'Enter posts · ←/→ Home/End Ctrl-W/U/K Alt-B/F edit · Esc closes (the draft is kept)';
		case 'form':
			return 'Enter next / submit · Tab or ↑↓ move · Esc cancels';
		case 'account-menu':
			return signedIn ? 'o sign out · Esc closes' : 's sign in · r register · Esc closes';
		case 'filter':
		case 'confirm-delete':
			// These use the hint line themselves.
			return '';
	}
}

function migrationsHint(screen: MigrationsScreen): string {
	switch (screen.phase.kind) {
		case 'preview':
			return 'j/k ↑/↓ scroll · Esc closes the SQL';
		case 'confirm':
			return 'y downgrades · n or Esc cancels';
		case 'running':
		case 'planning':
			return 'working… (Ctrl-C quits)';
		case 'list':
			return 'Enter SQL · u upgrade to · D downgrade to · ` SQL pane · Esc back';
	}
}

function hint(kind: 'feed' | 'users' | 'profile' | 'post'): string {
	switch (kind) {
		case 'feed':
			return 'Enter open · u author · / filter · s sort · c compose · a account · q quit';
		case 'users':
			return 'Enter profile · / filter · s sort · Tab feed · c compose · a account · q quit';
		case 'profile':
			return 'Enter open · / filter · s sort · Esc back';
		case 'post':
			return 'j/k next/previous · u author · d delete · Esc back';
	}
}

