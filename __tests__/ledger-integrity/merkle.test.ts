/**
 * Merkle roots and inclusion proofs (RFC 6962): roots written literally (computed by an independent
 * implementation of RFC 6962 §2.1), and fast-check properties against the RFC's recursive definition.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyInclusion,
} from '../../lambda-src/ledger-integrity/merkle';

const leaves = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => leafHash(Buffer.from([i])));

test.each([
  [0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  [1, '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'],
  [2, 'a20bf9a7cc2dc8a08f5f415a71b19f6ac427bab54d24eec868b5d3103449953a'],
  [3, '3b6cccd7e3e023ff393006f030315ee7ad9eb111b022b41fba7e5b7a3973f688'],
  [4, '9bcd51240af4005168f033121ba85be5a6ed4f0e6a5fac262066729b8fbfdecb'],
  [5, 'b855b42d6c30f5b087e05266783fbd6e394f7b926013ccaa67700a8b0c5a596f'],
  [6, 'bb36e7d3d4cee5720cbd323d02fab15962e2ba1dadf5f8fc6eeef4fd6ad056a8'],
  [7, '3560191803028444b232018ac047fdb561c09c23a7a6876c85e08b5e4d48e9f3'],
])('the root of leaves 0x00 .. 0x%d (exclusive) is the literal RFC 6962 value', (n, root) => {
  expect(merkleRoot(leaves(n)).toString('hex')).toBe(root);
});

test('leaves and nodes are domain-separated (0x00 and 0x01 prefixes)', () => {
  expect(leafHash('a').toString('hex')).toBe(createHash('sha256').update(Buffer.from('0061', 'hex')).digest('hex'));
  expect(merkleRoot([leafHash('a'), leafHash('b'), leafHash('c')]).toString('hex')).toBe(
    '36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1',
  );
});

/** MTH(D[n]) exactly as RFC 6962 §2.1 writes it: split at the largest power of two below n. */
function referenceRoot(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return createHash('sha256').digest();
  if (hashes.length === 1) return hashes[0] as Buffer;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(referenceRoot(hashes.slice(0, k)), referenceRoot(hashes.slice(k)));
}

const data = fc.array(fc.uint8Array({ maxLength: 16 }), { maxLength: 70 });

test('property: the bottom-up root equals RFC 6962 MTH for every size', () => {
  fc.assert(
    fc.property(data, (items) => {
      const hashes = items.map((d) => leafHash(d));
      expect(merkleRoot(hashes).equals(referenceRoot(hashes))).toBe(true);
    }),
  );
});

test('property: every leaf has a proof that verifies against the root, and only for its own index', () => {
  fc.assert(
    fc.property(
      data.filter((d) => d.length > 0),
      fc.nat(),
      (items, pick) => {
        const hashes = items.map((d) => leafHash(d));
        const root = merkleRoot(hashes);
        const index = pick % hashes.length;
        const proof = inclusionProof(hashes, index);
        const leaf = hashes[index] as Buffer;
        expect(verifyInclusion(leaf, index, hashes.length, proof, root)).toBe(true);
        if (hashes.length > 1) {
          const other = (index + 1) % hashes.length;
          if (!(hashes[other] as Buffer).equals(leaf))
            expect(verifyInclusion(leaf, other, hashes.length, proof, root)).toBe(false);
        }
        // A path cut short does not reach the root (the tree size itself is signed in the digest).
        if (proof.length > 0) expect(verifyInclusion(leaf, index, hashes.length, proof.slice(0, -1), root)).toBe(false);
      },
    ),
  );
});

test('property: changing a leaf, a proof step or the order of leaves changes the outcome', () => {
  fc.assert(
    fc.property(
      data.filter((d) => d.length > 1),
      fc.nat(),
      fc.nat(),
      (items, pick, step) => {
        const hashes = items.map((d) => leafHash(d));
        const root = merkleRoot(hashes);
        const index = pick % hashes.length;
        const proof = inclusionProof(hashes, index);
        // A different leaf at the same place.
        const forged = leafHash(Buffer.concat([Buffer.from('forged'), Buffer.from(items[index] as Uint8Array)]));
        expect(verifyInclusion(forged, index, hashes.length, proof, root)).toBe(false);
        // A changed step of the path.
        const tampered = proof.map((p, i) => (i === step % proof.length ? leafHash(p) : p));
        expect(verifyInclusion(hashes[index] as Buffer, index, hashes.length, tampered, root)).toBe(false);
        // Two different leaves swapped: a different root.
        const j = (index + 1) % hashes.length;
        if (!(hashes[index] as Buffer).equals(hashes[j] as Buffer)) {
          const swapped = [...hashes];
          [swapped[index], swapped[j]] = [hashes[j] as Buffer, hashes[index] as Buffer];
          expect(merkleRoot(swapped).equals(root)).toBe(false);
        }
      },
    ),
  );
});

test('property: removing or adding a leaf changes the root', () => {
  fc.assert(
    fc.property(
      data.filter((d) => d.length > 0),
      (items) => {
        const hashes = items.map((d) => leafHash(d));
        const root = merkleRoot(hashes);
        expect(merkleRoot(hashes.slice(1)).equals(root)).toBe(false);
        expect(merkleRoot([...hashes, leafHash('extra')]).equals(root)).toBe(false);
      },
    ),
  );
});

test('proofs of a single-leaf tree are empty; out-of-range indexes are refused', () => {
  const one = leaves(1);
  expect(inclusionProof(one, 0)).toEqual([]);
  expect(verifyInclusion(one[0] as Buffer, 0, 1, [], merkleRoot(one))).toBe(true);
  expect(() => inclusionProof(one, 1)).toThrow('leaf index 1 is outside a tree of 1 leaves');
  expect(verifyInclusion(one[0] as Buffer, -1, 1, [], merkleRoot(one))).toBe(false);
  expect(verifyInclusion(one[0] as Buffer, 0, 1, [merkleRoot(one)], merkleRoot(one))).toBe(false);
});
