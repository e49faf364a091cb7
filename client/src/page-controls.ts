// Small page wiring that is not the map itself: the dataset and map pickers (a change reloads the
// page with the new choice in the URL, so links are shareable), keyboard shortcuts, and status text.

export function $<T extends HTMLElement = HTMLElement>(selector: string): T {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`page: missing element ${selector}`);
  return element;
}

export function showStatus(message: string): void {
  $('#status').textContent = message;
}

export function fillPicker(select: HTMLSelectElement, items: readonly { value: string; label: string }[], current: string, param: string): void {
  select.replaceChildren(
    ...items.map(({ value, label }) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      option.selected = value === current;
      return option;
    }),
  );
  select.addEventListener('change', () => {
    const url = new URL(window.location.href);
    url.searchParams.set(param, select.value);
    window.location.assign(url);
  });
}

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY']);

export interface KeyActions {
  togglePlay(): void;
  step(days: number): void;
  zoom(factor: number): void;
}

/** Space plays/pauses, ←/→ step a week (shift: a day), +/− zoom; keys typed into controls are left alone. */
export function bindKeys(actions: KeyActions): void {
  window.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (TYPING.has(target.tagName) || target.isContentEditable)) return;
    if (event.key === ' ' || event.code === 'Space') actions.togglePlay();
    else if (event.key === 'ArrowRight') actions.step(event.shiftKey ? 1 : 7);
    else if (event.key === 'ArrowLeft') actions.step(event.shiftKey ? -1 : -7);
    else if (event.key === '+' || event.key === '=') actions.zoom(1.25);
    else if (event.key === '-') actions.zoom(0.8);
    else return;
    event.preventDefault();
  });
}

/**
 * The phone's menu: below 760 px wide, or under 500 px high held sideways, the header shows the title,
 * Table and Menu, and Menu unfolds the other controls (dataset, map, colours, step numbers, exports,
 * other views, import, session), so the map takes the screen. On a wider screen the button is not shown and every control stays in the bar.
 */
export function bindMenu(button: HTMLButtonElement, bar: HTMLElement): void {
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    bar.classList.toggle('open', open);
  });
}
