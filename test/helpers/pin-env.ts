// Imported first by every UI test, before Ink (and its chalk) load: colour support is read once at import.
process.env.FORCE_COLOR = '1';
delete process.env.NO_COLOR;
export {};
