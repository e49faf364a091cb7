// The signed-in person on every page: a "name (role) · Sign out" control in the page's header, and
// the way back to the sign-in page when the session has ended (any API answer of 401).
export interface SessionInfo {
  auth: boolean;
  user: { name: string; role: string } | null;
  /** whether this session's answers are exact (analysts, admins, or a server started to show them) */
  exactCounts?: boolean;
}

/** Sends the browser to sign in, coming back to this page afterwards. */
export function redirectToSignIn(): void {
  // the hash too: the views keep their view, dataset, window and cohort there
  const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  window.location.assign(`/signin.html?next=${encodeURIComponent(here)}`);
}

/** Fetch, but a 401 (no session, or an expired one) goes to the sign-in page. */
export async function fetchSignedIn(input: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (response.status === 401) redirectToSignIn();
  return response;
}

/** Whether this session may import (the server refuses anyone else: admins, or anyone while sign-in is off). */
export function mayImport(session: SessionInfo | null): boolean {
  return session !== null && (!session.auth || session.user?.role === 'admin');
}

/**
 * Adds the signed-in person and a sign-out button to `header`, when sign-in is on; answers the session
 * (null when it could not be read), so that a page shows only the controls the server allows.
 */
export async function mountSessionControl(header: Element): Promise<SessionInfo | null> {
  const response = await fetch('/api/session');
  if (!response.ok) return null;
  const session = (await response.json()) as SessionInfo;
  if (!session.auth || session.user === null) return session;
  const box = document.createElement('span');
  box.className = 'session-control';
  const who = document.createElement('span');
  who.textContent = `${session.user.name} (${session.user.role})`;
  const out = document.createElement('button');
  out.type = 'button';
  out.textContent = 'Sign out';
  out.addEventListener('click', () => {
    void fetch('/api/session', { method: 'DELETE' }).finally(() => window.location.assign('/signin.html'));
  });
  box.append(who, out);
  header.append(box);
  return session;
}
