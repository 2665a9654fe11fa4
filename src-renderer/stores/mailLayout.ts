import { create } from 'zustand';

/** How tall the Mail list's rows are: three lines (sender, subject, preview) or one. */
export type Density = 'comfortable' | 'compact';

/** Row heights the virtualizer uses: fixed, so it never has to measure. Compact fits about 18 rows on a 900 px window. */
export const ROW_HEIGHTS: Record<Density, number> = { comfortable: 76, compact: 36 };

/** The narrowest the list pane may be dragged: a sender, a date and some subject still fit. */
export const MIN_LIST_WIDTH = 280;
export const DEFAULT_LIST_WIDTH = 400;

const DENSITY_KEY = 'mailroom.mail.density';
const WIDTH_KEY = 'mailroom.mail.listWidth';

/** What this computer remembered, or null when storage is refused or holds something else. */
function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private windows may refuse storage: the choice then lasts for this session only.
  }
}

/** A stored width, read back only when it is a width at all (never below the minimum). */
export function parseListWidth(raw: string | null): number {
  const width = raw === null ? NaN : Number(raw);
  return Number.isFinite(width) ? Math.max(MIN_LIST_WIDTH, Math.round(width)) : DEFAULT_LIST_WIDTH;
}

interface MailLayoutState {
  density: Density;
  setDensity(density: Density): void;
  /** The list pane's width in px; the splitter keeps it between MIN_LIST_WIDTH and what leaves room to read. */
  listWidth: number;
  setListWidth(width: number): void;
}

export const useMailLayoutStore = create<MailLayoutState>()((set) => ({
  density: remembered(DENSITY_KEY) === 'compact' ? 'compact' : 'comfortable',
  setDensity(density) {
    remember(DENSITY_KEY, density);
    set({ density });
  },
  listWidth: parseListWidth(remembered(WIDTH_KEY)),
  setListWidth(width) {
    const listWidth = parseListWidth(String(width));
    remember(WIDTH_KEY, String(listWidth));
    set({ listWidth });
  },
}));
