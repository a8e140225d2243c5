// Sign-in behind one interface. The app imports only `auth` and never looks at how the token was had,
// so the demo provider below can be replaced by an OpenID Connect one (authorization code + PKCE)
// without touching any view: see docs/web-app.md, "Replacing the demo sign-in".
//
// Interface of a provider:
//   kind                 'demo' | 'oidc' — the sign-in screen shows a picker for 'demo', one button for 'oidc'
//   session()            { role, org, subject, expiresAt } of the signed-in user, or null
//   accessToken()        the bearer token for /api/v1 calls, or null when signed out or expired
//   signIn(options)      demo: { clientId } → Promise<session>; oidc: redirects to the authorization endpoint
//   completeSignIn()     called once at start-up; oidc exchanges ?code= here; demo has nothing to do
//   signOut(reason)      forgets the token; reason 'expired' makes the sign-in screen say why
//   onChange(listener)   listener(session, reason) after every sign-in and sign-out

const STORAGE_KEY = 'marketplace.session';
const DEMO_SECRET = 'dev-secret';

/** The demo clients API.md seeds in Development/demo mode, all with the secret dev-secret. */
export const DEMO_CLIENTS = {
  state: ['BZ', 'CR', 'SV', 'GT', 'HN', 'MX', 'PA'].map((org) => ({ clientId: `state-${org.toLowerCase()}`, role: 'state', org })),
  donor: ['AR', 'BR', 'CA', 'CO', 'EU', 'FR', 'ES', 'CH', 'UY', 'US', 'IDB', 'WBG', 'CABEI', 'ECLAC']
    .map((org) => ({ clientId: `donor-${org.toLowerCase()}`, role: 'donor', org })),
  chair: [{ clientId: 'chair', role: 'chair', org: 'ES' }],
  secretariat: [{ clientId: 'secretariat', role: 'secretariat', org: 'UNHCR-OAS' }],
};

export class SignInError extends Error {
  constructor(code, status) {
    super(code);
    this.code = code;
    this.status = status;
  }
}

function decodeClaims(jwt) {
  const payload = jwt.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function createDemoProvider(storage) {
  const listeners = new Set();
  const notify = (session, reason) => { for (const listener of listeners) listener(session, reason); };

  function read() {
    try {
      const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
      return stored && stored.expiresAt > Date.now() ? stored : null;
    } catch {
      return null;
    }
  }

  const provider = {
    kind: 'demo',

    session() {
      const stored = read();
      return stored && { role: stored.role, org: stored.org, subject: stored.subject, expiresAt: stored.expiresAt };
    },

    accessToken() {
      return read()?.accessToken ?? null;
    },

    async signIn({ clientId }) {
      let response;
      try {
        response = await fetch('/connect/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: DEMO_SECRET }),
        });
      } catch {
        throw new SignInError('network', 0);
      }
      if (response.status === 429) throw new SignInError('rate-limited', 429);
      if (!response.ok) throw new SignInError(response.status === 400 || response.status === 401 ? 'demo-unavailable' : 'failed', response.status);
      const token = await response.json();
      const claims = decodeClaims(token.access_token);
      const stored = {
        accessToken: token.access_token,
        // A minute's margin so a call never leaves with a token about to expire.
        expiresAt: Date.now() + Math.max(0, (token.expires_in ?? 3600) - 60) * 1000,
        role: claims.role,
        org: claims.org,
        subject: claims.sub ?? clientId,
      };
      storage.setItem(STORAGE_KEY, JSON.stringify(stored));
      const session = provider.session();
      notify(session, 'signed-in');
      return session;
    },

    async completeSignIn() {
      return provider.session();
    },

    signOut(reason = 'signed-out') {
      storage.removeItem(STORAGE_KEY);
      notify(null, reason);
    },

    onChange(listener) {
      listeners.add(listener);
    },
  };
  return provider;
}

export const auth = createDemoProvider(sessionStorage);
