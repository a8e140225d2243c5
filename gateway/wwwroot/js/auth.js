// Sign-in for people: OpenID Connect authorization code flow with PKCE (S256) against the identity
// service, in every mode (demo too). The app holds no client secret: `marketplace-web` is a public client.
// Tokens live in this tab's sessionStorage; the access token is refreshed one request at a time.
//
// Interface (the app imports only `auth`):
//   session()            { role, org, subject, name, expiresAt } of the signed-in person, or null
//   accessToken()        Promise of a bearer token for /api/v1 calls (refreshed when near expiry), or null
//   signIn()             redirects to the identity service's sign-in page
//   completeSignIn()     called once at start-up: on /signin-callback exchanges the code for tokens
//   signOut(reason)      forgets the tokens; 'signed-out' also ends the identity-provider session
//   onChange(listener)   listener(session, reason) after every sign-in and sign-out

const CLIENT_ID = 'marketplace-web';
const SCOPE = 'openid profile offline_access';
const STORAGE_KEY = 'marketplace.session';
const FLOW_KEY = 'marketplace.signin-flow';
const CALLBACK_PATH = '/signin-callback';
// Refresh a little before expiry so that no call leaves with a token about to lapse.
const MARGIN_MS = 60_000;

export class SignInError extends Error {
  constructor(code, status) {
    super(code);
    this.code = code;
    this.status = status;
  }
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier) {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function decodeClaims(jwt) {
  const payload = jwt.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function createOidcProvider(storage, location, lang) {
  const listeners = new Set();
  const notify = (session, reason) => { for (const listener of listeners) listener(session, reason); };
  let refreshing = null;

  const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

  function read() {
    try {
      return JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
    } catch {
      return null;
    }
  }

  function store(token, previous) {
    const claims = decodeClaims(token.access_token);
    const stored = {
      accessToken: token.access_token,
      refreshToken: token.refresh_token ?? previous?.refreshToken ?? null,
      idToken: token.id_token ?? previous?.idToken ?? null,
      expiresAt: Date.now() + (token.expires_in ?? 600) * 1000,
      role: claims.role,
      org: claims.org,
      name: claims.name ?? null,
      subject: claims.sub,
    };
    storage.setItem(STORAGE_KEY, JSON.stringify(stored));
    return stored;
  }

  async function tokenRequest(form) {
    let response;
    try {
      response = await fetch('/connect/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ client_id: CLIENT_ID, ...form }),
      });
    } catch {
      throw new SignInError('network', 0);
    }
    if (response.status === 429) throw new SignInError('rate-limited', 429);
    if (!response.ok) throw new SignInError('failed', response.status);
    return response.json();
  }

  async function refresh() {
    const current = read();
    if (!current?.refreshToken) return null;
    try {
      return store(await tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken }), current);
    } catch (error) {
      // A network failure may pass; a refused refresh token (revoked, reused, person deactivated) never will.
      if (error.code === 'network' || error.code === 'rate-limited') throw error;
      provider.signOut('expired');
      return null;
    }
  }

  const provider = {
    kind: 'oidc',

    session() {
      const stored = read();
      return stored && { role: stored.role, org: stored.org, subject: stored.subject, name: stored.name, expiresAt: stored.expiresAt };
    },

    async accessToken() {
      const stored = read();
      if (!stored) return null;
      if (stored.expiresAt - MARGIN_MS > Date.now()) return stored.accessToken;
      // One refresh at a time: concurrent calls share it, so a refresh token is never sent twice.
      refreshing ??= refresh().finally(() => { refreshing = null; });
      return (await refreshing)?.accessToken ?? null;
    },

    async signIn() {
      const verifier = randomString();
      const state = randomString();
      storage.setItem(FLOW_KEY, JSON.stringify({ state, verifier, hash: location.hash }));
      const query = new URLSearchParams({
        client_id: CLIENT_ID,
        redirect_uri: redirectUri(),
        response_type: 'code',
        scope: SCOPE,
        state,
        code_challenge: await challengeOf(verifier),
        code_challenge_method: 'S256',
        ui_locales: lang(),
      });
      location.assign(`/connect/authorize?${query}`);
    },

    async completeSignIn() {
      if (location.pathname !== CALLBACK_PATH) return provider.session();
      const params = new URLSearchParams(location.search);
      const flow = JSON.parse(storage.getItem(FLOW_KEY) ?? 'null');
      storage.removeItem(FLOW_KEY);
      history.replaceState(null, '', `/${flow?.hash ?? ''}`);
      if (!flow || params.get('state') !== flow.state || !params.get('code')) {
        throw new SignInError(params.get('error') ? 'refused' : 'failed', 0);
      }
      store(await tokenRequest({
        grant_type: 'authorization_code',
        code: params.get('code'),
        redirect_uri: redirectUri(),
        code_verifier: flow.verifier,
      }));
      const session = provider.session();
      notify(session, 'signed-in');
      return session;
    },

    signOut(reason = 'signed-out') {
      const idToken = read()?.idToken;
      storage.removeItem(STORAGE_KEY);
      notify(null, reason);
      if (reason === 'signed-out') {
        // Ends the identity-provider session and revokes this sign-in's refresh token.
        const query = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: `${location.origin}/` });
        if (idToken) query.set('id_token_hint', idToken);
        location.assign(`/connect/endsession?${query}`);
      }
    },

    onChange(listener) {
      listeners.add(listener);
    },
  };
  return provider;
}

export const auth = createOidcProvider(sessionStorage, window.location, () => document.documentElement.lang || 'es');
