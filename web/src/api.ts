import { lang } from './i18n.ts';

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
};

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = session.token();
  const response = await fetch(`${await apiBase()}${path}`, {
    method,
    headers: {
      'accept-language': lang.value,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (response.status === 401) {
    session.clear();
    location.hash = '#/signin';
    throw new ApiError(401, 'UNAUTHORIZED', lang.value === 'en' ? 'Please sign in again' : '登录已过期，请重新登录');
  }
  if (!response.ok) {
    const error = (data as { error?: { code: string; message: string; fields?: FieldError[] } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'ERROR', error?.message ?? response.statusText, error?.fields ?? []);
  }
  return data as T;
}
