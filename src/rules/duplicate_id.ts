import type { Rule } from "./rule.ts";

/**
 * FNV-1a over UTF-16 units, cut to 30 bits so that it stays a small integer
 * (a Smi) as a `Map` key. Hashing a fresh string for a `Map` costs V8
 * several times more than this loop, and ids are all fresh strings.
 */
function quickHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash & 0x3fffffff;
}

/** Link ids (the `id`, or the key) are unique. */
export const duplicateId: Rule = {
  id: "duplicate-id",
  description: "Link ids (id, or the key when there is no id) are unique",
  severity: "error",
  check(context) {
    const objects = context.manifest.objects;
    // The first entry per hash; ids that share a hash with another id are
    // kept by their text.
    const firstByHash = new Map<number, number>();
    const firstById = new Map<string, number>();
    objects.forEach((entry, index) => {
      const id = entry.id ?? entry.key;
      if (id === undefined) return;
      const hash = quickHash(id);
      const candidate = firstByHash.get(hash);
      if (candidate === undefined) {
        firstByHash.set(hash, index);
        return;
      }
      const other = objects[candidate]!;
      const earlier = (other.id ?? other.key) === id
        ? candidate
        : firstById.get(id);
      if (earlier === undefined) {
        firstById.set(id, index);
        return;
      }
      const field = entry.id !== undefined ? "id" : "key";
      context.report({
        path: ["objects", index, field],
        message: `Duplicate link id "${id}": objects[${earlier}] has it too`,
        hint: entry.id === undefined
          ? "give one of them an id"
          : "ids must be unique",
      });
    });
  },
};
