// Light or dark: the system's setting (prefers-color-scheme) until the learner picks one in the
// header; the pick is kept in localStorage like progress. The CSS does the colouring
// (styles/base.css): this module only sets <html data-theme="light|dark"> for a learner's pick
// and tells canvas drawings (uPlot) to repaint, since they cannot follow CSS variables by
// themselves.
//
// What is stored is input like any other: anything but the two words this site writes reads as
// "follow the system", so no stored value can leave the page unreadable.
export const KEY = 'attention-tutorial:theme:v1';
export const CHOICES = ['system', 'light', 'dark'];
export const THEME_EVENT = 'attention-themechange';

/** The stored text -> 'light' | 'dark' | 'system' (anything else). Never throws. */
export function parseTheme(text) {
  return text === 'light' || text === 'dark' ? text : 'system';
}

/** The theme in effect for a choice, given whether the system asks for dark. */
export function effectiveTheme(choice, systemDark) {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/**
 * A theme store over a Storage-like object (or none) and a document. `init()` applies the
 * stored choice; `set(choice)` applies and stores it ('system' removes the key). Listeners of
 * THEME_EVENT on `events` (the window) hear every change of the theme, the system's included.
 */
export function createTheme({ storage, root, media, events = globalThis }) {
  const read = () => {
    try {
      return parseTheme(storage?.getItem(KEY));
    } catch {
      return 'system';
    }
  };
  let choice = read();
  const systemDark = () => Boolean(media?.matches);
  const announce = () => events?.dispatchEvent?.(new CustomEvent(THEME_EVENT, { detail: current() }));
  const current = () => effectiveTheme(choice, systemDark());

  function apply() {
    if (choice === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', choice);
  }

  return {
    choice: () => choice,
    current,
    init() {
      apply();
      media?.addEventListener?.('change', () => choice === 'system' && announce());
    },
    set(next) {
      choice = parseTheme(next);
      try {
        if (choice === 'system') storage?.removeItem(KEY);
        else storage?.setItem(KEY, choice);
      } catch {
        /* storage unavailable: the choice holds for this visit */
      }
      apply();
      announce();
    },
    /** Another tab changed the key. */
    storageChanged(key) {
      if (key !== KEY && key !== null) return;
      choice = read();
      apply();
      announce();
    },
  };
}

function browserStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The page's theme store, applied at once (import this module first to avoid a flash). */
export const theme =
  typeof document === 'undefined'
    ? null
    : createTheme({
        storage: browserStorage(),
        root: document.documentElement,
        media: globalThis.matchMedia?.('(prefers-color-scheme: dark)') ?? null,
      });

if (theme) {
  theme.init();
  window.addEventListener('storage', (event) => theme.storageChanged(event.key));
}
