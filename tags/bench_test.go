package tags_test

import (
	"fmt"
	"testing"

	"github.com/gohmi/gohmi/tags"
)

// Benchmarks of the hot paths: a driver publishing, a screen taking
// coalesced changes, and expressions evaluated per change.
//
//	go test ./tags -run '^$' -bench . -benchmem

// benchDB defines n float tags named Area.Tag<i>.
func benchDB(b *testing.B, n int) (*tags.DB, []tags.Update) {
	db := tags.NewDB(tags.Options{})
	defs := make([]tags.Def, n)
	ups := make([]tags.Update, n)
	for i := range defs {
		defs[i] = tags.Def{Name: fmt.Sprintf("Area.Tag%d", i), Type: tags.Float}
		ups[i] = tags.Update{Name: defs[i].Name, Value: tags.Value{Time: t0}}
	}
	if err := db.Define(defs...); err != nil {
		b.Fatal(err)
	}
	return db, ups
}

// BenchmarkPublish publishes batches of changed values of 1,000 tags into a
// DB with one all-tag subscriber, which takes them every batch.
func BenchmarkPublish(b *testing.B) {
	db, ups := benchDB(b, 1000)
	sub := db.Subscribe(nil)
	defer sub.Close()
	buf := sub.Take(nil)
	// Two batches of boxed values, alternated, so every update is a change
	// and the benchmark measures the DB, not boxing floats.
	batches := [2][]tags.Update{ups, make([]tags.Update, len(ups))}
	for i, u := range ups {
		batches[0][i].Value.V = float64(i)
		batches[1][i] = tags.Update{Name: u.Name, Value: tags.Value{V: float64(-i - 1), Time: t0}}
	}
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		db.Publish(batches[n/len(ups)%2]...)
		n += len(ups)
		buf = sub.Take(buf[:0])
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "updates/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/update")
}

// BenchmarkPublishOne publishes one update per call, as a simple driver
// does, with one subscriber.
func BenchmarkPublishOne(b *testing.B) {
	db, ups := benchDB(b, 1000)
	sub := db.Subscribe(nil)
	defer sub.Close()
	buf := sub.Take(nil)
	boxed := [2]any{1.0, 2.0}
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		i := n % len(ups)
		ups[i].Value.V = boxed[n/len(ups)%2]
		db.Publish(ups[i])
		n++
		if i == len(ups)-1 {
			buf = sub.Take(buf[:0])
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkSubscriptionTake publishes 100 updates of each of 100 tags
// (10,000 updates) and takes the 100 coalesced values.
func BenchmarkSubscriptionTake(b *testing.B) {
	db, ups := benchDB(b, 100)
	sub := db.Subscribe(nil)
	defer sub.Close()
	buf := sub.Take(nil)
	boxed := make([]any, 100)
	for i := range boxed {
		boxed[i] = float64(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		for k := range 100 {
			for i := range ups {
				ups[i].Value.V = boxed[(k+i)%100]
			}
			db.Publish(ups...)
		}
		<-sub.C()
		if buf = sub.Take(buf[:0]); len(buf) != 100 {
			b.Fatalf("took %d", len(buf))
		}
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkEval evaluates expressions against a DB.
func BenchmarkEval(b *testing.B) {
	db := newDB(b)
	db.Publish(
		tags.Update{Name: "Tank1.Level", Value: good(62.5)},
		tags.Update{Name: "Pump1.Run", Value: good(true)},
		tags.Update{Name: "Pump1.Fault", Value: good(false)},
		tags.Update{Name: "Station.Name", Value: good("North")},
	)
	env := tags.NewEnv(db.Defs())
	for _, src := range []string{
		`Tank1.Level * 2 + 1`,
		`Pump1.Run && !Pump1.Fault`,
		`Tank1.Level > 90 ? "high" : "ok"`,
		`format("%.1f %%", Tank1.Level)`,
		`round(scale(Tank1.Level, 0, 100, 4, 20), 2)`,
	} {
		x, err := env.Compile(src)
		if err != nil {
			b.Fatal(err)
		}
		get := db.Get
		b.Run(src, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x.Eval(get)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
		})
	}
}
