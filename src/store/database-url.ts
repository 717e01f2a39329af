// DATABASE_URL: `postgres://…` (or `postgresql://…`) is PostgreSQL; anything else is a SQLite file
// (`file:./data/bangfu.db`, a plain path, `:memory:`). What is shown of it never has the password.

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl);
}

/** The URL as it may be logged or shown: a PostgreSQL URL without its password (nor query options,
 *  which may carry one), a SQLite path as it is. */
export function shownDatabaseUrl(databaseUrl: string): string {
  if (!isPostgresUrl(databaseUrl)) return databaseUrl;
  try {
    const url = new URL(databaseUrl);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `${url.protocol}//${user}${url.host}${url.pathname}`;
  } catch {
    return 'postgres://（地址无法解析）';
  }
}

/** host:port of a PostgreSQL URL (the default port when none is given). */
export function databaseHost(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  } catch {
    return '（地址无法解析）';
  }
}
