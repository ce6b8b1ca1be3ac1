import type { Message } from '../../functions/shared/i18n.ts';
import { hearPlatformClock } from './clock.ts';
import { lang, t } from './i18n.ts';

export interface FieldError {
  path: string;
  message: string;
}

/** An API error in the reader's language, with the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }

  /** The problem of each field it names, by path (under `prefix` when the form nests the body). */
  byPath(prefix = ''): Record<string, string> {
    return Object.fromEntries(this.fields.map((field) => [prefix + field.path, field.message]));
  }
}

let base: string | undefined;

/** On AWS the API lives elsewhere (config.json, written by the stack); locally it is this origin. */
async function apiBase(): Promise<string> {
  if (base !== undefined) return base;
  try {
    const response = await fetch('/config.json');
    const config = response.ok ? ((await response.json()) as { apiUrl?: string }) : {};
    base = config.apiUrl?.replace(/\/$/, '') ?? '';
  } catch {
    base = '';
  }
  return base;
}

const TOKEN_KEY = 'warmth.token';
const USER_KEY = 'warmth.user';

export interface SignedInUser {
  sub: string;
  name: string;
  groups: string[];
  orgUnit: string;
  /** Given by the local sign-in only; elsewhere pages name units through /org-units. */
  orgUnitName?: Message;
  level?: number;
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  user: (): SignedInUser | null => {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as SignedInUser) : null;
  },
  save(token: string, user: SignedInUser): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
  /** Where the user was when the sign-in ran out, to go back there after signing in again. */
  interrupted: (): { sub: string; hash: string } | null => {
    const raw = sessionStorage.getItem(RETURN_KEY);
    return raw ? (JSON.parse(raw) as { sub: string; hash: string }) : null;
  },
  forgetInterrupted(): void {
    sessionStorage.removeItem(RETURN_KEY);
  },
};

const RETURN_KEY = 'warmth.returnTo';

/** The token was refused (it ran out): remember the page, sign out, and ask to sign in again. */
function signInAgain(): void {
  const user = session.user();
  if (user && location.hash !== '#/signin') sessionStorage.setItem(RETURN_KEY, JSON.stringify({ sub: user.sub, hash: location.hash }));
  session.clear();
  location.hash = '#/signin';
}

/** The code of a request that never reached the API (offline, server down). */
export const NETWORK_UNAVAILABLE = 'NETWORK_UNAVAILABLE';

/** Every request; one that cannot reach the API fails as an ApiError too, so pages say it like any other. */
async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<Response> {
  const token = session.token();
  let response: Response;
  try {
    response = await fetch(`${await apiBase()}${path}`, {
      method,
      headers: { 'accept-language': lang.value, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body,
    });
  } catch {
    throw new ApiError(0, NETWORK_UNAVAILABLE, t('网络不通，请稍后重试。', 'The network is unavailable; try again shortly.'));
  }
  hearPlatformClock(response.headers.get('date'));
  return response;
}

/** The JSON reply, or an ApiError in the reader's language (a 401 also signs out). */
async function read<T>(response: Response): Promise<T> {
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (response.status === 401) {
    signInAgain();
    throw new ApiError(401, 'UNAUTHORIZED', t('登录已过期，请重新登录', 'Your sign-in has expired; please sign in again'));
  }
  if (!response.ok) {
    const error = (data as { error?: { code: string; message: string; fields?: FieldError[] } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'ERROR', error?.message ?? response.statusText, error?.fields ?? []);
  }
  return data as T;
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const json: Record<string, string> = body !== undefined ? { 'content-type': 'application/json' } : {};
  return read<T>(await send(method, path, body === undefined ? undefined : JSON.stringify(body), { ...json, ...headers }));
}

/** Posts a file's text as is (the bank's result CSV); the reply is JSON. */
export async function postText<T>(path: string, text: string, contentType = 'text/csv'): Promise<T> {
  return read<T>(await send('POST', path, text, { 'content-type': contentType }));
}

/**
 * Saves what a GET returns (a CSV) as a file. It needs the bearer token, so a plain link will not
 * do: fetch it, then hand the bytes (BOM included) to the browser as a download.
 */
export async function download(path: string, filename: string): Promise<void> {
  const response = await send('GET', path, undefined, {});
  if (!response.ok) await read(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the blob only after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
