// Before a screenshot: every field marked sensitive is covered by a solid block drawn over it, and
// the footer (app version, date and time, case id) is shown; undo() takes both away again. The
// block is opaque and one colour, so nothing of the value (not even its length in dots) is captured.

/** Always masked: passwords and typed secrets. */
export const SECRET_SELECTOR = 'input[type="password"], [data-sensitive="secret"]';
/** Masked when the tech asks for it: user names and addresses. */
export const NAME_SELECTOR = '[data-sensitive="name"], input[autocomplete="username"], input[type="email"]';

export const MASK_COLOUR = 'rgb(32, 33, 36)';
/** Pixels added around each field so anti-aliased edges of its text stay under the block. */
const PAD = 3;

export interface CaptureFooter {
  appVersion: string;
  at: Date;
  caseId: string;
}

export function footerText(f: CaptureFooter): string {
  const when = f.at.toLocaleString(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  return `DirSync Doctor ${f.appVersion} · ${when} · Case ${f.caseId}`;
}

/** Covers the sensitive fields in view and shows the footer; returns how to undo it. */
export function prepareCapture(doc: Document, options: { names: boolean; footer: CaptureFooter }): { masked: number; undo: () => void } {
  const layer = doc.createElement('div');
  layer.setAttribute('data-testid', 'capture-layer');
  layer.setAttribute('aria-hidden', 'true');
  layer.className = 'capture-layer';
  const selector = options.names ? `${SECRET_SELECTOR}, ${NAME_SELECTOR}` : SECRET_SELECTOR;
  let masked = 0;
  for (const el of Array.from(doc.querySelectorAll<HTMLElement>(selector))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue; // not rendered (closed details, display: none)
    const block = doc.createElement('div');
    block.className = 'capture-mask';
    block.setAttribute('data-testid', 'capture-mask');
    Object.assign(block.style, {
      position: 'fixed',
      left: `${Math.floor(r.left) - PAD}px`,
      top: `${Math.floor(r.top) - PAD}px`,
      width: `${Math.ceil(r.width) + 2 * PAD}px`,
      height: `${Math.ceil(r.height) + 2 * PAD}px`,
      background: MASK_COLOUR,
    });
    layer.appendChild(block);
    masked += 1;
  }
  const footer = doc.createElement('div');
  footer.className = 'capture-footer';
  footer.setAttribute('data-testid', 'capture-footer');
  footer.textContent = footerText(options.footer);
  layer.appendChild(footer);
  doc.body.appendChild(layer);
  return { masked, undo: () => layer.remove() };
}

/** Resolves after the browser has painted what was just changed (two frames). */
export function afterPaint(win: Window): Promise<void> {
  return new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(() => resolve())));
}
