import "./ErrorScreen.css";

/** The whole window, when the library cannot be opened. */
export function ErrorScreen({ title, message, root }: { title: string; message: string; root?: string }) {
  return (
    <div className="error-screen" role="alert">
      <div className="error-card">
        <div className="error-icon" aria-hidden="true">
          !
        </div>
        <h1>{title}</h1>
        <p className="error-text">{message}</p>
        {root && (
          <p className="error-root">
            Library: <code>{root}</code>
          </p>
        )}
      </div>
    </div>
  );
}
