/**
 * Strict command-line parsing: every flag must be declared, values are typed, and each error
 * names the argument and what is wrong (exit 2 via UsageError).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type FlagSpec =
  | { readonly type: 'boolean'; readonly description: string }
  | {
      readonly type: 'string';
      readonly description: string;
      readonly multiple?: boolean;
      readonly choices?: readonly string[];
      readonly valueName?: string;
    }
  | {
      readonly type: 'integer';
      readonly description: string;
      readonly min?: number;
      readonly max?: number;
      readonly valueName?: string;
    };

export interface CommandSpec {
  readonly name: string;
  /** One-letter aliases: `{ o: 'output' }` makes `-o FILE` mean `--output FILE`. */
  readonly shortFlags?: Readonly<Record<string, string>>;
  readonly summary: string;
  /** Positional argument names; a trailing `?` makes one optional. */
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, FlagSpec>>;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string | boolean | number | readonly string[] | undefined>>;
}

export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const flags: Record<string, string | boolean | number | string[] | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq >= 0 ? arg.slice(0, eq) : arg;
    const isShort = !rawName.startsWith('--');
    const name = isShort ? spec.shortFlags?.[rawName.slice(1)] : rawName.slice(2);
    const flag = name === undefined ? undefined : spec.flags[name];
    if (name === undefined || !flag) {
      throw new UsageError(`unknown option ${rawName}${suggestFlag(spec, rawName.replace(/^--?/, ''))}`);
    }
    if (flag.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) {
        throw new UsageError(`option --${name} needs a value (${flag.valueName ?? flag.type})`);
      }
      i++;
    }
    if (flag.type === 'integer') {
      if (!/^-?\d+$/.test(value)) throw new UsageError(`option --${name}: "${value}" is not an integer`);
      const n = Number(value);
      if (flag.min !== undefined && n < flag.min)
        throw new UsageError(`option --${name}: ${n} is below the minimum ${flag.min}`);
      if (flag.max !== undefined && n > flag.max)
        throw new UsageError(`option --${name}: ${n} is above the maximum ${flag.max}`);
      flags[name] = n;
      continue;
    }
    if (flag.choices && !flag.choices.includes(value.toLowerCase())) {
      throw new UsageError(`option --${name}: "${value}" is not one of ${flag.choices.join(', ')}`);
    }
    const normalised = flag.choices ? value.toLowerCase() : value;
    if (flag.multiple) {
      const list = (flags[name] as string[] | undefined) ?? [];
      list.push(normalised);
      flags[name] = list;
    } else {
      if (flags[name] !== undefined) throw new UsageError(`option --${name} given more than once`);
      flags[name] = normalised;
    }
  }
  const required = spec.positionals.filter((p) => !p.endsWith('?'));
  if (positionals.length < required.length) {
    throw new UsageError(`missing argument ${required[positionals.length]}`);
  }
  if (positionals.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[spec.positionals.length]}"`);
  }
  return { positionals, flags };
}

function suggestFlag(spec: CommandSpec, name: string): string {
  const close = Object.keys(spec.flags).find((f) => f.startsWith(name.slice(0, 3)) && name.length > 2);
  return close ? ` (did you mean --${close}?)` : '';
}

export function helpText(spec: CommandSpec): string {
  const usage = [
    'vpclink',
    spec.name,
    ...spec.positionals.map((p) => (p.endsWith('?') ? `[${p.slice(0, -1)}]` : p)),
  ].join(' ');
  const lines = [`${spec.summary}`, '', `Usage: ${usage} [options]`, '', 'Options:'];
  const shortOf = new Map(Object.entries(spec.shortFlags ?? {}).map(([short, long]) => [long, short]));
  const rows = Object.entries(spec.flags).map(([name, flag]) => {
    const short = shortOf.get(name);
    const value =
      flag.type === 'boolean'
        ? ''
        : ` <${flag.valueName ?? (flag.type === 'string' && flag.choices ? flag.choices.join('|') : flag.type)}>`;
    return [`  ${short ? `-${short}, ` : ''}--${name}${value}`, flag.description] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length)) + 2;
  for (const [left, description] of rows) lines.push(left.padEnd(width) + description);
  return lines.join('\n') + '\n';
}
