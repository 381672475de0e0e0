import { type ImageModelEntry, listImageModels } from "@pictor/contract";
import { UsageError } from "../cli-error";
import { effectiveStatus, type ModelStatus as Status } from "./model-status";

/**
 * Every status, in the order help lists them (a Record, so a status added to the catalog's
 * schema fails the typecheck here until it is listed).
 */
const statusOrder: Record<Status, number> = {
  active: 0,
  preview: 1,
  legacy: 2,
  deprecated: 3,
  deactivated: 4,
};

/** The statuses `--status` takes. */
export const statuses: readonly string[] = (Object.keys(statusOrder) as Status[]).sort(
  (a, b) => statusOrder[a] - statusOrder[b],
);

/** The provider families `--provider` takes: those the catalog has models of, in its order. */
export function providers(): string[] {
  return [...new Set(listImageModels().map((model) => model.provider))];
}

/** The filter flags of `pictor models`, as commander gives them. */
export interface ModelFilterFlags {
  provider?: string;
  status?: string;
  edits?: boolean;
  generates?: boolean;
}

/**
 * The models that pass every filter given. Without `--status`, every model still served (all
 * but deactivated ones). A value a filter does not know is a usage error naming the ones it takes.
 */
export function filterModels(
  models: readonly ImageModelEntry[],
  flags: ModelFilterFlags,
  now: number = Date.now(),
): ImageModelEntry[] {
  const wantedProviders =
    flags.provider === undefined ? undefined : listOf("--provider", flags.provider, providers());
  const wantedStatuses =
    flags.status === undefined
      ? statuses.filter((status) => status !== "deactivated")
      : listOf("--status", flags.status, statuses);
  return models.filter(
    (model) =>
      (wantedProviders === undefined || wantedProviders.includes(model.provider)) &&
      wantedStatuses.includes(effectiveStatus(model, now)) &&
      (!flags.edits || model.edits.supported) &&
      (!flags.generates || !model.edits.requires_input_image),
  );
}

/** `value` as a comma-separated list of `accepted` values (case as typed is forgiven). */
function listOf(flag: string, value: string, accepted: readonly string[]): string[] {
  const items = value.split(",").map((item) => item.trim().toLowerCase());
  const unknown = items.filter((item) => !accepted.includes(item));
  if (unknown.length > 0)
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: ${unknown.map((item) => JSON.stringify(item)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not one of ${accepted.join(", ")} (several may be given, comma-separated: ${flag} ${accepted.slice(0, 2).join(",")})`,
    );
  return items;
}
