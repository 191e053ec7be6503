/** `GET /auth/providers`: public, so only what a sign-in button needs (never a client id or secret). */
export interface SignInOptionsView {
  localPasswords: boolean;
  providers: Array<{ id: string; name: string; startUrl: string }>;
}

export function toSignInOptions(
  providers: Array<{ id: string; name: string }>,
  localPasswords: boolean,
  publicUrl: string,
): SignInOptionsView {
  return {
    localPasswords,
    providers: providers.map(({ id, name }) => ({
      id,
      name,
      startUrl: `${publicUrl}/auth/oidc/${encodeURIComponent(id)}/start`,
    })),
  };
}
