/**
 * "The same SQL on a raw handle": a recording wrapper around a better-sqlite3-multiple-ciphers Database that notes every
 * statement a repository runs (its SQL text, how it was run — run/get/all/iterate, pluck/raw/expand — and its
 * bound arguments) and every db.transaction() around them. A recording can then be replayed on a plain
 * better-sqlite3-multiple-ciphers handle with its own cached prepared statements: that replay is the floor that our API
 * (zod validation, handler, repository code, result shaping) is compared against.
 */
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

export type Step =
  | { kind: 'statement'; sql: string; method: 'run' | 'get' | 'all' | 'iterate'; args: unknown[]; pluck: boolean; raw: boolean; expand: boolean }
  | { kind: 'exec'; sql: string }
  | { kind: 'pragma'; source: string; simple: boolean }
  | { kind: 'transaction'; steps: Step[] };

export interface Recording {
  steps: Step[];
  statements: number;
}

const MODES = ['pluck', 'raw', 'expand'] as const;

/** A Database that behaves exactly like `db` and appends what it runs to `recording`. */
export function recordingDatabase(db: Database, recording: Recording): Database {
  let current = recording.steps;
  const wrapStatement = (statement: Statement, sql: string, flags: { pluck: boolean; raw: boolean; expand: boolean }): Statement =>
    new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'run' || property === 'get' || property === 'all' || property === 'iterate') {
          return (...args: unknown[]) => {
            current.push({ kind: 'statement', sql, method: property, args, ...flags });
            recording.statements += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if ((MODES as readonly string[]).includes(property as string)) {
          return (toggle = true) => {
            (value as (on?: boolean) => unknown).call(target, toggle);
            const next = { ...flags };
            if (property === 'pluck') Object.assign(next, { pluck: toggle, raw: false, expand: false });
            if (property === 'raw') Object.assign(next, { raw: toggle, pluck: false, expand: false });
            if (property === 'expand') Object.assign(next, { expand: toggle, pluck: false, raw: false });
            return wrapStatement(target, sql, next);
          };
        }
        if (property === 'bind') {
          return (...args: unknown[]) => {
            throw new Error(`The recorder does not support Statement.bind (${args.length} arguments).`);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });

  return new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'prepare') {
        return (sql: string) => wrapStatement(target.prepare(sql), sql, { pluck: false, raw: false, expand: false });
      }
      if (property === 'exec') {
        return (sql: string) => {
          current.push({ kind: 'exec', sql });
          recording.statements += 1;
          return target.exec(sql);
        };
      }
      if (property === 'pragma') {
        return (source: string, options?: { simple?: boolean }) => {
          current.push({ kind: 'pragma', source, simple: options?.simple ?? false });
          recording.statements += 1;
          return target.pragma(source, options);
        };
      }
      if (property === 'transaction') {
        return (fn: (...args: unknown[]) => unknown) => {
          const wrapped = target.transaction((...args: unknown[]) => {
            const outer = current;
            const steps: Step[] = [];
            outer.push({ kind: 'transaction', steps });
            current = steps;
            try {
              return fn(...args);
            } finally {
              current = outer;
            }
          });
          return wrapped;
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Replays recordings on a raw handle, preparing each distinct statement once (as a careful hand-written caller would). */
export class Replayer {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  private statement(step: Extract<Step, { kind: 'statement' }>): Statement {
    const key = `${step.pluck ? 'p' : step.raw ? 'r' : step.expand ? 'e' : '-'}${step.sql}`;
    let statement = this.cache.get(key);
    if (!statement) {
      statement = this.db.prepare(step.sql);
      if (step.pluck) statement.pluck();
      if (step.raw) statement.raw();
      if (step.expand) statement.expand();
      this.cache.set(key, statement);
    }
    return statement;
  }

  private runSteps(steps: readonly Step[]): void {
    for (const step of steps) {
      if (step.kind === 'statement') {
        const statement = this.statement(step);
        if (step.method === 'iterate') for (const _row of statement.iterate(...step.args)) void _row;
        else if (step.method === 'run') statement.run(...step.args);
        else if (step.method === 'get') statement.get(...step.args);
        else statement.all(...step.args);
      } else if (step.kind === 'exec') this.db.exec(step.sql);
      else if (step.kind === 'pragma') this.db.pragma(step.source, { simple: step.simple });
      else this.db.transaction(() => this.runSteps(step.steps))();
    }
  }

  replay(recording: Recording): void {
    this.runSteps(recording.steps);
  }
}

/** The statements of a recording as text (for --explain and for the documentation of the method). */
export function describeRecording(recording: Recording, indent = ''): string[] {
  const lines: string[] = [];
  const walk = (steps: readonly Step[], depth: string) => {
    for (const step of steps) {
      if (step.kind === 'transaction') {
        lines.push(`${depth}BEGIN`);
        walk(step.steps, `${depth}  `);
        lines.push(`${depth}COMMIT`);
      } else if (step.kind === 'statement') lines.push(`${depth}${step.method}: ${step.sql.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
      else if (step.kind === 'exec') lines.push(`${depth}exec: ${step.sql.slice(0, 160)}`);
      else lines.push(`${depth}pragma: ${step.source}`);
    }
  };
  walk(recording.steps, indent);
  return lines;
}
