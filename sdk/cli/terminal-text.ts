/**
 * Text a program controls (reject reasons, log lines, node messages, error messages) reaches the
 * terminal only through here: control characters are removed, so a program cannot move the
 * cursor, rewrite earlier lines, recolour the screen or set the window title.
 */

// C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9f, which include CSI).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Whole escape sequences first (CSI ... final byte, OSC ... BEL/ST), so their parameters go too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;

/** `text` without control characters; newlines stay unless `oneLine`, which turns them into spaces. */
export function terminalText(text: string, options: { oneLine?: boolean } = {}): string {
  const clean = text.replace(ESCAPE, "").replace(CONTROL, "");
  return options.oneLine ? clean.replace(/\s*\n\s*/g, " ").trim() : clean;
}
