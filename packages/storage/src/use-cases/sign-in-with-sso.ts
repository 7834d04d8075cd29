import type { Role, User } from "@quorum/core";
import { type Database, isUniqueViolation } from "../database.js";
import { findSsoIdentity, insertSsoIdentity, touchSsoIdentity } from "../repositories/sso-identities.js";
import { getUser, insertUser, toUser, updateUser } from "../repositories/users.js";
import { inTransaction, writeAudit } from "../transaction.js";

/** Never a valid scrypt hash: an account made by single sign-on has no password until one is set. */
export const SSO_PASSWORD_HASH = "sso";

export interface SsoSignIn {
  issuer: string;
  subject: string;
  /** From the provider's `email` claim; needed to create or link an account, not to find a linked one. */
  email: string | undefined;
  /** The provider's `email_verified` claim: an unverified email never links to an existing account. */
  emailVerified: boolean;
  name: string | undefined;
  /** What the role map gave for the person's claims. */
  role: Role;
  /** The claim value that decided the role (for the audit log). */
  matched: string;
  now: number;
}

export type SsoSignInResult =
  | { outcome: "signed_in"; user: User; created: boolean; previousRole: Role | undefined }
  | { outcome: "refused"; reason: "deactivated" | "no_email" | "email_taken"; userId: number | undefined };

/**
 * Signs in the person the identity provider vouched for: finds their user by (issuer, subject);
 * on a first sign-in links the active account with the same email when the provider verified
 * that email, or else creates an account (no password) with the mapped role. A known user gets
 * the mapped role, whatever it was before: the provider's groups are the source of truth for
 * staff who sign in this way. Deactivated and erased accounts are refused. Each sign-in, account
 * creation and link is in the audit log.
 */
export async function signInWithSso(database: Database, input: SsoSignIn): Promise<SsoSignInResult> {
  return inTransaction(
    database,
    async (trx) => {
      const identity = await findSsoIdentity(trx, input.issuer, input.subject);
      let user: User | undefined;
      let created = false;
      let linked = false;
      if (identity) user = await getUser(trx, identity.userId);
      else {
        if (!input.email) return { outcome: "refused", reason: "no_email", userId: undefined };
        const row = await trx
          .selectFrom("users")
          .selectAll()
          .where("email", "=", input.email.toLowerCase())
          .executeTakeFirst();
        if (row && !input.emailVerified) return { outcome: "refused", reason: "email_taken", userId: row.id };
        if (row) {
          user = toUser(row);
          linked = true;
        } else {
          user = await insertUser(
            trx,
            { email: input.email, name: input.name || input.email, passwordHash: SSO_PASSWORD_HASH, role: input.role },
            input.now,
          );
          created = true;
          await writeAudit(trx, {
            actorId: user.id,
            action: "user.create",
            details: { userId: user.id, email: user.email, role: user.role, via: "sso", issuer: input.issuer },
            now: input.now,
          });
        }
      }
      if (!user || user.status === "deactivated" || user.status === "erased")
        return { outcome: "refused", reason: "deactivated", userId: user?.id };
      if (identity) await touchSsoIdentity(trx, input.issuer, input.subject, input.now);
      else
        await insertSsoIdentity(trx, { issuer: input.issuer, subject: input.subject, userId: user.id, now: input.now });
      const previousRole = user.role !== input.role ? user.role : undefined;
      if (previousRole) user = (await updateUser(trx, user.id, { role: input.role })) ?? user;
      await writeAudit(trx, {
        actorId: user.id,
        action: "auth.sso.login",
        details: {
          userId: user.id,
          // Not the subject: the user id finds it while the account exists, and erasure removes the link.
          issuer: input.issuer,
          role: user.role,
          matched: input.matched,
          ...(previousRole ? { previousRole } : {}),
          ...(linked ? { linkedExistingAccount: true } : {}),
          ...(created ? { created: true } : {}),
        },
        now: input.now,
      });
      return { outcome: "signed_in", user, created, previousRole };
    },
    // Two first sign-ins of one person at once: the loser finds the winner's identity on retry.
    { retryOn: isUniqueViolation },
  );
}
