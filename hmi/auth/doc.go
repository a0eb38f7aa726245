// Package auth is who may do what on a gohmi panel: the users file
// (users.yaml), Argon2id hashes of passwords and PINs, and the [Authority]
// that logs people in and out and answers "may this session do that?". It
// is plain Go (no Fyne), stepped by an injected clock in its tests.
//
// # The users file
//
// users.yaml sits in the project directory, or wherever `--users FILE`
// says (a site keeps its hashes out of the screens' repository). [Decode]
// reads it with every problem at file:line:col and a suggestion for a
// misspelt key, permission or role; see Decode for the format. Roles carry
// permissions ([Perm]): write (tag patterns, or all), navigate (screen
// patterns), alarms (ack, shelve, out-of-service), web-control,
// leave-kiosk, and reauth (tag patterns whose writes ask for the secret
// again and a reason); a role may include others. There is no default
// user and no default password: a project without a users file runs as it
// always did, everyone allowed everything ([Authority.AllowsAll]).
//
// # Hashes
//
// [NewHash] hashes with OWASP's Argon2id parameters (m=19 MiB, t=2, p=1);
// `hmi passwd` prints the line to paste. [ParseHash] refuses, at load,
// hashes weaker than OWASP's minimum and parameters that would exhaust a
// panel. Verification compares in constant time; a name that is no user's
// is verified against a dummy hash, so a wrong name and a wrong password
// take as long and read the same ([ErrLogin]).
//
// # How the runtime calls it
//
// The runtime (package hmi) owns one Authority and is its only caller;
// render only greys out what the runtime tells it to.
//
//  1. Start: `a, err := auth.Open(usersFile, auth.Options{Clock: clk,
//     Ended: fn})`, usersFile being `--users FILE` or
//     <project>/users.yaml (a missing file: AllowsAll, no error; a bad
//     file: the pos.ErrorList goes to the banner like any project error).
//     Run `a.Run(ctx)` in the runtime's run group: it ends idle sessions.
//     Ended is called for every end (logout, idle, user removed or
//     disabled) on the caller's goroutine: it must post to the UI with
//     fyne.Do (show the login screen, drop `User.Name`) and append to the
//     audit trail; it must not block.
//  2. Reload: when the watcher reports the users file, Decode it (or
//     [Load]); with errors keep the last good Config and show them; else
//     `a.Update(cfg)`. A users file that disappears while users are in
//     force is not "allow all": Update(nil) returns [ErrUsersRemoved],
//     which the runtime shows in the banner.
//  3. Login and reauthentication verify an Argon2id hash (tens of ms,
//     BenchmarkVerify): call [Authority.Login] and
//     [Authority.Reauthenticate] from a worker goroutine, never the UI
//     goroutine, and apply the result with fyne.Do. where is "panel" for
//     the panel and "web <remote IP>" for the web view: the address
//     without its port, since failures with names that are nobody's are
//     counted per where. Show the
//     error text as is: it never says whether a name exists; a
//     [*LockedError] says how long to wait.
//  4. Activity: call [Authority.Touch] on every press, key and scroll of
//     the panel (and every request of a web session): it is a map lookup
//     under a mutex.
//  5. Enforcement, at the runtime (not only by greying out), for the
//     session of the place the action comes from (the panel's, or the web
//     request's looked up with [Authority.Session]):
//     - a write (button action, toggle, entry, web view): `d :=
//     a.Check(s, auth.Write, tag)`; !d.Allowed → refuse with d.Reason
//     (banner/dialog, audit); d.Reauth → ask for the secret and a reason,
//     `a.Reauthenticate(s, secret, reason)`, then write and audit the
//     [Confirmation]; writes from the web view need
//     `a.Can(s, auth.WebControl, "")` as well;
//     - an action's `role:` (gopage.Action.Role, a minimum role):
//     `a.Check(s, auth.HasRole, a.Role)` before the write or navigation;
//     - navigation (actions, nav bars, Runtime.Navigate):
//     `a.Check(s, auth.Navigate, screen)`; the start screen is shown
//     regardless (it is where one logs in);
//     - alarms: auth.Ack, auth.Shelve, auth.OutOfService with the alarm's
//     name, before calling the alarms.Engine;
//     - kiosk: auth.LeaveKiosk before honouring a close request.
//     With no users file every Check is Allowed (its Reason says why), so
//     these calls can be unconditional.
//  6. Greying out: re-evaluate [Authority.Can] for the scene's controls
//     after each login, logout and reload, and set `:locked` on those
//     refused. `User.Name` and `User.Role` in expressions come from the
//     panel's [Session] (FullName, else User; Roles[0]).
package auth
