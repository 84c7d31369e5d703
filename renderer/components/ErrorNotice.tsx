import type { IpcError } from '../../shared/ipc/errors';

/** An error from the engine, said plainly, with the code support will ask for. */
export function ErrorNotice({ title, error, onRetry }: { title: string; error: IpcError; onRetry?: () => void }) {
  return (
    <div className="notice notice-bad" role="alert">
      <p className="notice-title">{title}</p>
      <p>{error.message}</p>
      <p className="muted small">
        Code: {error.code}
        {error.detail ? ` · ${error.detail}` : ''}
      </p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
