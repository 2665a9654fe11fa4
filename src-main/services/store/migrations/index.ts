import * as m001 from './001-initial';

/** Numbered migrations, applied in order; never edit one that has shipped. */
export const migrations: { version: number; up: string }[] = [{ version: 1, up: m001.up }];
