import * as m001 from './001-initial';
import * as m002 from './002-account-settings';
import * as m003 from './003-sync-engine';
import * as m004 from './004-pending-body-index';
import * as m005 from './005-search-and-lean-inserts';
import * as m006 from './006-team-log';
import * as m007 from './007-threading-headers';
import * as m008 from './008-outbox';
import * as m009 from './009-drafts';
import * as m010 from './010-raw-source';
import * as m011 from './011-server-deletions';
import * as m012 from './012-message-key-index';
import * as m013 from './013-team-state-chunks';
import * as m014 from './014-ticket-activity';
import * as m015 from './015-message-copies';
import * as m016 from './016-message-moves';
import * as m017 from './017-move-flag-changes';
import * as m018 from './018-folder-counts';
import * as m019 from './019-derive-from-source';
import * as m020 from './020-pending-source-size';
import * as m021 from './021-pending-size-class';
import * as m022 from './022-message-keys';

/** Numbered migrations, applied in order; never edit one that has shipped. */
export const migrations: { version: number; up: string }[] = [
  { version: 1, up: m001.up },
  { version: 2, up: m002.up },
  { version: 3, up: m003.up },
  { version: 4, up: m004.up },
  { version: 5, up: m005.up },
  { version: 6, up: m006.up },
  { version: 7, up: m007.up },
  { version: 8, up: m008.up },
  { version: 9, up: m009.up },
  { version: 10, up: m010.up },
  { version: 11, up: m011.up },
  { version: 12, up: m012.up },
  { version: 13, up: m013.up },
  { version: 14, up: m014.up },
  { version: 15, up: m015.up },
  { version: 16, up: m016.up },
  { version: 17, up: m017.up },
  { version: 18, up: m018.up },
  { version: 19, up: m019.up },
  { version: 20, up: m020.up },
  { version: 21, up: m021.up },
  { version: 22, up: m022.up },
];
