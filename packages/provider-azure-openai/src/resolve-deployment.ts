/**
 * The Azure deployment a model name is served by: its entry in `deployments`,
 * or the model name itself when it has none (deployments are often named
 * after their model). Pure.
 */
export function resolveDeployment(
  model: string,
  deployments: Readonly<Record<string, string>> | undefined,
): string {
  const mapped = deployments && Object.hasOwn(deployments, model) ? deployments[model] : undefined;
  return mapped ?? model;
}
