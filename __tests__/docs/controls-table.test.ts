import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTROLS_DOC, END, START, generatedBlock, withTable } from '../../tools/controls-table/controls-doc';

const docPath = path.resolve(__dirname, '..', '..', CONTROLS_DOC);
const doc = fs.readFileSync(docPath, 'utf8');

describe('docs/controls.md security-controls table', () => {
  it('is generated with one row per rule, naming its controls', () => {
    const rows = generatedBlock()
      .split('\n')
      .filter((l) => l.startsWith('| VAULT-'));
    expect(rows).toHaveLength(130);
    expect(rows[0]?.startsWith('| VAULT-KMS-001 |')).toBe(true);
    expect(rows.at(-1)?.startsWith('| VAULT-TF-002 |')).toBe(true);
  });

  it('is docs/controls.md, between the markers', () => {
    expect(CONTROLS_DOC).toBe('docs/controls.md');
    expect([doc.split(START).length - 1, doc.split(END).length - 1]).toEqual([1, 1]);
  });

  it('between the markers equals the table generated from the catalogue (npm run controls:table -- --write)', () => {
    expect(withTable(doc)).toBe(doc);
  });
});
