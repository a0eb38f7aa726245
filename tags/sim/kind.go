package sim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gohmi/gohmi/internal/suggest"
)

// Kind is the shape of a simulated signal.
type Kind uint8

const (
	// Memory holds the last value written, starting from Signal.Initial.
	Memory Kind = iota
	// Sine oscillates between Min and Max, starting at the middle, rising.
	Sine
	// Ramp rises linearly from Min to Max over each period, then restarts.
	Ramp
	// Square is Max for the first half of each period and Min for the second.
	Square
	// Random is a random walk within Min..Max that moves by at most Step
	// every Period, reflecting at the limits.
	Random
	// Counter starts at Min and adds Step every Period, wrapping to Min
	// after Max.
	Counter
)

var kindNames = [...]string{Memory: "memory", Sine: "sine", Ramp: "ramp", Square: "square", Random: "random", Counter: "counter"}

// String returns the kind's name as ParseKind accepts it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind parses a kind name (memory, sine, ramp, square, random,
// counter), ignoring case. An unknown name's error suggests a close one.
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if strings.EqualFold(s, name) {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown signal kind %q%s", s, suggest.DidYouMean(s, kindNames[:]))
}
