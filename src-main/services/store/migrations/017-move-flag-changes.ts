/**
 * Flag changes carried with a pending move. Archiving or deleting a message drops its
 * cached row, and with it (ON DELETE CASCADE) any read/flagged change of the agent's not
 * yet on the server: a message marked read and archived at once arrived unread in
 * Archive. The move now takes those changes along, the last per flag, as JSON
 * ({"\\Seen": true}); the MOVE's task sets them on the UIDs first, so the flags travel
 * with the messages. NULL: none.
 */
export const up = `
ALTER TABLE pending_message_moves ADD COLUMN flag_changes TEXT;
`;
