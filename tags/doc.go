// Package tags is the live process data of an HMI: named values with a
// quality and a source time, the database that holds them, the driver
// interface that fills it, subscriptions that fan changes out, operator
// writes that flow back to the device, and expressions over tags.
//
// # Values and quality
//
// Every tag holds a [Value]: the value in engineering units (bool, int64,
// float64 or string), a [Quality] (Good, Uncertain, Bad, as in OPC UA), the
// reason when it is not Good, and the source time. A failing device does not
// produce errors; its tags turn Bad with a reason, and screens show it.
//
// # Data flow
//
// Drivers ([Driver]) publish [Update]s into a [DB] through [Publisher]. The DB
// keeps the latest value of each tag and marks the tag pending in every
// [Subscription] that covers it, then signals the subscription's channel of
// capacity 1 without blocking. A subscriber wakes up, calls
// [Subscription.Take] and gets the latest value of each tag that changed:
// a burst of a thousand updates of one tag becomes one entry, and a driver is
// never slowed down by a slow screen.
//
//	db := tags.NewDB(tags.Options{})
//	db.Define(tags.Def{Name: "Tank1.Level", Conn: "sim", Type: tags.Float})
//	db.Attach("sim", driver)            // routes writes
//	go driver.Run(ctx, db)              // the Runtime owns this goroutine
//	sub := db.Subscribe(nil)            // all tags
//	defer sub.Close()
//	var buf []tags.Update
//	for range sub.C() {
//		buf = sub.Take(buf[:0])
//		// apply buf in one UI batch
//	}
//
// # Writes
//
// [DB.Write] checks an operator's value completely — the tag exists, is
// writable, the value converts to the tag's [Type] and lies within its
// Min/Max — before the owning driver sees it, so every driver gets clean
// values and every refusal reads the same way:
//
//	write Tank1.Setpoint: 120 is above the maximum 100
//
// # Expressions
//
// [Env.Compile] compiles expressions over tags such as
// `Tank1.Level > 90` or `format("%.1f m", Tank1.Level)` once, with
// github.com/expr-lang/expr; [Expr.Eval] evaluates them cheaply and reports
// the worst quality of the tags they read, so a bound class or label turns
// Bad when its inputs do. Besides expr's operators, conditionals
// (`a ? b : c`, `if a { b } else { c }`), `??` and builtins, expressions can
// call these functions, which accept numbers of any type and bools as 0/1:
//
//	format(layout, args...)              fmt.Sprintf: format("%.1f m", Tank1.Level)
//	round(v) / round(v, decimals)        half away from zero: round(2.345, 2) == 2.35
//	clamp(v, lo, hi)                     v limited to lo..hi
//	scale(v, inLo, inHi, outLo, outHi)   linear map of inLo..inHi onto outLo..outHi
package tags
