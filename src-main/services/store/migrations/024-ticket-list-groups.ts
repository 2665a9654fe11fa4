/**
 * team_ticket_list_groups: how many list rows each combination of the values the unread
 * count tests has (account, status, unread, queue, assignee, offer), kept by triggers on
 * team_ticket_list. The badge's count (store/ticket-counts.ts) then adds up a few hundred
 * groups instead of reading every row: over a million tickets it read the whole list in
 * 300–400 ms, on the main thread, after every change the team log folded.
 *
 * A row is written with INSERT OR REPLACE, whose replaced row fires no DELETE trigger
 * (recursive_triggers is off): the BEFORE INSERT trigger takes the old row out of its group.
 */
const COLUMNS = ['account_id', 'status', 'unread', 'queue', 'assignee', 'offered_to', 'offer_phase'];
/** The group of `row` (NEW, OLD, or an alias): IS, because assignee and the offer may be NULL. */
const groupOf = (row: string) => COLUMNS.map((c) => `g.${c} IS ${row}.${c}`).join(' AND ');
const add = (row: string) => `
  INSERT INTO team_ticket_list_groups (${COLUMNS.join(', ')}, n)
    SELECT ${COLUMNS.map((c) => `${row}.${c}`).join(', ')}, 0 WHERE NOT EXISTS (SELECT 1 FROM team_ticket_list_groups g WHERE ${groupOf(row)});
  UPDATE team_ticket_list_groups AS g SET n = n + 1 WHERE ${groupOf(row)};`;
const take = (row: string) => `
  UPDATE team_ticket_list_groups AS g SET n = n - 1 WHERE ${groupOf(row)};`;

export const up = `
CREATE TABLE team_ticket_list_groups (
  account_id  TEXT NOT NULL,
  status      INTEGER NOT NULL,
  unread      INTEGER NOT NULL,
  queue       TEXT NOT NULL,
  assignee    TEXT,
  offered_to  TEXT,
  offer_phase TEXT,
  n           INTEGER NOT NULL
);
CREATE INDEX team_ticket_list_groups_key ON team_ticket_list_groups (${COLUMNS.join(', ')});
INSERT INTO team_ticket_list_groups (${COLUMNS.join(', ')}, n) SELECT ${COLUMNS.join(', ')}, count(*) FROM team_ticket_list GROUP BY ${COLUMNS.join(', ')};
CREATE TRIGGER team_ticket_list_groups_replaced BEFORE INSERT ON team_ticket_list BEGIN
  UPDATE team_ticket_list_groups AS g SET n = n - 1
    FROM (SELECT ${COLUMNS.join(', ')} FROM team_ticket_list WHERE account_id = NEW.account_id AND key = NEW.key) AS o WHERE ${groupOf('o')};
END;
CREATE TRIGGER team_ticket_list_groups_inserted AFTER INSERT ON team_ticket_list BEGIN${add('NEW')}
END;
CREATE TRIGGER team_ticket_list_groups_deleted AFTER DELETE ON team_ticket_list BEGIN${take('OLD')}
END;
CREATE TRIGGER team_ticket_list_groups_updated AFTER UPDATE ON team_ticket_list BEGIN${take('OLD')}${add('NEW')}
END;
`;
