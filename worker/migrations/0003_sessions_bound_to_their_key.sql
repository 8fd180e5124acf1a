-- Sessions are now stored under HMAC(VIEWER_KEY, cookie id) instead of SHA-256(cookie id), so that
-- rotating VIEWER_KEY ends them (docs/security.md). Rows of the old form can never match again:
-- end them now rather than leave them to expire (their viewers sign in once more).
DELETE FROM sessions;
