// Statements as a SQL script with their values written in, for `wrangler d1 execute --file`: what a
// local SQLite file holds is carried to Cloudflare D1 by the same statements the repositories run.
import type { Compilable } from 'kysely';

export function sqlScript(statements: readonly Compilable[]): string {
  const lines = statements.map((statement) => {
    const { sql, parameters } = statement.compile();
    let next = 0;
    // Kysely binds every value as "?" and writes no literals of its own in these statements.
    return `${sql.replace(/\?/g, () => literal(parameters[next++]))};`;
  });
  return `${lines.join('\n')}\n`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  throw new Error(`no SQL literal for ${typeof value}`);
}
