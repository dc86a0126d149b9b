import { readdir } from "node:fs/promises";
import path from "node:path";

async function entries(dir: string): Promise<string[]> {
  try {
    const list = await readdir(dir, { withFileTypes: true });
    // Packages are directories or (with pnpm and `npm link`) symlinks to them.
    return list
      .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith("."))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * The package directories directly inside one `node_modules` directory,
 * scoped packages included. A missing directory lists nothing.
 */
export async function listPackages(nodeModulesDir: string): Promise<string[]> {
  const names = await entries(nodeModulesDir);
  const dirs = await Promise.all(
    names.map(async (name) => {
      const full = path.join(nodeModulesDir, name);
      if (!name.startsWith("@")) return [full];
      return (await entries(full)).map((inner) => path.join(full, inner));
    }),
  );
  return dirs.flat();
}
