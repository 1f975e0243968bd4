/**
 * Merkle tree hashes and inclusion proofs, as Certificate Transparency defines them (RFC 6962 §2.1,
 * RFC 9162 §2.1): SHA-256, leaves hashed with a 0x00 prefix and interior nodes with 0x01 (so a leaf
 * can never pass for a node), and an unbalanced tree split at the largest power of two below its size.
 *
 * - `leafHash(data)` = SHA-256(0x00 ‖ data)
 * - `merkleRoot(leafHashes)`: MTH of the leaves; the empty tree's root is SHA-256 of nothing.
 * - `inclusionProof(leafHashes, index)`: the audit path of one leaf.
 * - `verifyInclusion(...)`: RFC 9162 §2.1.3.2, the check an auditor runs with only the leaf, the path,
 *   the tree size and the signed root.
 */
import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(LEAF).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** Root of the tree over the given leaf hashes (in order). Bottom-up: an unpaired node rises unchanged. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return createHash('sha256').digest();
  let level: Uint8Array[] = [...leafHashes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2)
      next.push(nodeHash(level[i] as Uint8Array, level[i + 1] as Uint8Array));
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Uint8Array);
    level = next;
  }
  return Buffer.from(level[0] as Uint8Array);
}

/** Largest power of two strictly below n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeRoot(leaves: readonly Uint8Array[], from: number, to: number): Buffer {
  return merkleRoot(leaves.slice(from, to));
}

/** The audit path of leaf `index` (RFC 6962 §2.1.1 PATH), nearest sibling first. */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
  }
  const path: Buffer[] = [];
  const walk = (from: number, to: number, m: number): void => {
    const n = to - from;
    if (n <= 1) return;
    const k = split(n);
    if (m < k) {
      walk(from, from + k, m);
      path.push(subtreeRoot(leafHashes, from + k, to));
    } else {
      walk(from + k, to, m - k);
      path.push(subtreeRoot(leafHashes, from, from + k));
    }
  };
  walk(0, leafHashes.length, index);
  return path;
}

/** Whether `proof` proves that `leaf` is leaf `index` of a tree of `size` leaves whose root is `root`. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}
