import { useEffect, useState } from 'preact/hooks';
import { api, session, type SignedInUser } from '../api.ts';
import { say, t } from '../i18n.ts';
import { ErrorBox, Loading } from '../components.tsx';

const roleNames: Record<string, [string, string]> = {
  worker: ['职工', 'Workers'],
  official: ['工会干部（审批）', 'Union officials (approval)'],
  finance: ['财务', 'Finance'],
  admin: ['管理员', 'Administrators'],
};

export const homeOf = (user: SignedInUser): string =>
  user.groups.includes('official') ? '#/official' : user.groups.includes('finance') ? '#/finance' : user.groups.includes('admin') ? '#/official/policies' : '#/worker';

/** The local demo sign-in: pick a demo user; the dev issuer signs a token with their claims. */
export function SignIn() {
  const [users, setUsers] = useState<SignedInUser[] | undefined>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: SignedInUser[] }>('GET', '/local/users')
      .then((result) => setUsers(result.items))
      .catch(() => setError(t('无法获取演示用户。部署在 AWS 时请使用单位的登录方式。', 'Demo users are not available. On AWS, sign in through your union’s identity provider.')));
  }, []);

  async function signIn(user: SignedInUser) {
    try {
      const { token } = await api<{ token: string }>('POST', '/local/token', { sub: user.sub });
      session.save(token, user);
      // Back to the page the sign-in ran out on (its draft is kept on this device), if it was theirs.
      const back = session.interrupted();
      session.forgetInterrupted();
      location.hash = back?.sub === user.sub ? back.hash : homeOf(user);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <main class="page">
      <h1>{t('登录', 'Sign in')}</h1>
      {session.interrupted() && (
        <p class="notice" role="alert">{t('登录已过期，请重新登录。登录后将回到您刚才的页面，已填写的内容不会丢失。', 'Your sign-in has expired; please sign in again. You will return to the page you were on, with what you entered.')}</p>
      )}
      <p>{t('请选择一位演示用户登录。', 'Choose a demo user to sign in as.')}</p>
      <ErrorBox message={error} />
      {!users && !error && <Loading />}
      {users &&
        Object.entries(roleNames).map(([role, [zh, en]]) => {
          const ofRole = users.filter((user) => user.groups.includes(role));
          if (ofRole.length === 0) return null;
          return (
            <section key={role}>
              <h2>{t(zh, en)}</h2>
              <ul class="cards">
                {ofRole.map((user) => (
                  <li key={user.sub}>
                    <button class="card-button" onClick={() => signIn(user)}>
                      <strong>{user.name}</strong>
                      <span class="muted">
                        {user.orgUnitName ? say(user.orgUnitName) : user.orgUnit}
                        {user.level ? ` · ${t(`第 ${user.level} 级`, `level ${user.level}`)}` : ''}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
    </main>
  );
}
