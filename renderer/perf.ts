// Performance marks the renderer benchmark reads (scripts/bench-renderer.mjs). Each is set once
// per page load, after the browser has painted the frame that shows it.
export const MARK_WIZARD_VISIBLE = 'dsd:wizard-visible';
export const MARK_FIRST_VERDICT = 'dsd:first-verdict';

export function markOncePainted(name: string): void {
  if (typeof performance === 'undefined' || performance.getEntriesByName(name, 'mark').length > 0) return;
  requestAnimationFrame(() => {
    // The frame after the next animation frame is the first one that has been painted.
    setTimeout(() => {
      if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
    }, 0);
  });
}
