import { createHmac } from 'node:crypto';
import { idHashKeys } from './id-hash-key.ts';

/**
 * The keyed hash of an ID number (or a key that holds one) under one version of the ID-hash key.
 * Version 1's hashes carry no prefix (they predate versions); later ones `v.hex`.
 */
export const hashUnder = (version: string, key: string, text: string): string => {
  const hex = createHmac('sha256', key).update(text).digest('hex');
  return version === '1' ? hex : `${version}.${hex}`;
};

/** The hash under the current key, and under every version (the current first): a lookup tries them all, so rotation keeps matches found. */
export async function idHashes(text: string): Promise<{ current: string; all: string[] }> {
  const { current, keys } = await idHashKeys();
  const currentHash = hashUnder(current, keys[current] as string, text);
  const others = Object.entries(keys).filter(([version]) => version !== current).map(([version, key]) => hashUnder(version, key, text));
  return { current: currentHash, all: [currentHash, ...others] };
}
