/**
 * The audit log for the campaign office (docs/security.md): a form that takes the admin token
 * and, posted, the newest 100 entries. The token travels in the form body, never in the URL, and
 * is neither stored nor put in a cookie; a wrong one counts as a failed sign-in.
 */
import type { AuditEntry } from "../db/audit.ts";
import { beijing, t } from "./i18n.ts";
import { type Chrome, Layout } from "./layout.tsx";

export function AuditPage(props: Chrome & { entries: AuditEntry[] | null; error: "wrong" | "rate" | null }) {
  const w = t(props.lang);
  const message = props.error === "wrong" ? w.wrongAdminToken : props.error === "rate" ? w.tooMany : null;
  return (
    <Layout {...props}>
      <section class="card" aria-labelledby="audit-title">
        <h1 id="audit-title">{w.auditTitle}</h1>
        <p class="lede">{w.auditIntro}</p>
        {message ? (
          <p class="alert" role="alert">
            {message}
          </p>
        ) : null}
        <form method="post" action="/audit">
          <div class="field">
            <label for="token">{w.adminTokenLabel}</label>
            <input id="token" type="password" name="token" autocomplete="off" required />
          </div>
          <button type="submit" class="primary">
            {w.auditShow}
          </button>
        </form>
        {props.entries === null ? null : props.entries.length === 0 ? (
          <p>{w.auditEmpty}</p>
        ) : (
          <table>
            <thead>
              <tr>
                {w.auditColumns.map((column) => (
                  <th scope="col">{column}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => {
                const when = beijing(e.at);
                return (
                  <tr>
                    <td>{e.seq}</td>
                    <td>{when ? `${when.date} ${when.time}` : e.at}</td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.target ?? ""}</td>
                    <td>{e.address}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
