import type { ImageRequestState } from "@pictor/react";
import { useElapsedMs } from "@pictor/react";
import { describeError } from "./describe-error";
import { formatUsd } from "./model-catalog";

/** What the status line needs of `useGenerateImage` / `useEditImage`. */
type RequestState = ImageRequestState<unknown> & { abort: () => void };

export interface RequestStatusProps {
  request: RequestState;
  /** "Generating", "Editing". */
  verb: string;
  /** Set when the user cancelled: the hook is back to `idle`, and this says why. */
  cancelledAfterMs: number | undefined;
  onCancel: (elapsedMs: number) => void;
}

/** Progress with a cancel button, then the outcome: cancelled, failed (readable), or done with its cost. */
export function RequestStatus({ request, verb, cancelledAfterMs, onCancel }: RequestStatusProps) {
  if (request.status === "pending")
    return <Progress request={request} verb={verb} onCancel={onCancel} />;
  if (request.status === "error") {
    const { title, detail } = describeError(request.error);
    return (
      <div className="status error" role="alert">
        <strong>{title}</strong>
        <span>{detail}</span>
      </div>
    );
  }
  if (request.status === "success") {
    const { cost } = request.result;
    const count = request.images.length;
    return (
      <p className="status" role="status">
        {count} image{count === 1 ? "" : "s"} in {seconds(request.elapsedMs)}
        {cost ? ` · ${formatUsd(cost.usd)}${cost.source === "estimate" ? " (estimate)" : ""}` : ""}
      </p>
    );
  }
  return (
    <p className="status" role="status">
      {cancelledAfterMs === undefined ? "" : `Cancelled after ${seconds(cancelledAfterMs)}.`}
    </p>
  );
}

/**
 * A child component so that only it re-renders every 100 ms while the request runs: the hook
 * itself never re-renders to count time.
 */
function Progress({
  request,
  verb,
  onCancel,
}: {
  request: RequestState;
  verb: string;
  onCancel: (elapsedMs: number) => void;
}) {
  const elapsedMs = useElapsedMs(request, 100);
  return (
    <div className="status progress" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>
        {verb}… {seconds(elapsedMs)}
      </span>
      <button
        type="button"
        onClick={() => {
          // Read before aborting: the state is `idle` (elapsed 0) right after.
          const elapsed = request.elapsedMs;
          request.abort();
          onCancel(elapsed);
        }}
      >
        Cancel
      </button>
    </div>
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
