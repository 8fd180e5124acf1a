/**
 * The frame of every page: a document with the versioned stylesheet, the header (brand, language
 * switch, sign-out button as a POST form) and the footer. No script anywhere: everything is a link
 * or a form, so the pages work with JavaScript off and under a CSP without inline script.
 */

import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { HtmlEscapedString } from "hono/utils/html";
import { ew } from "./events-i18n.ts";
import { type Lang, t } from "./i18n.ts";
import { cssHref } from "./site.css.ts";

const icon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Crect width='24' height='24' rx='5' fill='%23a4262c'/%3E%3Cpath fill='%23ffd66b' d='M12 4l2.3 5 5.4.5-4.1 3.6 1.2 5.3L12 15.7l-4.8 2.7 1.2-5.3-4.1-3.6 5.4-.5z'/%3E%3C/svg%3E";

export interface Chrome {
  lang: Lang;
  title: string;
  /** The same page in the other language. */
  langHref: string;
  /** Show the sign-out button (a viewer session). */
  signedIn: boolean;
  /** Reload the page every so many seconds, without script (a projector view). */
  refresh?: number;
}

export function StarMark() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="5" fill="#fff" fill-opacity=".16" />
      <path fill="#ffd66b" d="M12 4l2.3 5 5.4.5-4.1 3.6 1.2 5.3L12 15.7l-4.8 2.7 1.2-5.3-4.1-3.6 5.4-.5z" />
    </svg>
  );
}

export function Layout(props: Chrome & { children?: Child }) {
  const w = t(props.lang);
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="referrer" content="strict-origin-when-cross-origin" />
        {props.refresh ? <meta http-equiv="refresh" content={String(props.refresh)} /> : null}
        <title>{`${props.title} · ${w.site}`}</title>
        <link rel="icon" href={icon} />
        <link rel="stylesheet" href={cssHref} />
      </head>
      <body>
        <a class="skip" href="#main">
          {w.skip}
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/rankings">
              <StarMark />
              <span>{w.site}</span>
              <span class="sub">{w.siteSub}</span>
            </a>
            <nav class="tools" aria-label={w.nav}>
              <a href="/rankings">{w.rankings}</a>
              <a href="/events">{ew(props.lang).events}</a>
              <a href="/supervision">{props.lang === "en" ? "Supervision" : "督办"}</a>
              <a href={props.langHref} lang={w.switchLang} hreflang={w.switchLang} aria-label={w.switchLabel}>
                {w.switchTo}
              </a>
              {props.signedIn ? (
                <form method="post" action="/logout">
                  <button type="submit">{w.signOut}</button>
                </form>
              ) : null}
            </nav>
          </div>
        </header>
        <main id="main">{props.children}</main>
        <footer>{w.footer}</footer>
      </body>
    </html>
  );
}

/** The page as a string with its doctype. */
export function documentOf(page: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>${page}`;
}

export function LoginPage(props: Chrome & { next: string; error: "wrong" | "rate" | "cross" | null }) {
  const w = t(props.lang);
  const message =
    props.error === "wrong"
      ? w.wrongKey
      : props.error === "rate"
        ? w.tooMany
        : props.error === "cross"
          ? w.crossSite
          : null;
  return (
    <Layout {...props}>
      <section class="card login" aria-labelledby="login-title">
        <h1 id="login-title">{w.loginTitle}</h1>
        <p class="lede">{w.loginIntro}</p>
        {message ? (
          <p class="alert" role="alert" id="login-error">
            {message}
          </p>
        ) : null}
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next} />
          <div class="field">
            <label for="key">{w.keyLabel}</label>
            <input
              id="key"
              type="password"
              name="key"
              autocomplete="current-password"
              required
              autofocus
              aria-invalid={message ? "true" : undefined}
              aria-describedby={message ? "login-error" : undefined}
            />
          </div>
          <button type="submit" class="primary">
            {w.signIn}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function ErrorPage(props: Chrome & { message: string }) {
  const w = t(props.lang);
  return (
    <Layout {...props}>
      <section class="card">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/rankings">{w.back}</a>
        </p>
      </section>
    </Layout>
  );
}
