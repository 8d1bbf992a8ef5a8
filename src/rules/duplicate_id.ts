import type { Rule } from "./rule.ts";

/** Link ids (the `id`, or the key) are unique. */
export const duplicateId: Rule = {
  id: "duplicate-id",
  description: "Link ids (id, or the key when there is no id) are unique",
  severity: "error",
  check(context) {
    const first = new Map<string, number>();
    context.manifest.objects.forEach((entry, index) => {
      const id = entry.id ?? entry.key;
      if (id === undefined) return;
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, index);
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
