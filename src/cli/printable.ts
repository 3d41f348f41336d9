// What the CLI prints comes partly from files (labels, vocabularies, names): C0 and C1 control
// characters (and DEL) are written as \uXXXX escapes so a file cannot move the cursor, clear the
// screen or retitle the terminal. Raw control characters appear in JSON only inside strings, where
// the same escape is valid JSON for the same value, so one pass serves text and JSON alike.

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS_AND_LINES = /[\u0000-\u001f\u007f-\u009f]/g;

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Output text: controls escaped except line feeds, tabs and the \r of a \r\n line end. */
export const printable = (text: string) => text.replace(CONTROLS, escape);

/** One line (a message on stderr): every control escaped, line breaks and tabs included. */
export const printableLine = (text: string) => text.replace(CONTROLS_AND_LINES, escape);
