import { describe, expect, it } from 'vitest';
import { helpText, parseArgs, UsageError, type CommandSpec } from '../../cli/args';
import { main } from '../../cli/main';
import type { CliIo } from '../../cli/io';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'a demo command',
  positionals: ['FILE', 'EXTRA?'],
  shortFlags: { o: 'output' },
  flags: {
    json: { type: 'boolean', description: 'json' },
    output: { type: 'string', description: 'output file', valueName: 'FILE' },
    port: { type: 'integer', description: 'port', min: 0, max: 65535 },
    protocol: { type: 'string', description: 'protocol', choices: ['icmp', 'tcp'] },
    account: { type: 'string', description: 'account', multiple: true },
  },
};

describe('parseArgs', () => {
  it.each<[string[], Record<string, unknown>, string[]]>([
    [['a.json'], {}, ['a.json']],
    [['a.json', 'b'], {}, ['a.json', 'b']],
    [['a.json', '--json'], { json: true }, ['a.json']],
    [['--port', '0', 'a.json'], { port: 0 }, ['a.json']],
    [['--port=8080', 'a.json'], { port: 8080 }, ['a.json']],
    [['-o', 'out.json', 'a.json'], { output: 'out.json' }, ['a.json']],
    [['--protocol', 'TCP', 'a.json'], { protocol: 'tcp' }, ['a.json']],
    [['--account', '1', '--account', '2', 'a.json'], { account: ['1', '2'] }, ['a.json']],
    [['a.json', '--', '--json'], {}, ['a.json', '--json']],
  ])('%j parses', (argv, flags, positionals) => {
    const parsed = parseArgs(spec, argv);
    expect(parsed.flags).toEqual(flags);
    expect(parsed.positionals).toEqual(positionals);
  });

  it.each<[string[], RegExp]>([
    [[], /missing argument FILE/],
    [['a', 'b', 'c'], /unexpected argument "c"/],
    [['a', '--nope'], /unknown option --nope/],
    [['a', '-x'], /unknown option -x/],
    [['a', '--port'], /--port needs a value/],
    [['a', '--port', '--json'], /--port needs a value/],
    [['a', '--port', 'eighty'], /--port: "eighty" is not an integer/],
    [['a', '--port', '70000'], /--port: 70000 is above the maximum 65535/],
    [['a', '--port', '-1'], /--port: -1 is below the minimum 0/],
    [['a', '--protocol', 'gre'], /--protocol: "gre" is not one of icmp, tcp/],
    [['a', '--json=yes'], /--json takes no value/],
    [['a', '--output', 'x', '--output', 'y'], /--output given more than once/],
    [['a', '--prot', 'icmp'], /did you mean --protocol\?/],
  ])('%j is refused with a message naming the argument', (argv, message) => {
    expect(() => parseArgs(spec, argv)).toThrow(UsageError);
    expect(() => parseArgs(spec, argv)).toThrow(message);
  });

  it('help lists short aliases and aligns descriptions', () => {
    const text = helpText(spec);
    expect(text).toContain('Usage: vpclink demo FILE [EXTRA] [options]');
    expect(text).toMatch(/-o, --output <FILE> +output file/);
    const columns = text
      .split('\n')
      .filter((l) => l.startsWith('  -'))
      .map((l) => l.search(/ {2}\S+( \S+)*$/));
    expect(new Set(columns).size).toBe(1);
  });
});

describe('vpclink main', () => {
  function capture(): { io: CliIo; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      io: {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        cwd: process.cwd(),
        env: {},
        signal: new AbortController().signal,
        isTty: false,
      },
      out: () => out,
      err: () => err,
    };
  }

  it('an unknown command exits 2 and names it', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toContain('unknown command "frobnicate"');
  });

  it('no command prints the help and exits 2; --help exits 0', async () => {
    const a = capture();
    expect(await main([], a.io)).toBe(2);
    expect(a.out()).toContain('Usage: vpclink <command>');
    const b = capture();
    expect(await main(['--help'], b.io)).toBe(0);
  });

  it('a bad option of a command exits 2 with the command named', async () => {
    const c = capture();
    expect(await main(['check', 'x.json', '--colour'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^vpclink check: unknown option --colour/);
  });
});
