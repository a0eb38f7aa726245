package gen_test

import (
	"math/rand/v2"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/gen"
)

// TestRandomPairParses: every generated screen is valid, and its edits
// are edits (the second version differs from the first most of the time).
func TestRandomPairParses(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	differ := 0
	const pairs = 300
	for i := range pairs {
		a, b := gen.RandomPair(r, 12, 1+i%4)
		sa, err := gopage.Parse("a.gopage", a)
		if err != nil {
			t.Fatalf("pair %d: %v\n%s", i, err, a)
		}
		sb, err := gopage.Parse("b.gopage", b)
		if err != nil {
			t.Fatalf("pair %d: %v\n%s", i, err, b)
		}
		if !gopage.Diff(sa, sb).Empty() {
			differ++
		}
	}
	if differ < pairs*3/4 {
		t.Errorf("only %d of %d pairs differ", differ, pairs)
	}
}
