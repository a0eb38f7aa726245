package tags_test

import (
	"context"
	"fmt"

	"github.com/gohmi/gohmi/tags"
)

// A driver publishes, a screen takes coalesced changes, an expression reads
// tags with their quality, and a write is checked before any driver sees it.
func Example() {
	db := tags.NewDB(tags.Options{Now: fixedNow})
	err := db.Define(
		tags.Def{Name: "Tank1.Level", Conn: "plc", Type: tags.Float, Unit: "%"},
		tags.Def{Name: "Tank1.Setpoint", Conn: "plc", Type: tags.Float, Writable: true, Min: ptr(0), Max: ptr(100)},
	)
	if err != nil {
		panic(err)
	}
	sub := db.Subscribe([]string{"Tank1.Level"})
	defer sub.Close()

	for _, v := range []float64{10, 20, 62.5} {
		db.Publish(tags.Update{Name: "Tank1.Level", Value: tags.Value{V: v, Time: t0}})
	}
	<-sub.C()
	for _, u := range sub.Take(nil) {
		fmt.Println(u.Name, u.Value)
	}

	x, err := tags.NewEnv(db.Defs()).Compile(`Tank1.Level > Tank1.Setpoint ? "high" : "ok"`)
	if err != nil {
		panic(err)
	}
	fmt.Println(x.Deps)
	fmt.Println(x.Eval(db.Get))

	_, err = tags.NewEnv(db.Defs()).Compile(`Tank1.Lvl > 90`)
	fmt.Println(err)
	fmt.Println(db.Write(context.Background(), "Tank1.Setpoint", 120))
	// Output:
	// Tank1.Level 62.5 (good)
	// [Tank1.Level Tank1.Setpoint]
	// high bad Tank1.Setpoint: waiting for initial data <nil>
	// offset 0: unknown tag "Tank1.Lvl", did you mean "Tank1.Level"?
	// write Tank1.Setpoint: 120 is above the maximum 100
}
