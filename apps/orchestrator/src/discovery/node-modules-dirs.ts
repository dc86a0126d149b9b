import path from "node:path";

/**
 * The `node_modules` directories Node's resolver would search from `fromDir`:
 * one per ancestor, nearest first. Directories named `node_modules`
 * themselves are skipped, as Node does.
 */
export function nodeModulesDirs(fromDir: string): string[] {
  const dirs: string[] = [];
  let current = path.resolve(fromDir);
  for (;;) {
    if (path.basename(current) !== "node_modules") dirs.push(path.join(current, "node_modules"));
    const parent = path.dirname(current);
    if (parent === current) return dirs;
    current = parent;
  }
}
