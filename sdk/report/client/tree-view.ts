/**
 * The archive tree: generations left to right, the tidy layout's rows top to bottom. One SVG path
 * for all edges, one circle per node (event delegation, no per-node listeners). The wheel zooms the
 * rows (shift + wheel: the generations), dragging pans; positions are recomputed per frame so
 * circles stay round and strokes thin at any zoom.
 */
import { formatValue } from "../format.js";
import type { ReportData, ReportNode } from "../report-types.js";
import type { ScoreScale } from "./colour.js";
import { el, svgEl } from "./dom.js";

export interface TreeView {
  element: HTMLElement;
  /** Marks a node as selected (ring, lineage) and optionally scrolls the view to it. */
  select(index: number, reveal: boolean): void;
  fit(): void;
  /** Draws now (the first paint); later draws are batched per animation frame. */
  draw(): void;
}

const PAD = { top: 28, right: 18, bottom: 14, left: 18 };

export function treeView(data: ReportData, scale: ScoreScale, onSelect: (index: number) => void): TreeView {
  const nodes = data.tree.nodes;
  const lastGeneration = Math.max(1, data.tree.generations);
  const lastRow = Math.max(1, data.tree.rows - 1);
  const bestIndex = nodes.findIndex((node) => node.id === data.bestNodeId);

  const svg = svgEl("svg", { class: "tree-svg" });
  const axis = svgEl("g", { class: "tree-axis" });
  const edges = svgEl("path", { class: "edges" });
  const bestPath = svgEl("path", { class: "lineage best" });
  const selectedPath = svgEl("path", { class: "lineage selected" });
  const group = svgEl("g", { class: "nodes" });
  const bestRing = svgEl("circle", { class: "ring best" });
  const selectedRing = svgEl("circle", { class: "ring selected", visibility: "hidden" });
  svg.append(axis, edges, bestPath, selectedPath, group, bestRing, selectedRing);

  const circles: SVGCircleElement[] = new Array(nodes.length);
  const fragment = document.createDocumentFragment();
  nodes.forEach((node, i) => {
    const circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    circle.setAttribute("data-i", String(i));
    if (node.status === "valid" && node.score !== null) circle.setAttribute("fill", scale.colour(node.score));
    else circle.setAttribute("class", node.status === "pending" ? "pending" : "invalid");
    circles[i] = circle;
    fragment.appendChild(circle);
  });
  group.appendChild(fragment);
  if (bestIndex < 0) bestRing.setAttribute("visibility", "hidden");

  const tip = el("div", { class: "tree-tip" });
  const hint = el(
    "div",
    { class: "tree-hint" },
    "wheel: zoom rows · shift+wheel: zoom generations · drag: pan · click a node for details",
  );
  const element = el("div", { class: "tree" }, svg, tip, hint);

  // View: screen = t + k * base, per axis; base coordinates fill the panel.
  const view = { kx: 1, ky: 1, tx: 0, ty: 0 };
  let width = 0;
  let height = 0;
  let selected = -1;
  const baseX = (node: ReportNode) =>
    PAD.left + (node.generation / lastGeneration) * (width - PAD.left - PAD.right);
  const baseY = (node: ReportNode) =>
    PAD.top + (data.tree.rows > 1 ? node.row / lastRow : 0.5) * (height - PAD.top - PAD.bottom);
  const sx = (node: ReportNode) => view.tx + view.kx * baseX(node);
  const sy = (node: ReportNode) => view.ty + view.ky * baseY(node);

  const lineagePath = (index: number) => {
    let d = "";
    let i = index;
    let guard = 0;
    while (i >= 0 && guard++ <= nodes.length) {
      const node = nodes[i]!;
      const parent = node.parent >= 0 ? nodes[node.parent] : undefined;
      if (!parent) break;
      d += `M${sx(parent).toFixed(1)},${sy(parent).toFixed(1)}V${sy(node).toFixed(1)}H${sx(node).toFixed(1)}`;
      i = node.parent;
    }
    return d;
  };

  const placeRing = (ring: SVGCircleElement, index: number, r: number) => {
    const node = nodes[index];
    if (!node) return;
    ring.setAttribute("cx", sx(node).toFixed(1));
    ring.setAttribute("cy", sy(node).toFixed(1));
    ring.setAttribute("r", String(r + 3.5));
  };

  const draw = () => {
    width = element.clientWidth || 800;
    height = element.clientHeight || 560;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const rowPx = (view.ky * (height - PAD.top - PAD.bottom)) / Math.max(1, lastRow);
    const genPx = (view.kx * (width - PAD.left - PAD.right)) / lastGeneration;
    const r = Math.min(7, Math.max(2.4, 0.45 * Math.min(rowPx, genPx)));
    const rText = r.toFixed(1);
    let d = "";
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const x = sx(node);
      const y = sy(node);
      const circle = circles[i]!;
      circle.setAttribute("cx", x.toFixed(1));
      circle.setAttribute("cy", y.toFixed(1));
      circle.setAttribute("r", rText);
      const parent = node.parent >= 0 ? nodes[node.parent] : undefined;
      if (parent) d += `M${sx(parent).toFixed(1)},${sy(parent).toFixed(1)}V${y.toFixed(1)}H${x.toFixed(1)}`;
    }
    edges.setAttribute("d", d);
    svg.style.setProperty("--edge-width", rowPx < 2 ? "0.5" : "1");
    if (bestIndex >= 0) {
      bestPath.setAttribute("d", lineagePath(bestIndex));
      placeRing(bestRing, bestIndex, r);
    }
    if (selected >= 0) {
      selectedPath.setAttribute("d", lineagePath(selected));
      placeRing(selectedRing, selected, r);
    }
    drawAxis(genPx);
  };

  const drawAxis = (genPx: number) => {
    const every = Math.max(1, niceStep(Math.ceil(56 / Math.max(genPx, 1e-6))));
    axis.replaceChildren(svgEl("rect", { x: 0, y: 0, width, height: 20, class: "axis-band" }));
    const first = Math.max(
      0,
      Math.floor((((0 - view.tx) / view.kx - PAD.left) / (width - PAD.left - PAD.right)) * lastGeneration),
    );
    const last = Math.min(
      data.tree.generations,
      Math.ceil((((width - view.tx) / view.kx - PAD.left) / (width - PAD.left - PAD.right)) * lastGeneration),
    );
    for (let g = Math.ceil(first / every) * every; g <= last; g += every) {
      const x = view.tx + view.kx * (PAD.left + (g / lastGeneration) * (width - PAD.left - PAD.right));
      axis.append(
        svgEl("line", { x1: x, x2: x, y1: 20, y2: height, class: "gen-rule" }),
        svgEl("text", { x, y: 14, "text-anchor": "middle" }, g === 0 ? "gen 0" : g),
      );
    }
  };

  let frame = 0;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  };

  const zoom = (factorX: number, factorY: number, px: number, py: number) => {
    const kx = Math.min(200, Math.max(1, view.kx * factorX));
    const ky = Math.min(Math.max(40, data.tree.rows / 4), Math.max(1, view.ky * factorY));
    view.tx = px - ((px - view.tx) * kx) / view.kx;
    view.ty = py - ((py - view.ty) * ky) / view.ky;
    view.kx = kx;
    view.ky = ky;
    clamp();
    schedule();
  };

  // Keep some of the tree on screen.
  const clamp = () => {
    view.tx = Math.min(width * 0.5, Math.max(width * 0.5 - width * view.kx, view.tx));
    view.ty = Math.min(height * 0.5, Math.max(height * 0.5 - height * view.ky, view.ty));
  };

  svg.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const box = svg.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
      const horizontal = event.shiftKey || event.altKey || event.ctrlKey;
      zoom(
        horizontal ? factor : 1,
        horizontal ? 1 : factor,
        event.clientX - box.left,
        event.clientY - box.top,
      );
    },
    { passive: false },
  );

  let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
  svg.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, tx: view.tx, ty: view.ty, moved: false };
  });
  window.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) svg.classList.add("dragging");
    drag.moved = true;
    view.tx = drag.tx + dx;
    view.ty = drag.ty + dy;
    clamp();
    schedule();
  });
  window.addEventListener("pointerup", () => {
    svg.classList.remove("dragging");
    // Let the click that ends a drag know it was a drag.
    setTimeout(() => {
      drag = null;
    }, 0);
  });

  group.addEventListener("click", (event) => {
    if (drag?.moved) return;
    const index = Number((event.target as Element).getAttribute("data-i"));
    if (Number.isInteger(index) && nodes[index]) onSelect(index);
  });
  group.addEventListener("mouseover", (event) => {
    const index = Number((event.target as Element).getAttribute("data-i"));
    const node = nodes[index];
    if (!node) return;
    const lines = [
      el("strong", {}, node.id),
      el(
        "div",
        {},
        node.status === "valid" ? `score ${formatValue(node.score, "score")}` : node.status,
        ` · gen ${node.generation} · ${node.children} children`,
      ),
    ];
    if (node.status === "invalid") {
      lines.push(
        el("div", { class: "tip-reject" }, `${node.rejectStage ?? "rejected"}: ${node.rejectReason ?? ""}`),
      );
    }
    tip.replaceChildren(...lines);
    const box = element.getBoundingClientRect();
    const x = sx(node);
    const y = sy(node);
    tip.style.left = `${Math.min(x + 12, box.width - 300)}px`;
    tip.style.top = `${y + 12 > box.height - 80 ? y - 70 : y + 12}px`;
    tip.style.display = "block";
  });
  group.addEventListener("mouseout", () => {
    tip.style.display = "none";
  });

  new ResizeObserver(() => schedule()).observe(element);

  return {
    element,
    draw,
    fit() {
      Object.assign(view, { kx: 1, ky: 1, tx: 0, ty: 0 });
      schedule();
    },
    select(index, reveal) {
      selected = index;
      selectedRing.setAttribute("visibility", index >= 0 ? "visible" : "hidden");
      const node = nodes[index];
      tip.style.display = "none";
      if (reveal && node) {
        // Zoom the rows until neighbours are ~12 px apart; centre the node if that moved it off screen.
        const rowPx = (height - PAD.top - PAD.bottom) / Math.max(1, lastRow);
        const ky = Math.max(view.ky, Math.min(12 / rowPx, Math.max(40, data.tree.rows / 4)));
        const x = sx(node);
        const y = sy(node);
        if (ky !== view.ky || x < 4 || x > width - 4 || y < PAD.top || y > height - 4) {
          view.ky = ky;
          view.tx = width / 2 - view.kx * baseX(node);
          view.ty = height / 2 - view.ky * baseY(node);
          clamp();
        }
      }
      schedule();
    },
  };
}

function niceStep(raw: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]) if (step >= raw) return step;
  return raw;
}
