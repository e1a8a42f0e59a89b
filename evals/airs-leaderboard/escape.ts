/**
 * Text escaped for HTML and SVG element content and quoted attributes. The report's helper
 * (sdk/report/embed-json.ts) sits in a higher layer than evals, and the eval viewer keeps its own
 * private, so the leaderboard has this one line.
 */
export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
