import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The project's Markdown: README.md stays a short entry point, and every relative link in README.md,
 * CONTRIBUTING.md and docs/ resolves: the file (or directory) exists, and an `#anchor` names a
 * heading of its Markdown target as GitHub renders heading ids.
 */
const ROOT = resolve(__dirname, '..', '..');

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f));
  return ['README.md', 'CONTRIBUTING.md', ...docs.sort()];
}

/** The lines of a Markdown text outside fenced code blocks (other lines become empty, keeping numbers). */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m?.[1] !== undefined) {
      const marker = m[1];
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
      return '';
    }
    return fence === undefined ? line : '';
  });
}

/** GitHub's id of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, ... */
function headingIds(text: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m?.[1] === undefined) continue;
    const rendered = m[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = rendered
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
}

/** Relative link targets of a Markdown text (inline links and images, outside code), with their line. */
function relativeLinks(text: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  proseLines(text).forEach((line, i) => {
    const prose = line.replace(/`+[^`]*`+/g, '');
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
      out.push({ line: i + 1, target });
    }
  });
  return out;
}

/** Every link of `file` (relative to `root`) that does not resolve, as `file:line: target (why)`. */
function brokenLinks(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const problems: string[] = [];
  for (const { line, target } of relativeLinks(text)) {
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const targetFile = pathPart === '' ? join(root, file) : resolve(dirname(join(root, file)), pathPart);
    const where = `${file}:${line}: ${target}`;
    if (!existsSync(targetFile)) {
      problems.push(`${where} (no such file: ${relative(root, targetFile)})`);
      continue;
    }
    if (anchor === undefined) continue;
    if (statSync(targetFile).isDirectory() || !targetFile.endsWith('.md')) {
      problems.push(`${where} (an anchor into something that is not a Markdown file)`);
    } else if (!headingIds(readFileSync(targetFile, 'utf8')).has(anchor)) {
      problems.push(`${where} (no heading with id "${anchor}" in ${relative(root, targetFile)})`);
    }
  }
  return problems;
}

describe('README.md', () => {
  it('is a short entry point: at most 200 lines', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(200);
  });
});

describe('relative links in README.md, CONTRIBUTING.md and docs/', () => {
  it('covers the project Markdown', () => {
    expect(markdownFiles()).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/configuration.md', 'docs/controls.md']),
    );
  });

  it.each(markdownFiles())('%s: every relative link points at an existing file and heading', (file) => {
    expect(brokenLinks(ROOT, file)).toEqual([]);
  });
});

describe('the link check', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-links-'));
    writeFileSync(
      join(dir, 'a.md'),
      [
        '# Title',
        '## Keys and separation of duties',
        '## 4. The VaultKey is pending deletion (tested)',
        '## `plan:summary` output',
        '## Repeat',
        '## Repeat',
        '```sh',
        '# not a heading',
        '[not a link](missing-in-code.md)',
        '```',
        'See [keys](#keys-and-separation-of-duties), [pending](a.md#4-the-vaultkey-is-pending-deletion-tested),',
        '[summary](#plansummary-output), [again](#repeat-1), [site](https://example.com/x.md) and `[code](nope.md)`.',
        'Broken: [file](missing.md), [anchor](a.md#no-such-heading), [inside code](#not-a-heading), [dup](#repeat-2).',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads GitHub heading ids, ignoring fenced code', () => {
    expect([...headingIds(readFileSync(join(dir, 'a.md'), 'utf8'))]).toEqual([
      'title',
      'keys-and-separation-of-duties',
      '4-the-vaultkey-is-pending-deletion-tested',
      'plansummary-output',
      'repeat',
      'repeat-1',
    ]);
  });

  it('reports missing files and anchors, and only those', () => {
    expect(brokenLinks(dir, 'a.md')).toEqual([
      'a.md:13: missing.md (no such file: missing.md)',
      'a.md:13: a.md#no-such-heading (no heading with id "no-such-heading" in a.md)',
      'a.md:13: #not-a-heading (no heading with id "not-a-heading" in a.md)',
      'a.md:13: #repeat-2 (no heading with id "repeat-2" in a.md)',
    ]);
  });
});
