// The server's estimate of a paged search's total (RFC 2696: the `size` of the paged-results
// response control). Samba puts the exact number of matching entries there on every page (it
// resolves the whole result set at the first page), so a scan's progress gets its total for free
// instead of from a second, counting search. Windows AD is not known to fill it in (then nothing is
// reported and the caller counts another way).
//
// ldapts reads the response control to follow the cookie but does not hand it to the caller, so
// each client's `_send` (ldapts 8.x, internal) is wrapped once to look at search responses, and the
// search that is waiting for them is found through AsyncLocalStorage (concurrent searches on one
// client stay apart). A later ldapts that renames `_send` simply reports no estimate; the Samba
// test of LdapDirectory.search fails then, so it does not go unnoticed.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PagedResultsControl, type Client } from 'ldapts';

type Listener = (size: number) => void;

const current = new AsyncLocalStorage<Listener>();
const wrapped = new WeakSet<Client>();

interface SendsMessages {
  _send?: (message: unknown) => Promise<{ controls?: unknown[] } | undefined>;
}

/** Makes `client` report paged-results sizes to whichever `withPagedEstimate` call is waiting on it. */
export function watchPagedEstimates(client: Client): void {
  if (wrapped.has(client)) return;
  const target = client as unknown as SendsMessages;
  const send = target._send;
  if (typeof send !== 'function') return;
  wrapped.add(client);
  target._send = async function (this: unknown, message: unknown) {
    const result = await send.call(this, message);
    const listener = current.getStore();
    if (listener) {
      for (const control of result?.controls ?? []) {
        if (control instanceof PagedResultsControl && typeof control.value?.size === 'number' && control.value.size > 0) listener(control.value.size);
      }
    }
    return result;
  };
}

/** Runs `work` (a page request) so that the size estimate its response carries goes to `listener`. */
export function withPagedEstimate<T>(listener: Listener | undefined, work: () => T): T {
  return listener ? current.run(listener, work) : work();
}
