// Signed, expiring bearer tokens (JWT, HS256, via jose). The token names the account
// and its session version (sv); posts are read fresh from the database, and a token
// whose version is no longer the account's is refused (sessions end at once).
import { SignJWT, jwtVerify } from 'jose';
import { config } from '../config';

const ISSUER = 'zeren';

/** A token for the account at its session version (a new account's is 0). */
export async function signToken(accountId: number, sessionVersion = 0): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + config.auth.tokenTtlSeconds * 1000);
  const token = await new SignJWT({ sv: sessionVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(accountId))
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(config.auth.tokenSecret);
  return { token, expiresAt };
}

/** The account id and session version of a valid token and when it expires (ms), or null (bad signature, expired, malformed). */
export async function verifyToken(token: string): Promise<{ accountId: number; sessionVersion: number; expiresAt: number } | null> {
  try {
    const { payload } = await jwtVerify(token, config.auth.tokenSecret, { issuer: ISSUER, algorithms: ['HS256'] });
    const id = Number(payload.sub);
    const sessionVersion = payload.sv === undefined ? 0 : Number(payload.sv);
    return Number.isSafeInteger(id) && id > 0 && Number.isSafeInteger(sessionVersion) && payload.exp
      ? { accountId: id, sessionVersion, expiresAt: payload.exp * 1000 } : null;
  } catch {
    return null;
  }
}
