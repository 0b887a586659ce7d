// Signed, expiring bearer tokens (JWT, HS256, via jose). The token names the
// account only; posts are read fresh from the database on every request.
import { SignJWT, jwtVerify } from 'jose';
import { config } from '../config';

const ISSUER = 'zeren';

export async function signToken(accountId: number): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + config.auth.tokenTtlSeconds * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(accountId))
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(config.auth.tokenSecret);
  return { token, expiresAt };
}

/** The account id of a valid token and when it expires (ms), or null (bad signature, expired, malformed). */
export async function verifyToken(token: string): Promise<{ accountId: number; expiresAt: number } | null> {
  try {
    const { payload } = await jwtVerify(token, config.auth.tokenSecret, { issuer: ISSUER, algorithms: ['HS256'] });
    const id = Number(payload.sub);
    return Number.isSafeInteger(id) && id > 0 && payload.exp ? { accountId: id, expiresAt: payload.exp * 1000 } : null;
  } catch {
    return null;
  }
}
