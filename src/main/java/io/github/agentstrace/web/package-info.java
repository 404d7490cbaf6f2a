/**
 * Sessions in a browser: {@code share} writes one session as a self-contained HTML page that loads nothing, and
 * {@code serve} is a local, read-only dashboard (session list, session pages that update live over Server-Sent
 * Events, a JSON API). Both read through the session model, so a page shows the numbers of {@code stats},
 * {@code cost} and {@code explain}; the page's HTML, CSS and JavaScript are our own resources beside this
 * package, inline. The server listens on loopback unless told otherwise, checks {@code Host}, needs a token
 * beyond loopback, and writes nothing. See docs/web.md.
 */
package io.github.agentstrace.web;
