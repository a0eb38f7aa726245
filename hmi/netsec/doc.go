// Package netsec puts gohmi's network views (the status server and the
// raster backend's web view) behind TLS and a login when they are bound
// anywhere but loopback.
//
// [Listen] binds an address and returns an [Endpoint]:
//
//   - a loopback address (127.0.0.0/8, ::1, "localhost") is served as
//     before: plain HTTP, the handler unchanged, no login. Only processes
//     of the machine reach it (and SSH tunnels).
//   - any other address (a LAN address, 0.0.0.0, ::) is served over TLS
//     1.2 or later only, and every request needs a session: a login page
//     (a form, /login) checks the user's name and password with
//     [auth.Authority.Login] (its lockout applies; failures go to the
//     audit trail) and sets a session cookie (HttpOnly, Secure,
//     SameSite=Strict, a random 256-bit value, expiring after the users
//     file's idle-logout). An anonymous request gets 401 (a page: a
//     redirect to /login) whose body names nothing: no project, no path,
//     no tag, no version. A POST and a WebSocket upgrade must also come
//     from the page's own origin (the Origin header), on top of
//     SameSite. Without a users file a non-loopback bind is refused at
//     start: there is no anonymous remote access.
//
// # The certificate
//
// Unless the site gives its own (Options.CertFile and Options.KeyFile:
// `hmi run --tls-cert/--tls-key`), Listen uses the self-signed
// certificate in the project's pki/own/https.crt and https.key, and
// generates it on first use: ECDSA P-256, valid for two years, with the
// machine's host name, "localhost" and every address of its interfaces
// as subject alternative names. The key file is written with mode 0600.
// An existing pair is never overwritten (delete both to get a new one);
// an expired one, or one that does not name the bound host, is used with
// a warning. The OPC UA client certificate lives in the same pki/own
// under other names. The certificate's SHA-256 fingerprint is logged at
// start ([Endpoint.Fingerprint]) so that a browser user can compare it
// with what the browser shows before accepting it.
//
// # Who may operate the web view
//
// [Allow] is the web view's per-viewer hook (web.Options.Allow): on
// loopback every viewer gets what `--web-control` gives; off loopback a
// viewer needs a session, and control needs the session user's
// web-control permission ([auth.WebControl]).
package netsec
