import { integer, text } from 'drizzle-orm/sqlite-core';

/** Ids are random text ids (see core/util/ids.ts); times are ms since epoch. */
export const id = () => text('id').primaryKey();
export const createdAt = () => integer('created_at').notNull();
export const updatedAt = () => integer('updated_at').notNull();
/** JSON column: stored as text, typed on read. */
export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();
