import "./ProgressBar.css";

/** How far a long task has got, `percent` from 0 to 100, for the eye and for
 * screen readers; `paused` turns the fill the warning colour. */
export function ProgressBar({ percent, label, paused = false }: { percent: number; label: string; paused?: boolean }) {
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={label}>
      <div className={`progress-fill${paused ? " is-paused" : ""}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
