// The server's only logger: lifecycle events and counts, never payloads, tokens, names or addresses.

type Fields = Readonly<Record<string, number | string | boolean>>;

function line(level: 'info' | 'warn' | 'error', event: string, fields: Fields): string {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${v}`);
  return [new Date().toISOString(), level, event, ...parts].join(' ');
}

/** Structured log lines; callers pass only counts, durations and fixed strings. */
export const log = {
  info(event: string, fields: Fields = {}): void {
    console.log(line('info', event, fields));
  },
  warn(event: string, fields: Fields = {}): void {
    console.warn(line('warn', event, fields));
  },
  error(event: string, fields: Fields = {}): void {
    console.error(line('error', event, fields));
  },
};
