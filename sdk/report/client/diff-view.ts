/** A unified diff as coloured lines (text nodes only: the diff is untrusted model output). */
import { el } from "./dom.js";

function lineClass(line: string): string {
  if (
    line.startsWith("+++") ||
    line.startsWith("---") ||
    line.startsWith("diff ") ||
    line.startsWith("index ")
  ) {
    return "file";
  }
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "del";
  return "ctx";
}

export function diffView(diff: string): HTMLElement {
  const pre = el("pre", { class: "diff" });
  const fragment = document.createDocumentFragment();
  for (const line of diff.replace(/\n$/, "").split("\n")) {
    const span = document.createElement("span");
    span.className = lineClass(line);
    span.textContent = `${line}\n`;
    fragment.appendChild(span);
  }
  pre.appendChild(fragment);
  return pre;
}
