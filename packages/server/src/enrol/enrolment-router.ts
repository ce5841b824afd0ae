import { randomBytes } from "node:crypto";
import { isWithingsError, type WithingsClient } from "@withings-kit/client";
import { Hono } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ServiceUsers } from "../users/service-users.js";
import type { EnrolmentStates } from "./enrolment-states.js";

/**
 * Options of {@link enrolmentRouter}.
 *
 * @example
 * ```ts
 * const options: EnrolmentOptions = { enrolments: database.enrolments, users: database.users, client, publicUrl: "https://kit.example.org", now: () => Date.now() / 1000, enrolled: async () => undefined };
 * ```
 */
export interface EnrolmentOptions {
  /** Where the OAuth states wait for the callback. */
  readonly enrolments: EnrolmentStates;
  /** Where the study and participant code of an enrolled user are kept. */
  readonly users: Pick<ServiceUsers, "enrol">;
  readonly client: WithingsClient;
  /** The public origin: Withings redirects to `<publicUrl>/enrol/callback`. */
  readonly publicUrl: string;
  /** Epoch seconds. */
  readonly now: () => number;
  /** Called once a participant's tokens are stored: subscribe them, queue their backfill. */
  readonly enrolled: (userId: string) => Promise<void>;
  /** Seconds an enrolment may take between the page and the callback. @default 900 */
  readonly stateSeconds?: number;
}

// A study label and a participant code: short, plain, safe in a URL and a page.
const LABEL = /^[\p{L}\p{N} _.-]{1,80}$/u;
const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The enrolment flow a coordinator sends participants through: `GET /enrol?study=…&code=…`
 * explains what is shared and links to `/enrol/start`, which binds a fresh OAuth `state` to
 * the study and the code and sends the participant to Withings' consent; Withings sends
 * them back to `/enrol/callback`, where the state is checked (single use, 15 minutes), the
 * code exchanged at once (it lives 30 s), the tokens stored with the study and code, and
 * `enrolled` called (subscriptions, backfill). Each step ends on a page that says plainly
 * what happened; no page ever shows a token.
 *
 * @example
 * ```ts
 * app.route("/", enrolmentRouter({ enrolments: database.enrolments, users: database.users, client, publicUrl, now: () => Date.now() / 1000, enrolled }));
 * // Send participants to https://kit.example.org/enrol?study=BP-2027&code=P-0042
 * ```
 */
export function enrolmentRouter(options: EnrolmentOptions): Hono {
  const app = new Hono();
  const origin = options.publicUrl.replace(/\/+$/, "");
  const redirectUri = `${origin}/enrol/callback`;
  const lifetime = options.stateSeconds ?? 900;
  const { enrolments } = options;

  app.get("/enrol", (c) => {
    const study = c.req.query("study") ?? "";
    const code = c.req.query("code") ?? "";
    if (!LABEL.test(study) || !CODE.test(code)) {
      return c.html(
        page(
          "This link is not complete",
          html`<p>The enrolment link lacks a valid study or participant code. Ask your study coordinator for a new link.</p>`,
        ),
        400,
      );
    }
    const start = `/enrol/start?${new URLSearchParams({ study, code })}`;
    return c.html(
      page(
        `Join ${study}`,
        html`<p>You are joining <strong>${study}</strong> as participant <strong>${code}</strong>.</p>
<p>Withings will ask you to let this study read your measurements (weight, blood pressure, heart rate, SpO2, temperature), your activity and sleep, and your ECG recordings. The study stores a copy of them and keeps it current as your devices upload. You can withdraw at any time from your Withings account (Health Mate, Partners &amp; apps).</p>
<p><a href="${start}">Continue to Withings</a></p>`,
      ),
    );
  });

  app.get("/enrol/start", async (c) => {
    const study = c.req.query("study") ?? "";
    const code = c.req.query("code") ?? "";
    if (!LABEL.test(study) || !CODE.test(code)) {
      return c.html(
        page("This link is not complete", html`<p>Ask your study coordinator for a new link.</p>`),
        400,
      );
    }
    const state = randomBytes(24).toString("base64url");
    const now = options.now();
    await enrolments.begin(state, { study, participantCode: code, createdAt: now }, now - lifetime);
    const { url } = options.client.authorizeUrl({ state, redirectUri });
    return c.redirect(url, 302);
  });

  app.get("/enrol/callback", async (c) => {
    const state = c.req.query("state") ?? "";
    const code = c.req.query("code") ?? "";
    const now = options.now();
    // Single use: the state is taken whatever happens next.
    const pending = await enrolments.take(state);
    if (pending === undefined || pending.createdAt < now - lifetime) {
      return c.html(
        failed(
          "This enrolment link has expired or was already used. Open the link from your coordinator again.",
        ),
        400,
      );
    }
    if (c.req.query("error") !== undefined || code === "") {
      return c.html(
        failed(
          "Withings did not give access. If you changed your mind, there is nothing more to do; otherwise open the link from your coordinator again.",
        ),
        400,
      );
    }
    let userId: string;
    try {
      userId = (await options.client.exchangeCode(code, { redirectUri })).userId;
    } catch (error) {
      const why = isWithingsError(error) ? error.code : "an unexpected error";
      return c.html(
        failed(`Withings refused the sign-in (${why}). Open the link from your coordinator again.`),
        502,
      );
    }
    await options.users.enrol(userId, pending.study, pending.participantCode, now);
    try {
      await options.enrolled(userId);
    } catch {
      // The tokens are stored: the catch-up and the daily upkeep finish what failed here.
    }
    return c.html(
      page(
        "You are enrolled",
        html`<p>Thank you. You are enrolled in <strong>${pending.study}</strong> as participant <strong>${pending.participantCode}</strong>. Your data will reach the study as your devices upload it. You can close this page.</p>`,
      ),
    );
  });
  return app;
}

function failed(message: string): HtmlEscapedString | Promise<HtmlEscapedString> {
  return page("Enrolment did not complete", html`<p>${message}</p>`);
}

function page(
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}a{display:inline-block;padding:.6rem 1rem;background:#0a5;color:#fff;border-radius:.4rem;text-decoration:none}</style>
</head><body><h1>${title}</h1>${body}</body></html>`;
}
