// The sign-in page: posts the name and password to /api/session (which sets the HttpOnly session
// cookie), then goes back to the page the visitor came for. Only same-site paths are followed.
import { sitePath } from '../../../core/site-path.js';

const form = document.querySelector<HTMLFormElement>('#signin-form')!;
const errorBox = document.querySelector<HTMLParagraphElement>('#signin-error')!;
const state = document.querySelector<HTMLParagraphElement>('#signin-state')!;
const submit = document.querySelector<HTMLButtonElement>('#signin-submit')!;

/**
 * Where to go after signing in: the `next` path if it is one of this site's, else the map. The server
 * sends a visitor here without the page's #hash (browsers never send it), but the browser keeps it on
 * the redirect: it goes back onto `next`, so the views open on the view, dataset and cohort asked for.
 */
export function nextPath(search: string, hash = ''): string {
  const next = new URLSearchParams(search).get('next');
  return sitePath(next !== null && !next.includes('#') && hash.startsWith('#') ? `${next}${hash}` : next);
}

function showError(message: string): void {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

async function showSession(): Promise<void> {
  try {
    const session = (await (await fetch('/api/session')).json()) as { auth: boolean; user: { name: string; role: string } | null; oidc?: boolean };
    if (session.oidc) {
      // Single sign-on: the service sends the browser to the council's identity provider and back.
      document.querySelector<HTMLAnchorElement>('#signin-oidc')!.href = `/api/session/oidc?next=${encodeURIComponent(nextPath(window.location.search, window.location.hash))}`;
      document.querySelector<HTMLElement>('#signin-oidc-box')!.hidden = false;
    }
    if (!session.auth) state.textContent = 'Sign-in is off: this service has no users and answers only on this computer.';
    else if (session.user) state.textContent = `You are signed in as ${session.user.name} (${session.user.role}).`;
  } catch {
    // the form still works
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  errorBox.hidden = true;
  const data = new FormData(form);
  const name = String(data.get('name') ?? '').trim();
  const password = String(data.get('password') ?? '');
  if (name === '' || password === '') {
    showError('Enter your name and your password.');
    return;
  }
  submit.disabled = true;
  void (async () => {
    try {
      const response = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      });
      if (response.ok) {
        window.location.assign(nextPath(window.location.search, window.location.hash));
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      showError(response.status === 401 ? 'That name and password do not match. Check them and try again.' : (body.error ?? `Sign-in failed (${response.status}).`));
    } catch {
      showError('The service cannot be reached. Check your connection and try again.');
    } finally {
      submit.disabled = false;
    }
  })();
});

void showSession();
