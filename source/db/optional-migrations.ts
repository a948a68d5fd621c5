/**
 * Migrations a plain `--migrate` leaves alone: they run only when named (`--migrate --to NAME`, `u` on them in the
 * Migrations view), are never counted as pending, and so never hold the TUI at its "needs migrating" screen. The one
 * so far tightens an adopted Flask tutorial schema, which may hold rows it must refuse (docs/flask-tutorial.md).
 */
export const optionalMigrations: ReadonlySet<string> = new Set(['0007-tighten-adopted-schema']);
