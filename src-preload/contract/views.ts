/**
 * Saved views of the interactions list. A view shared with the team travels through every
 * account's team log (view.set / view.delete); a personal one stays on this computer.
 */
import { z } from 'zod';
import { InteractionColumnSchema, INTERACTION_COLUMNS } from './interactions';
import { TicketFilterSchema, TicketSortSchema } from './tickets';

export const SavedViewSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'Name the view, for example "Refunds this week".').max(80, 'Keep the name under 80 characters.'),
  /** team: appended to every account's team log, so every agent sees it; personal: this computer only. */
  sharing: z.enum(['team', 'personal']).default('personal'),
  /** The list's filter, order and visible columns. */
  filter: TicketFilterSchema,
  sort: TicketSortSchema.default('created'),
  descending: z.boolean().default(true),
  columns: z.array(InteractionColumnSchema).max(INTERACTION_COLUMNS.length).default([...INTERACTION_COLUMNS]),
});
export type SavedView = z.infer<typeof SavedViewSchema>;
export type SavedViewInput = z.input<typeof SavedViewSchema>;

export interface SavedViewInfo extends SavedView {
  /** Who saved it last (agent name); this agent for personal views. */
  updatedBy: string;
  updatedAt: number;
  /** A team view saved by this client that the logs have not confirmed yet. */
  pending: boolean;
}

export const viewChannels = {
  /** Team views (from the logs of the accounts this agent sees) and this computer's personal views, by name. */
  listViews: { request: z.object({}).strict(), response: {} as SavedViewInfo[] },
  /** Creates (new id) or replaces a view; a name another view already has is refused. */
  saveView: { request: z.object({ view: SavedViewSchema }).strict(), response: {} as SavedViewInfo },
  deleteView: { request: z.object({ id: z.string().min(1).max(100) }).strict(), response: {} as { deleted: boolean } },
} as const;

export const viewEvents = {
  viewsChanged: {} as Record<string, never>,
} as const;
