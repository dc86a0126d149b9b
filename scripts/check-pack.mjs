// Checks what each public package would publish: only dist, package.json,
// README, LICENSE (and CHANGELOG once changesets writes one), and an exports
// map whose every target is in the tarball. Run after `pnpm build`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const groups = ["packages", "apps", "examples"];
const allowed = [/^dist\//, /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/];
const required = ["package.json", "README.md", "LICENSE"];
const problems = [];
let checked = 0;

function targets(exportsField) {
  if (typeof exportsField === "string") return [exportsField];
  if (exportsField && typeof exportsField === "object")
    return Object.values(exportsField).flatMap(targets);
  return [];
}

for (const group of groups) {
  const dir = path.join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const pkgDir = path.join(dir, name);
    const pkgFile = path.join(pkgDir, "package.json");
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
    if (pkg.private) continue;
    checked++;
    const out = execFileSync("pnpm", ["pack", "--dry-run", "--json"], {
      cwd: pkgDir,
      encoding: "utf8",
    });
    const files = JSON.parse(out.slice(out.indexOf("{"))).files.map((f) => f.path);
    for (const file of files) {
      if (!allowed.some((re) => re.test(file)))
        problems.push(`${pkg.name}: unexpected file in package: ${file}`);
    }
    for (const file of required) {
      if (!files.includes(file)) problems.push(`${pkg.name}: missing ${file}`);
    }
    for (const key of ["exports", "types", "engines", "repository", "license", "files"]) {
      if (pkg[key] === undefined) problems.push(`${pkg.name}: package.json has no "${key}"`);
    }
    for (const target of targets(pkg.exports)) {
      if (target === "./package.json") continue;
      const rel = target.replace(/^\.\//, "");
      if (!files.includes(rel))
        problems.push(`${pkg.name}: exports target ${target} is not in the package`);
    }
    console.log(`${pkg.name}: ${files.length} files: ${files.join(", ")}`);
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`pack check: ${checked} public packages OK`);
