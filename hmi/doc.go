// Package hmi runs a project: it loads hmi.yaml and the screens, style
// sheets and fixtures beside it, shows the screens in a window, feeds them
// tag values, sends the operator's writes, and applies edited files while
// running. It joins the leaf packages (gopage, style, render, tags) and
// knows no protocol: each connection type is a [tags.Kind] from the
// [Kinds] table its caller hands to [Load].
//
// # Rooms
//
// The package has a few rooms; new code belongs in one of them.
//
//   - Project (project.go; project_decode.go and decode.go for hmi.yaml;
//     parsecache.go for screens and sheets; project_alarms.go and
//     check_alarms.go for alarm definitions; project_users.go for the
//     users file (package auth decodes it; [LoadWith] takes `--users
//     FILE`) and the roles that actions name; check.go; fixture.go;
//     schema.go for hmi.yaml's JSON Schema): [Load] reads a
//     project directory into a [Project], as complete as the files allow,
//     with every problem as file:line:col in a gopage.ErrorList. The
//     connections' and tags' protocol settings are decoded by their kind;
//     check.go checks what spans files (tag names in bindings, screens in
//     navigation, expressions). Loading starts no goroutine. A reload calls
//     load with the previous project and reuses the parse of every file
//     whose content did not change.
//
//   - Runtime (runtime.go, rungroup.go): [NewRuntime] defines the tags and
//     builds one driver per connection (conns.go); [Runtime.Run] starts
//     everything and, when its context ends, stops everything and waits for
//     it. Beside it: navigation and zoom (navigate.go), the theme
//     (theme.go), blinking (blink.go) and the write queue (writes.go).
//
//   - Binder (binder.go, binder_alarms.go, binder_hold.go): the [Binder]
//     subscribes to the tag database and feeds the screen on show. Bursts
//     of updates become one batch per frame, applied on the UI goroutine.
//     On a window whose frames can be held (render/raster's), it holds the
//     frame from taking updates until their batch is applied, and a write
//     holds it until the binder applied what the write published, so the
//     frame and the batch coalesce; [Binder.Settled] tells a test when
//     what was published is applied. It also gives each widget the alarm
//     state of the tags it reads (:alarm, :alarm-unack, :shelved).
//
//   - Alarms (alarms.go, horn.go): the runtime's alarm engine, its journal
//     in the data directory (Options.DataDir, default the project's data/;
//     Options.NoData for snapshots), restored at start and reconfigured by
//     reloads; the loop that carries the engine's changes to the screen and
//     the horn tag; GET /alarms; the worker goroutine of alarm-history.
//
//   - Users and audit (users_runtime.go, users_enforce.go, users_expr.go,
//     users_input.go, login.go): the runtime's [auth.Authority] over the
//     project's users (a missing file allows all; a file with errors does
//     not start), the panel's session ([Runtime.Login], [Runtime.Logout],
//     the login dialog), the User.Name and User.Role pseudo tags, and the
//     enforcement of writes, actions' roles, navigation and alarm actions
//     at the runtime (refused with the reason, audited), with the controls
//     the user may not use disabled (:disabled, :locked). The audit trail
//     ([audit.Trail]) in the data directory records start, stop, reloads,
//     logins and logouts, writes and refusals; [InputSource] tells writes
//     through the web view from the panel's, and which web viewer's, per
//     event (its origin carried through the raster window's queue); an
//     [ActivitySource] (users_activity.go) gives the GL backend's idle
//     logout every input the window system saw; the alarm summary's
//     buttons follow the user's alarm permissions (users_alarms.go).
//
//   - Watcher and Reload (watch.go, reload.go, reload_config.go): the
//     [Watcher] reports edited files in debounced [Batch]es; [Runtime.Reload]
//     applies one as a transaction: parse and check everything, plan the
//     tag and connection changes (a connection restarts only when its own
//     configuration changed), then patch the scenes; on any error nothing
//     changes and the banner shows why.
//
//   - Status server (status*.go): with Options.StatusAddr, /status (JSON:
//     screen, counts, the last reload), /tags (current values), /alarms
//     (active, unacknowledged and shelved alarms) and /snapshot.png of the
//     window.
//
//   - Headless snapshot (headless.go): [Snapshot] paints one screen without
//     a display, with simulated values or a fixture's; `hmi snapshot` and
//     the golden tests use it.
//
// # Goroutines
//
// Every goroutine has an owner that stops it and waits for it:
//
//   - [Runtime.Run] owns, through a run group whose first failure cancels
//     the rest: the binder, blinking, the theme expression, the writer, the
//     watcher, the status server and the users (the Authority's idle logouts
//     and the loop that carries logins to the screen). It returns after all
//     of them ended.
//   - The runtime owns one goroutine per running driver (connMu guards the
//     set); Run starts them and stops them on its way out. A reload stops
//     and starts drivers under the same lock, and never starts one after
//     Run has returned.
//   - Reload runs on the watcher's goroutine (or a test's), one at a time
//     (reloadMu). Options.Reloaded is called there.
//   - The UI goroutine is Fyne's. Everything that touches widgets goes
//     through Options.UI; no goroutine of this package blocks it.
//
// Time comes from Options.Clock everywhere (database, binder, reloads,
// watcher, blinking, drivers), so tests step a clock instead of sleeping.
package hmi
