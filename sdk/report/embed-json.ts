/**
 * JSON safe to place inside an HTML `<script type="application/json">` element: `<`, `>` and `&`
 * become \u escapes, so no diff or model output can close the element (`</script>`) or open a
 * comment (`<!--`), and U+2028/U+2029 are escaped for old parsers. JSON.parse restores them.
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** Text escaped for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
